"""Shared fixtures: every storage-touching test runs on SQLite and, when one answers, Postgres.

Postgres is used when ``ENTRAIDE_TEST_DATABASE_URL`` names a server
(``postgresql+asyncpg://user@host:port/db``); each test gets a database of its own, created
from that server and dropped afterwards. Without it the Postgres variants are skipped with the
reason printed in the summary.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.clock import FakeClock
from bot.storage import migrate
from bot.storage.crypto import Cipher, KeyRing, generate_key
from bot.storage.engine import create_engine
from bot.storage.uow import Storage

PG_ENV = "ENTRAIDE_TEST_DATABASE_URL"


def pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


BACKENDS = [
    "sqlite",
    pytest.param(
        "postgres",
        marks=pytest.mark.skipif(
            pg_base_url() is None,
            reason=f"Postgres variant skipped: {PG_ENV} is not set (no Postgres answered)",
        ),
    ),
]


async def create_pg_database(base: str) -> str:
    name = f"entraide_t_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


async def drop_pg_database(base: str, url: str) -> None:
    name = make_url(url).database
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


@pytest.fixture(params=BACKENDS)
async def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A URL to an empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'entraide.db'}"
        return
    base = pg_base_url()
    assert base is not None
    url = await create_pg_database(base)
    try:
        yield url
    finally:
        await drop_pg_database(base, url)


@pytest.fixture
async def db_url(empty_db_url: str) -> str:
    """A database of each backend, migrated to head."""
    await migrate.upgrade(empty_db_url)
    return empty_db_url


@pytest.fixture
def key_ring() -> KeyRing:
    return KeyRing([generate_key("t1")])


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def storage(db_url: str, key_ring: KeyRing, clock: FakeClock) -> AsyncIterator[Storage]:
    store = Storage(create_engine(db_url), Cipher(key_ring), clock)
    try:
        yield store
    finally:
        await store.dispose()


@pytest.fixture
def sqlite_files(tmp_path: Path) -> Iterator[list[Path]]:
    """The SQLite database file and its WAL, for byte searches."""
    yield [tmp_path / "entraide.db", tmp_path / "entraide.db-wal"]


def make_services(clock, settings=None):
    """The services' ports as the bot wires them, with a fixed button-signing key."""
    from bot.config import Settings
    from bot.i18n import Translator
    from bot.services.buttons import ButtonCodec
    from bot.services.context import ServiceContext

    settings = settings or Settings()
    return ServiceContext(
        settings=settings,
        t=Translator(settings.network.languages, settings.network.default_language),
        clock=clock,
        buttons=ButtonCodec(b"b" * 32),
    )


@pytest.fixture
def services(clock):
    return make_services(clock)
