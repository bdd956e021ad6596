"""Test databases: the Postgres server named by ``ENTRAIDE_TEST_DATABASE_URL``, databases made
and dropped on it, and a real person key store beside a test's storage."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage.crypto import PersonKeys
from bot.storage.person_keys import PersonKeyStore
from bot.storage.uow import Storage

PG_ENV = "ENTRAIDE_TEST_DATABASE_URL"
SQLITE_PREFIX = "sqlite+aiosqlite:///"


def pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


async def drop_pg_database(base: str, url: str) -> None:
    name = make_url(url).database
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


async def create_pg_database(
    base: str, prefix: str = "entraide_t", template: str | None = None
) -> str:
    """A new Postgres database (a copy of ``template`` if given, else empty); its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    await admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


async def attach_person_keys(storage: Storage, path: Path) -> PersonKeyStore:
    """Gives the storage a real person key store in a SQLite file (without the start-up check
    that binds it to the database, which the tests of that check do themselves)."""
    store = PersonKeyStore.from_url(f"sqlite+aiosqlite:///{path}", storage.cipher)
    await store.create_schema()
    storage.cipher.person_keys = PersonKeys(store)
    storage.companions.append(store.engine)
    return store
