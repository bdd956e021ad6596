"""The leak check every end-to-end test ends with (tests/support/leakcheck.py) sees leaks.

A real bot run leaves nothing for it to find; the same run with secrets then written in clear
into the database and into the bot's log is flagged, each finding naming its place. Without this
the check could pass because it searched nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

import pytest
from sqlalchemy import text

from bot.sandbox import Sandbox
from bot.storage.crypto import KeyRing
from bot.storage.engine import create_engine
from bot.storage.uow import Storage
from tests.support import leakcheck
from tests.support.e2e_harness import BotProcess
from tests.support.factories import add_person

pytestmark = pytest.mark.e2e

USER_ID = 880_500_000_001
CONFIDENCE = "Je n'ai parlé à personne de la tempête de Plouguerneau"
SEEDED_ID = 880_500_000_002
SEEDED_PSEUDONYM = "Goélette-Azurée"


async def test_secrets_planted_in_the_database_and_the_log_are_found(
    sandbox: Sandbox,
    make_bot: Callable[..., BotProcess],
    db_url: str,
    key_ring: KeyRing,
    storage: Storage,
    leaks_planted: None,
) -> None:
    # Seeded straight into storage, under a data key of their own: only the database knows them.
    async with storage.uow() as uow:
        await add_person(uow, SEEDED_ID, SEEDED_PSEUDONYM)
        await uow.commit()
    user = sandbox.user(
        USER_ID,
        first_name="Maëlys",
        last_name="Quéméneur",
        username="maelys_q",
        language_code="fr",
    )
    bot = make_bot()
    await bot.start()
    user.send_command("/start")
    await user.next_message()
    user.send_text(CONFIDENCE)
    await user.next_message()
    assert await bot.stop() == 0

    async def check() -> list[str]:
        return await leakcheck.after_test(sandbox, db_url, key_ring, [bot])

    assert await check() == []

    engine = create_engine(db_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE leak_probe (body TEXT, number BIGINT)"))
            await conn.execute(
                text("INSERT INTO leak_probe (body, number) VALUES (:b, :n)"),
                {"b": f"note: {CONFIDENCE}", "n": USER_ID},
            )
    finally:
        await engine.dispose()
    log = bot.log_files[-1]
    with log.open("a", encoding="utf-8") as fh:
        # json.dumps escapes "ë": the check must find the name in that form too.
        fh.write(json.dumps({"event": "oops", "who": "Maëlys", "chat": USER_ID}) + "\n")
        fh.write(f"seen {SEEDED_PSEUDONYM} ({SEEDED_ID})\n")
    line = log.read_text(encoding="utf-8").count("\n") - 1

    found = await check()

    async with storage.uow() as uow:
        seeded = await uow.people.by_telegram_id(SEEDED_ID)
    assert seeded is not None
    where = f"{log.parent.name}/{log.name} line {line}"
    expected = [
        f"text sent by user {USER_ID} in table leak_probe, column body",
        f"Telegram id of user {USER_ID} as an integer in table leak_probe, column number",
        f"first name of user {USER_ID} in {where}",
        f"Telegram id of user {USER_ID} (decimal) in {where}",
        f"pseudonym of person {seeded.code} in {log.parent.name}/{log.name} line {line + 1}",
        f"Telegram id of person {seeded.code} (decimal) in {log.parent.name}/{log.name}",
    ]
    for finding in expected:
        assert any(f.startswith(finding) for f in found), (finding, found)
    if db_url.startswith("sqlite"):
        assert any(f"text sent by user {USER_ID} in entraide.db" in f for f in found), found


async def test_a_deleted_row_left_on_a_sqlite_page_is_found_in_the_raw_file(
    sandbox: Sandbox, db_url: str, key_ring: KeyRing, leaks_planted: None
) -> None:
    # No table holds it any more, so only the byte search of the file and WAL can see it; as
    # an integer it is stored in SQLite's 6-byte record form.
    if not db_url.startswith("sqlite"):
        pytest.skip("the raw byte search concerns the SQLite file and its WAL")
    sandbox.user(USER_ID, first_name="Maëlys")
    path = leakcheck.sqlite_path(db_url)
    assert path is not None
    assert await leakcheck.after_test(sandbox, db_url, key_ring, []) == []
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA secure_delete = OFF")
        conn.execute("CREATE TABLE leak_probe (number INTEGER)")
        conn.execute("INSERT INTO leak_probe VALUES (?)", (USER_ID,))
        conn.commit()
        conn.execute("DELETE FROM leak_probe")
        conn.commit()
    finally:
        conn.close()

    found = await leakcheck.after_test(sandbox, db_url, key_ring, [])

    assert not any("table leak_probe" in f for f in found), found
    assert any(f"user {USER_ID} (SQLite 6-byte record) in entraide.db" in f for f in found), found


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("/start", False),  # a command
        ("Oui", False),  # too short to tell from chance
        ("12345", True),
        ("Merci", False),  # a word of the bot's own texts, in some catalogue
        ("Depuis la fermeture du chantier je ne dors plus", True),
    ],
)
def test_which_typed_texts_are_searched(typed: str, searched: bool) -> None:
    assert leakcheck.worth_searching(typed, leakcheck.MIN_TEXT) is searched
