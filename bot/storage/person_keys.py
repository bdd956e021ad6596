"""The person key store: each person's data key, wrapped by the key ring, outside the database.

Why a separate store: erasure destroys a person's data key, and that must also defeat backups
of the main database taken before the erasure. If the wrapped keys lived in the main database,
such a backup would carry them along and the key ring (which the operator keeps) would open them.
So they live in their own small database (``security.person_keys_url``; by default a SQLite file
beside a SQLite main database), backed up on its own and kept for a short time only.

Its schema is two tables created on first use (no migrations: it holds nothing else). The
store and the main database name each other with a shared random id, so a bot pointed at the
wrong store, or at an empty one, refuses to start instead of taking everyone for erased.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    LargeBinary,
    MetaData,
    String,
    Table,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.crypto import Cipher, DecryptionError, PersonKeys, envelope_key_id
from bot.storage.engine import create_engine, is_sqlite
from bot.storage.orm import MetaRow
from bot.storage.uow import Storage

STORE_ID = "store_id"
MAIN_META = "person_key_store"  # the id, as the main database remembers it
BATCH = 500

metadata = MetaData()
person_keys_table = Table(
    "person_keys",
    metadata,
    Column("person_id", String(36), primary_key=True),
    # The data key, sealed by the key ring (a v1 envelope, so rotation can re-wrap it).
    Column("wrapped", LargeBinary, nullable=False),
    Column("created_at", DateTime, nullable=False),
)
store_meta = Table(
    "store_meta",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
)


class KeyStoreMismatchError(Exception):
    """The store does not belong to this database; the message is one line for the operator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _wrap_place(person_id: str) -> dict[str, str]:
    return {"table": "person_keys", "column": "wrapped", "row_id": person_id}


class PersonKeyStore:
    """The backend of ``PersonKeys``: wrapped keys in their own database."""

    def __init__(self, engine: AsyncEngine, cipher: Cipher) -> None:
        # On SQLite the engine sets secure_delete: deleted keys do not linger in free pages.
        self.engine = engine
        self._cipher = cipher

    @classmethod
    def from_url(cls, url: str, cipher: Cipher) -> PersonKeyStore:
        return cls(create_engine(url, pool_size=2), cipher)

    async def create_schema(self) -> None:
        async with self.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)

    async def store_id(self) -> str | None:
        async with self.engine.connect() as conn:
            value = (
                await conn.execute(select(store_meta.c.value).where(store_meta.c.name == STORE_ID))
            ).scalar_one_or_none()
        return str(value) if value is not None else None

    async def set_store_id(self, value: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(store_meta.insert().values(name=STORE_ID, value=value))

    async def count(self) -> int:
        async with self.engine.connect() as conn:
            query = select(func.count()).select_from(person_keys_table)
            return int((await conn.execute(query)).scalar_one())

    async def _in_batches(self, columns: Sequence[Any], owners: Sequence[str]) -> list[Any]:
        c = person_keys_table.c
        found: list[Any] = []
        async with self.engine.connect() as conn:
            for i in range(0, len(owners), BATCH):
                query = select(*columns).where(c.person_id.in_(owners[i : i + BATCH]))
                found += (await conn.execute(query)).all()
        return found

    async def fetch(self, owners: Sequence[str]) -> dict[str, bytes]:
        c = person_keys_table.c
        rows = await self._in_batches((c.person_id, c.wrapped), owners)
        return {person_id: self._unwrap(person_id, wrapped) for person_id, wrapped in rows}

    async def insert(self, owner: str, secret: bytes) -> bytes:
        """Stores a new key; if another process stored one first, that one wins."""
        wrapped = self._wrap(owner, secret)
        values = {"person_id": owner, "wrapped": wrapped, "created_at": _utcnow()}
        dialect = self.engine.dialect.name
        async with self.engine.begin() as conn:
            insert = pg_insert if dialect == "postgresql" else sqlite_insert
            await conn.execute(insert(person_keys_table).values(values).on_conflict_do_nothing())
            stored = (
                await conn.execute(
                    select(person_keys_table.c.wrapped).where(
                        person_keys_table.c.person_id == owner
                    )
                )
            ).scalar_one()
        return self._unwrap(owner, stored)

    async def delete(self, owners: Sequence[str]) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                delete(person_keys_table).where(person_keys_table.c.person_id.in_(list(owners)))
            )
        if is_sqlite(str(self.engine.url)):
            # The old page is still in the WAL until a checkpoint: copy it back and truncate.
            async with self.engine.connect() as conn:
                raw = await conn.get_raw_connection()
                driver = raw.driver_connection
                assert driver is not None
                await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def existing(self, owners: Sequence[str]) -> list[str]:
        rows = await self._in_batches((person_keys_table.c.person_id,), owners)
        return [row[0] for row in rows]

    async def rewrap(self, progress: Callable[[str, int], None] | None = None) -> int:
        """Re-wraps every key not under the primary key (part of ``keys rotate``)."""
        primary = self._cipher.ring.primary.key_id
        done = 0
        last = ""
        while True:
            async with self.engine.begin() as conn:
                rows = (
                    await conn.execute(
                        select(person_keys_table.c.person_id, person_keys_table.c.wrapped)
                        .where(person_keys_table.c.person_id > last)
                        .order_by(person_keys_table.c.person_id)
                        .limit(BATCH)
                    )
                ).all()
                if not rows:
                    break
                for person_id, wrapped in rows:
                    if envelope_key_id(wrapped) == primary:
                        continue
                    secret = self._unwrap(person_id, wrapped)
                    await conn.execute(
                        update(person_keys_table)
                        .where(person_keys_table.c.person_id == person_id)
                        .values(wrapped=self._wrap(person_id, secret))
                    )
                    done += 1
                last = rows[-1][0]
        if progress and done:
            progress("person_keys.wrapped", done)
        return done

    async def key_ids(self) -> dict[str, int]:
        """How many wrapped keys each key-ring key holds (rotation is done when one remains)."""
        counts: dict[str, int] = {}
        async with self.engine.connect() as conn:
            for (wrapped,) in await conn.execute(select(person_keys_table.c.wrapped)):
                key_id = envelope_key_id(wrapped)
                counts[key_id] = counts.get(key_id, 0) + 1
        return counts

    def _wrap(self, owner: str, secret: bytes) -> bytes:
        text = base64.b64encode(secret).decode("ascii")
        return self._cipher.encrypt(text, **_wrap_place(owner))

    def _unwrap(self, owner: str, wrapped: bytes) -> bytes:
        secret = base64.b64decode(self._cipher.decrypt(wrapped, **_wrap_place(owner)))
        if len(secret) != 32:
            raise DecryptionError(f"the data key of person {owner} is malformed")
        return secret

    async def dispose(self) -> None:
        await self.engine.dispose()


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def default_url(database_url: str) -> str | None:
    """Beside a SQLite database file: ``x.db`` → ``x.person-keys.db``. None when there is no
    sensible default (PostgreSQL, or an in-memory database)."""
    prefix = "sqlite+aiosqlite:///"
    if not database_url.startswith(prefix):
        return None
    path = database_url[len(prefix) :]
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    stem, dot, suffix = path.rpartition(".")
    if not dot or "/" in suffix:
        return f"{prefix}{path}.person-keys"
    return f"{prefix}{stem}.person-keys.{suffix}"


