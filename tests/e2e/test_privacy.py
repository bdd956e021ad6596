"""Your data, in the real bot process over the sandbox: /mydata sends a JSON file of exactly
the person's data; /forgetme (confirmed) tells the partner, erases the person, and a copy of
the database taken before the erasure cannot be read for them any more."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bot.storage.crypto import Cipher
from bot.storage.engine import create_engine
from bot.storage.uow import Storage
from tests.support.db import SQLITE_PREFIX, attach_person_keys
from tests.support.e2e_relay import pair_up, seat
from tests.support.identity import leaks

pytestmark = pytest.mark.e2e

ONDINE, BASILE, QUENTIN = 730000000201, 730000000202, 730000000203


async def world(storage, sandbox):
    ondine_u, ondine = await seat(storage, sandbox, ONDINE, "Aline", "Ondine", role="seeker")
    basile_u, basile = await seat(storage, sandbox, BASILE, "Bruno", "Basile", role="peer")
    quentin_u, quentin = await seat(storage, sandbox, QUENTIN, "Chloe", "Quentin", role="seeker")
    await pair_up(storage, (ondine, basile), (quentin, basile))
    return (ondine_u, ondine), (basile_u, basile), (quentin_u, quentin)


async def test_mydata_sends_a_json_file_of_exactly_the_persons_data(make_bot, storage, sandbox):
    (ondine_u, ondine), (basile_u, _), (quentin_u, quentin) = await world(storage, sandbox)
    bot = make_bot()
    await bot.start()
    # Something of her own to find in the export, and something of someone else's not to.
    ondine_u.send_text("Hello Basile, thanks for being there")
    await basile_u.wait_for(lambda m: "thanks for being there" in m.content)
    quentin_u.send_text("Quentin's private words")
    await basile_u.wait_for(lambda m: "Quentin's private words" in m.content)

    ondine_u.send_command("mydata")
    sent = await ondine_u.wait_for(lambda m: m.kind == "document", timeout=15)
    await bot.stop()

    record = sandbox.world.files[sent.file_id or ""]
    assert record.attrs.get("file_name", "").endswith(".json")
    data = json.loads(record.content.decode("utf-8"))
    assert data["profile"]["pseudonym"] == "Ondine"
    assert data["profile"]["telegram_id"] == ONDINE
    assert data["profile"]["code"] == ondine.code
    assert [c["other"] for c in data["conversations"]] == ["Basile"]
    blob = record.content.decode("utf-8")
    for foreign in ("Quentin", str(QUENTIN), str(BASILE), quentin.code):
        assert foreign not in blob, foreign
    assert "everything" in (sent.caption or "").lower()
    assert leaks(sandbox) == []


async def test_forgetme_tells_the_partner_and_a_prior_backup_cannot_be_read(
    make_bot, storage, sandbox, db_url, key_ring, person_keys_url, tmp_path
):
    if not db_url.startswith(SQLITE_PREFIX):
        pytest.skip(
            "the file-copy backup is the SQLite case; Postgres copies are covered in "
            "tests/integration/test_privacy.py"
        )
    (ondine_u, ondine), (basile_u, basile), (quentin_u, quentin) = await world(storage, sandbox)
    bot = make_bot()
    await bot.start()

    ondine_u.send_command("forgetme")
    ask = await ondine_u.wait_for(lambda m: len(m.buttons()) == 2)
    # Changing one's mind erases nothing.
    ondine_u.press(ask, ask.buttons()[1][0])
    await ondine_u.wait_for(lambda m: "Nothing was erased" in m.content)

    # The backup an operator took last night, while she was still a member.
    backup = tmp_path / "nightly-backup.db"
    with sqlite3.connect(db_url.removeprefix(SQLITE_PREFIX)) as src, sqlite3.connect(backup) as dst:
        src.backup(dst)

    ondine_u.send_command("forgetme")
    ask = await ondine_u.wait_for(
        lambda m: len(m.buttons()) == 2 and m.message_id != ask.message_id
    )
    ondine_u.press(ask, ask.buttons()[0][0])
    await ondine_u.wait_for(lambda m: "has been erased" in m.content, timeout=15)
    told = await basile_u.wait_for(lambda m: "Ondine" in m.content, timeout=15)
    assert "Quentin" not in told.content
    # The peer still talks with the other seeker.
    quentin_u.send_text("Still here?")
    await basile_u.wait_for(lambda m: "Still here?" in m.content)
    # Writing again, she is a stranger: nothing of her old self is found.
    ondine_u.send_command("mydata")
    again = await ondine_u.wait_for(
        lambda m: m.kind == "document" or "welcome" in m.content.lower(), timeout=15
    )
    if again.kind == "document":
        fresh = json.loads(sandbox.world.files[again.file_id or ""].content)
        assert fresh["profile"]["pseudonym"] is None and fresh["conversations"] == []
    await bot.stop()

    keys_path = Path(person_keys_url.removeprefix(SQLITE_PREFIX))
    restored = Storage(create_engine(f"{SQLITE_PREFIX}{backup}"), Cipher(key_ring))
    try:
        await attach_person_keys(restored, keys_path)
        async with restored.uow() as uow:
            # Her row in the copy opens to nothing: every sealed field of hers reads as erased.
            gone = await uow.people.get(ondine.id)
            assert gone is not None and (gone.pseudonym, gone.telegram_id) == (None, 0)
        async with restored.uow() as uow:
            other = await uow.people.get(quentin.id)
            peer = await uow.people.get(basile.id)
        assert other is not None and other.pseudonym == "Quentin"
        assert peer is not None and peer.telegram_id == BASILE
    finally:
        await restored.dispose()
    assert leaks(sandbox) == []


async def test_a_backup_from_before_an_erasure_restored_keeps_the_bot_serving(
    make_bot, storage, sandbox, db_url, tmp_path
):
    """The operator restores last night's copy after Ondine's /forgetme: the bot starts, erases
    her again, and her former peer is served (relay, /mydata) instead of the bot stopping."""
    if not db_url.startswith(SQLITE_PREFIX):
        pytest.skip(
            "a file restore is the SQLite case; Postgres: tests/integration/test_restore.py"
        )
    (ondine_u, ondine), (basile_u, _basile), (quentin_u, _quentin) = await world(storage, sandbox)
    db_path = Path(db_url.removeprefix(SQLITE_PREFIX))
    bot = make_bot()
    await bot.start()
    ondine_u.send_text("Thank you for yesterday")
    await basile_u.wait_for(lambda m: "Thank you for yesterday" in m.content)
    # Last night's backup, taken while the bot runs.
    backup = tmp_path / "nightly-backup.db"
    with sqlite3.connect(db_path) as src, sqlite3.connect(backup) as dst:
        src.backup(dst)
    ondine_u.send_command("forgetme")
    ask = await ondine_u.wait_for(lambda m: len(m.buttons()) == 2)
    ondine_u.press(ask, ask.buttons()[0][0])
    await ondine_u.wait_for(lambda m: "has been erased" in m.content, timeout=15)
    await bot.stop()

    # The restore (the backup API, which writes through the WAL): last night's copy replaces
    # the database; the key store stays as it is.
    await storage.engine.dispose()
    with sqlite3.connect(backup) as src, sqlite3.connect(db_path) as dst:
        src.backup(dst)

    bot = make_bot()
    await bot.start()
    basile_u.send_text("Are you still there, Quentin?")
    await quentin_u.wait_for(lambda m: "Are you still there, Quentin?" in m.content, timeout=15)
    basile_u.send_command("mydata")
    sent = await basile_u.wait_for(lambda m: m.kind == "document", timeout=15)
    data = json.loads(sandbox.world.files[sent.file_id or ""].content.decode("utf-8"))
    with_her = [c for c in data["conversations"] if c["other"] is None]
    assert with_her and all(c["status"] == "ended" for c in with_her)
    assert bot.running
    await bot.stop()
    assert "PersonKeyUnavailable" not in bot.all_logs()
    async with storage.uow() as uow:
        again = await uow.people.get(ondine.id)
    assert again is not None and again.status == "erased"
    assert leaks(sandbox) == []
