"""The person key store on each backend, and the start-up check that binds it to its database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.crypto import Cipher, KeyRing, PersonKeys, PersonKeyUnavailable, generate_key
from bot.storage.engine import create_engine
from bot.storage.person_keys import KeyStoreMismatchError, PersonKeyStore, open_store
from bot.storage.uow import Storage
from tests.support.db import SQLITE_PREFIX, create_pg_database, drop_pg_database, pg_base_url

PLACE = {"table": "people", "column": "pseudonym", "row_id": "r1"}


@pytest.fixture
async def store_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database for a person key store, on each backend."""
    if backend == "sqlite":
        yield f"{SQLITE_PREFIX}{tmp_path / 'keys.db'}"
        return
    base = pg_base_url()
    assert base is not None
    url = await create_pg_database(base, "entraide_keys")
    try:
        yield url
    finally:
        await drop_pg_database(base, url)


async def test_keys_are_created_fetched_destroyed_and_rewrapped(store_url: str) -> None:
    k1, k2 = generate_key("k1"), generate_key("k2")
    cipher = Cipher(KeyRing([k1]))
    store = PersonKeyStore.from_url(store_url, cipher)
    try:
        await store.create_schema()
        await store.create_schema()  # idempotent: every start runs it
        cipher.person_keys = PersonKeys(store)
        await cipher.person_keys.load(["a", "b"], create=True)
        sealed = cipher.encrypt("secret a", **PLACE, owner="a")
        other = cipher.encrypt("secret b", **PLACE, owner="b")

        # Another process (a fresh cache) reads them through the store.
        fresh = Cipher(KeyRing([k1]), PersonKeys(store))
        with pytest.raises(PersonKeyUnavailable):
            fresh.decrypt(sealed, **PLACE)  # not loaded yet: loud, never garbage
        await fresh.person_keys.load(["a", "b"])
        assert fresh.decrypt(sealed, **PLACE) == "secret a"
        # A second create for an existing person keeps the stored key.
        again = Cipher(KeyRing([k1]), PersonKeys(store))
        await again.person_keys.load(["a"], create=True)
        assert again.decrypt(sealed, **PLACE) == "secret a"

        # Rotation re-wraps under the new key; the data keys, and so the data, stay.
        cipher.ring = KeyRing([k2, k1])
        assert await store.rewrap() == 2
        assert await store.key_ids() == {"k2": 2}
        assert await store.rewrap() == 0
        only_new = Cipher(
            KeyRing([k2]), PersonKeys(PersonKeyStore(store.engine, Cipher(KeyRing([k2]))))
        )
        await only_new.person_keys.load(["a", "b"])
        assert only_new.decrypt(other, **PLACE) == "secret b"

        await cipher.person_keys.destroy(["a"])
        assert await store.existing(["a", "b"]) == ["b"]
        late = Cipher(
            KeyRing([k2]), PersonKeys(PersonKeyStore(store.engine, Cipher(KeyRing([k2]))))
        )
        await late.person_keys.load(["a", "b"])
        with pytest.raises(PersonKeyUnavailable):
            late.decrypt(sealed, **PLACE)
        assert late.decrypt(other, **PLACE) == "secret b"
    finally:
        await store.dispose()


async def test_a_store_is_bound_to_its_database(
    db_url: str, key_ring: KeyRing, tmp_path: Path
) -> None:
    first = f"{SQLITE_PREFIX}{tmp_path / 'first.db'}"
    empty = f"{SQLITE_PREFIX}{tmp_path / 'empty.db'}"
    storage = Storage(create_engine(db_url), Cipher(key_ring))
    try:
        await open_store(storage, first)  # first start: both sides get the same id
        await open_store(storage, first)  # later starts pass
        await storage.cipher.person_keys.load(["someone"], create=True)

        # The database now expects its store: an empty one is refused, not taken for
        # "everyone erased".
        with pytest.raises(KeyStoreMismatchError, match="empty"):
            await open_store(storage, empty)
    finally:
        await storage.dispose()

    # Another database pointed at a store that holds the first one's keys is refused too.
    other_db = f"{SQLITE_PREFIX}{tmp_path / 'other-main.db'}"
    from bot.storage import migrate

    await migrate.upgrade(other_db)
    other = Storage(create_engine(other_db), Cipher(key_ring))
    try:
        with pytest.raises(KeyStoreMismatchError, match="another database"):
            await open_store(other, first)
    finally:
        await other.dispose()
