"""A copy of the SQLite database (file and WAL) reveals no Telegram id, name or message text.

SQLite only: the check is a byte search of the files. Two controls prove the search would see a
leak: the same strings written in clear into the same file are found, and the same seeding with
encryption switched off is caught.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from bot.clock import FakeClock
from bot.services.onboarding import greeting
from bot.services.shared import people, replies
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage import migrate
from bot.storage.crypto import Cipher, KeyRing, generate_key
from bot.storage.engine import create_engine
from bot.storage.uow import Storage
from tests.support.context import make_ctx
from tests.support.db import attach_person_keys
from tests.support.leakcheck import variants

TELEGRAM_ID = 987654321123
PSEUDONYM = "Mésange-Turquoise-Kervénou"
FIRST_NAME = "Gwendoline"
LAST_NAME = "Kerbrat-Lozachmeur"
USERNAME = "gwen_kerbrat_77"
CONFIDENCE = "Depuis la fermeture du chantier naval de Kerhervy je ne dors plus"
RELAYED = "Le phare de Pen-Men reste allumé toute la nuit pour toi"


def needles(welcome: str) -> dict[str, list[bytes]]:
    first_line = max(welcome.splitlines(), key=len)
    assert len(first_line) >= 20
    return {
        "telegram id (digits)": [str(TELEGRAM_ID).encode()],
        # How SQLite stores this integer in a record if it were kept in clear.
        "telegram id (integer)": [TELEGRAM_ID.to_bytes(6, "big")],
        "pseudonym": variants(PSEUDONYM),
        "first name": variants(FIRST_NAME),
        "last name": variants(LAST_NAME),
        "username": variants(USERNAME),
        "message text": variants(CONFIDENCE),
        "relayed text": variants(RELAYED),
        "welcome text": variants(first_line),
    }


def incoming_update() -> dict[str, object]:
    sender = {
        "id": TELEGRAM_ID,
        "is_bot": False,
        "first_name": FIRST_NAME,
        "last_name": LAST_NAME,
        "username": USERNAME,
        "language_code": "fr",
    }
    chat = {k: v for k, v in sender.items() if k not in ("is_bot", "language_code")}
    return {
        "update_id": 700001,
        "message": {
            "message_id": 12,
            "date": 1767603600,
            "chat": {**chat, "type": "private"},
            "from": sender,
            "text": CONFIDENCE,
        },
    }


def read(files: list[Path]) -> bytes:
    return b"".join(path.read_bytes() for path in files if path.exists())


def found_in(blob: bytes, groups: dict[str, list[bytes]]) -> set[str]:
    return {name for name, forms in groups.items() if any(form in blob for form in forms)}


class ClearCipher(Cipher):
    """Storage with encryption switched off: the envelope carries the plaintext."""

    def encrypt(
        self, plaintext: str, *, table: str, column: str, row_id: str, owner: str | None = None
    ) -> bytes:
        kid = self.ring.primary.key_id.encode("ascii")
        return bytes([1, len(kid)]) + kid + plaintext.encode("utf-8")

    def decrypt(self, envelope: bytes, *, table: str, column: str, row_id: str) -> str:
        return envelope[2 + envelope[1] :].decode("utf-8")


async def seed(storage: Storage, services: ServiceContext) -> str:
    """One person who wrote, was welcomed and got a relayed message; returns the welcome text."""
    async with storage.uow() as uow:
        await uow.inbox.store([incoming_update()], services.clock.now())
        person = await people.identify(uow, services, TELEGRAM_ID, "fr")
        person.pseudonym = PSEUDONYM
        await uow.people.save(person)
        await greeting.start(uow, services, person)
        await say(uow, person, RELAYED)
        await uow.commit()
    async with storage.uow() as uow:
        found = await uow.people.by_telegram_id(TELEGRAM_ID)
        assert found is not None and found.pseudonym == PSEUDONYM
        stored = await uow.inbox.unprocessed()
    assert stored[0].data["message"]["text"] == CONFIDENCE
    return services.t(
        "fr",
        "start.welcome",
        network=services.settings.network.name,
        crisis=replies.crisis_lines(services, "fr"),
    )


async def test_database_files_reveal_no_personal_data(
    tmp_path: Path, sqlite_files: list[Path], clock: FakeClock
) -> None:
    url = f"sqlite+aiosqlite:///{sqlite_files[0]}"
    await migrate.upgrade(url)
    storage = Storage(create_engine(url), Cipher(KeyRing([generate_key("k1")])), clock)
    try:
        await attach_person_keys(storage, tmp_path / "person-keys.db")
        welcome = await seed(storage, make_ctx(clock))
        while_open = read(sqlite_files)
        assert sqlite_files[1].exists()  # the WAL holds the recent writes: search it too
    finally:
        await storage.dispose()
    after_close = read(sqlite_files)
    groups = needles(welcome)

    assert sqlite_files[0].exists() and len(after_close) > 0
    assert found_in(while_open, groups) == set()
    assert found_in(after_close, groups) == set()

    # Positive control: the same strings written in clear into this file are found.
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE leak_probe (body BLOB, number INTEGER)"))
            for forms in groups.values():
                for form in forms:
                    await conn.execute(
                        text("INSERT INTO leak_probe (body, number) VALUES (:b, :n)"),
                        {"b": form, "n": TELEGRAM_ID},
                    )
    finally:
        await engine.dispose()
    assert found_in(read(sqlite_files), groups) == set(groups)


async def test_search_catches_storage_without_encryption(tmp_path: Path, clock: FakeClock) -> None:
    # The control for the test above: the same seeding with encryption off is caught.
    files = [tmp_path / "clear" / "entraide.db", tmp_path / "clear" / "entraide.db-wal"]
    files[0].parent.mkdir()
    url = f"sqlite+aiosqlite:///{files[0]}"
    await migrate.upgrade(url)
    storage = Storage(create_engine(url), ClearCipher(KeyRing([generate_key("k1")])), clock)
    try:
        welcome = await seed(storage, make_ctx(clock))
    finally:
        await storage.dispose()
    groups = needles(welcome)
    del groups["telegram id (integer)"]  # kept as text inside the sealed column, not as a number
    assert found_in(read(files), groups) == set(groups)