def new_store_id() -> str:
    return str(uuid.uuid4())


async def open_store(storage: Storage, url: str) -> PersonKeyStore:
    """Opens the store, checks it belongs to this database, and lets the cipher use it."""
    store = PersonKeyStore.from_url(url, storage.cipher)
    try:
        await store.create_schema()
        await _bind(storage, store)
    except BaseException:
        await store.dispose()
        raise
    storage.cipher.person_keys = PersonKeys(store)
    storage.companions.append(store.engine)
    return store


async def _bind(storage: Storage, store: PersonKeyStore) -> None:
    theirs = await store.store_id()
    async with storage.uow() as uow:
        row = await uow.session.get(MetaRow, MAIN_META)
        ours = (
            storage.cipher.decrypt(row.value, table="meta", column="value", row_id=MAIN_META)
            if row is not None and row.value is not None
            else None
        )
        if ours is not None and theirs == ours:
            return
        if ours is not None and theirs is None:
            raise KeyStoreMismatchError(
                "security.person_keys_url: the person key store is empty, but this database's "
                "personal data is sealed with keys kept there: point it at the right store "
                "or restore the store from its backup"
            )
        if ours is not None:
            raise KeyStoreMismatchError(
                "security.person_keys_url: this person key store belongs to another database"
            )
        if theirs is not None and await store.count() > 0:
            raise KeyStoreMismatchError(
                "security.person_keys_url: this person key store already holds another "
                "database's keys; give this database a store of its own"
            )
        value = theirs or new_store_id()
        if theirs is None:
            await store.set_store_id(value)
        uow.session.add(
            MetaRow(
                name=MAIN_META,
                value=storage.cipher.encrypt(value, table="meta", column="value", row_id=MAIN_META),
                updated_at=storage.clock.now(),
            )
        )
        await uow.commit()
