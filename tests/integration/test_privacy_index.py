"""The Telegram-id index of databases written before the slow index keeps working: a person
whose row still holds the old HMAC is found, and the row moves to the slow index on first
touch; ``keys rotate`` moves every row (SQLite and Postgres)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.storage.crypto import Cipher, KeyRing, generate_key
from bot.storage.engine import create_engine
from bot.storage.keys import load_index_secret, rotate
from bot.storage.orm import PersonRow
from bot.storage.repositories import TG_PURPOSE
from bot.storage.uow import Storage
from tests.support.db import SQLITE_PREFIX, attach_person_keys
from tests.support.factories import add_person

OLD, OTHER = 720000000501, 720000000502


async def make_legacy(storage: Storage, *telegram_ids: int) -> dict[int, str]:
    """People whose rows hold the fast HMAC index, as every row did before."""
    ids = {}
    async with storage.uow() as uow:
        for tg in telegram_ids:
            person = await add_person(uow, tg, f"P{tg}", seeker=True)
            row = await uow.session.get(PersonRow, person.id)
            assert row is not None
            row.tg_index = uow.cipher.blind_index(str(tg), purpose=TG_PURPOSE)
            ids[tg] = person.id
        await uow.commit()
    return ids


async def stored_index(storage: Storage, person_id: str) -> str:
    async with storage.uow() as uow:
        index = (
            await uow.session.execute(select(PersonRow.tg_index).where(PersonRow.id == person_id))
        ).scalar_one()
    return str(index)


async def test_an_old_row_is_found_and_moves_to_the_slow_index(storage: Storage) -> None:
    ids = await make_legacy(storage, OLD, OTHER)
    cipher = storage.cipher
    async with storage.uow() as uow:
        found = await uow.people.by_telegram_id(OLD)
        assert found is not None and found.id == ids[OLD] and found.pseudonym == f"P{OLD}"
        assert await uow.people.prefetch_telegram_ids([OTHER]) == {ids[OTHER]}
        await uow.commit()
    for tg in (OLD, OTHER):
        assert await stored_index(storage, ids[tg]) == cipher.slow_index(
            str(tg), purpose=TG_PURPOSE
        )
    async with storage.uow() as uow:
        again = await uow.people.by_telegram_id(OLD)
        assert again is not None and again.id == ids[OLD]


async def test_keys_rotate_moves_every_old_row(storage: Storage, clock: Any) -> None:
    ids = await make_legacy(storage, OLD, OTHER)
    await rotate(storage)
    for tg in (OLD, OTHER):
        assert await stored_index(storage, ids[tg]) == storage.cipher.slow_index(
            str(tg), purpose=TG_PURPOSE
        )


async def test_the_warm_up_learns_indexes_without_hashing(storage: Storage) -> None:
    """After a restart, the people seen most recently are known to the index cache by
    opening their ids; rows still on the old HMAC are left to their first update."""
    ids = await make_legacy(storage, OLD)
    async with storage.uow() as uow:
        await add_person(uow, OTHER, "Fresh", seeker=True)
        await uow.commit()
    async with storage.uow() as uow:
        assert await uow.people.warm_index_cache() == 1
        found = await uow.people.by_telegram_id(OLD)
        assert found is not None and found.id == ids[OLD]


async def test_the_index_and_ban_markers_outlive_a_key_rotation(
    storage: Storage, db_url: str, key_ring: KeyRing, person_keys_url: str, clock: Any
) -> None:
    """The index's secret is kept (sealed) in the database: a rotation re-seals it and moves no
    fingerprint, and after it people and ban markers are found with the new key alone."""
    await load_index_secret(storage)
    async with storage.uow() as uow:
        person = await add_person(uow, OLD, "Old", seeker=True)
        await uow.people.mark_banned(OTHER, uow.now())
        await uow.commit()
    before = await stored_index(storage, person.id)
    new = generate_key("t2")
    keys_path = Path(person_keys_url.removeprefix(SQLITE_PREFIX))
    rotating = Storage(create_engine(db_url), Cipher(key_ring.with_new_primary(new)), clock)
    try:
        await attach_person_keys(rotating, keys_path)
        await rotate(rotating)
    finally:
        await rotating.dispose()
    alone = Storage(create_engine(db_url), Cipher(KeyRing([new])), clock)
    try:
        await attach_person_keys(alone, keys_path)
        await load_index_secret(alone)
        assert await stored_index(alone, person.id) == before
        async with alone.uow() as uow:
            found = await uow.people.by_telegram_id(OLD)
            assert found is not None and found.id == person.id
            assert await uow.people.is_banned(OTHER)
            assert not await uow.people.is_banned(OLD)
    finally:
        await alone.dispose()


async def test_a_database_keeps_the_work_factor_of_its_first_start(
    storage: Storage, key_ring: KeyRing
) -> None:
    """The index's scrypt factor is the database's, not the configuration's: a bot started
    later with another ``security.index_cost`` still finds everyone."""
    storage.cipher.set_slow_cost(2**5)
    await load_index_secret(storage)
    async with storage.uow() as uow:
        person = await add_person(uow, OLD, "Camille", seeker=True)
        await uow.commit()
    later = Cipher(key_ring, storage.cipher.person_keys)
    later.set_slow_cost(2**6)  # what a changed configuration would ask of a new database
    restarted = Storage(storage.engine, later, storage.clock)
    await load_index_secret(restarted)
    assert later.slow_n == 2**5
    async with restarted.uow() as uow:
        found = await uow.people.by_telegram_id(OLD)
        assert found is not None and found.id == person.id
