"""Shared fixtures: every storage-touching test runs on SQLite and, when one answers, Postgres.

Postgres is used when ``ENTRAIDE_TEST_DATABASE_URL`` names a server
(``postgresql+asyncpg://user@host:port/db``); each test gets a database of its own, created
from that server and dropped afterwards. Without it the Postgres variants are skipped with the
reason printed in the summary.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.clock import FakeClock
from bot.services.shared.context import ServiceContext
from bot.storage import crypto, migrate
from bot.storage.crypto import Cipher, KeyRing, generate_key
from bot.storage.engine import create_engine
from bot.storage.person_keys import default_url
from bot.storage.uow import Storage
from tests.support.context import make_ctx
from tests.support.db import (
    PG_ENV,
    SQLITE_PREFIX,
    attach_person_keys,
    create_pg_database,
    drop_pg_database,
    pg_base_url,
)

# Every person a test creates pays one scrypt for the Telegram-id index; at the production
# work factor (16 MiB, tens of milliseconds) seeding the suite's people would take many
# minutes. Test databases get a tiny factor (bots started by tests are configured the same
# way: tests/support/e2e_harness.py); tests/unit/test_crypto.py checks the production one.
crypto.SCRYPT_N = 2**4


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


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def empty_db_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A URL to an empty database of each backend."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'entraide.db'}"
        return
    base = pg_base_url()
    assert base is not None
    url = await create_pg_database(base)
    try:
        yield url
    finally:
        await drop_pg_database(base, url)


def _migrations_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(migrate.MIGRATIONS_DIR.rglob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


_SQLITE_TEMPLATE: dict[str, Path] = {}


async def _sqlite_template() -> Path:
    """Migrated once per test run, then copied: an upgrade per test would cost seconds."""
    if "path" not in _SQLITE_TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="entraide-template-"))
        path = folder / "template.db"
        await migrate.upgrade(f"sqlite+aiosqlite:///{path}")
        _SQLITE_TEMPLATE["path"] = path
    return _SQLITE_TEMPLATE["path"]


async def _pg_template(base: str) -> str:
    """A migrated template database, named after the migrations' content and reused."""
    name = f"entraide_tpl_{_migrations_fingerprint()}"
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            # Parallel test workers build the template once, one at a time.
            await conn.execute(text("SELECT pg_advisory_lock(424242)"))
            query = text("SELECT 1 FROM pg_database WHERE datname = :n")
            exists = (await conn.execute(query, {"n": name})).first()
            if exists and await migrate.current_revision(url) == migrate.head_revision(url):
                return name
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
            # Still holding the lock: nobody copies a half-migrated template.
            await migrate.upgrade(url)
            return name
    finally:
        await admin.dispose()


@pytest.fixture
async def db_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database of each backend, migrated to head (a copy of a template migrated once)."""
    if backend == "sqlite":
        path = tmp_path / "entraide.db"
        shutil.copyfile(await _sqlite_template(), path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    base = pg_base_url()
    assert base is not None
    url = await create_pg_database(base, "entraide_t", template=await _pg_template(base))
    try:
        yield url
    finally:
        await drop_pg_database(base, url)


@pytest.fixture
def key_ring() -> KeyRing:
    return KeyRing([generate_key("t1")])


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def person_keys_url(db_url: str, tmp_path: Path) -> str:
    """The person key store the bot would use: beside a SQLite database by default; a SQLite
    file of the test's own for Postgres (which needs one configured)."""
    return default_url(db_url) or f"sqlite+aiosqlite:///{tmp_path / 'person-keys.db'}"


@pytest.fixture
async def storage(
    db_url: str, key_ring: KeyRing, clock: FakeClock, person_keys_url: str
) -> AsyncIterator[Storage]:
    store = Storage(create_engine(db_url), Cipher(key_ring), clock)
    try:
        await attach_person_keys(store, Path(person_keys_url.removeprefix(SQLITE_PREFIX)))
        yield store
    finally:
        await store.dispose()


@pytest.fixture
def sqlite_files(tmp_path: Path) -> Iterator[list[Path]]:
    """The SQLite database file and its WAL, for byte searches."""
    yield [tmp_path / "entraide.db", tmp_path / "entraide.db-wal"]


@pytest.fixture
def services(clock: FakeClock) -> ServiceContext:
    """The services' context with default settings and a fixed button-signing key."""
    return make_ctx(clock)
