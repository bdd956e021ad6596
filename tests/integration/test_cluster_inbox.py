"""Two bot processes on one database, at the storage level: one person's updates one at a time
and in order, different people's in parallel; sends on the wire of a dead process recovered,
those of a live one left alone.

"Another process" is a second Storage on the same database, as a second bot has: its own
engine, its own connections, its own instance id and liveness lock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.storage.crypto import Cipher, KeyRing
from bot.storage.engine import create_engine
from bot.storage.orm import InboxUpdateRow, OutboxRow
from bot.storage.outbox_repo import OutgoingMessage
from bot.storage.uow import Storage
from tests.support.db import attach_person_keys
from tests.support.factories import add_person

ALICE, BOB = 771_000_000_001, 771_000_000_002


def message(update_id: int, sender: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1767600000,
            "chat": {"id": sender, "type": "private"},
            "from": {"id": sender, "is_bot": False, "first_name": "X"},
            "text": f"number {update_id}",
        },
    }


@pytest.fixture
async def other(
    storage: Storage, db_url: str, key_ring: KeyRing, tmp_path: Path
) -> AsyncIterator[Storage]:
    """A second process's storage on the same database."""
    if storage.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs a single bot process: there is no other process to order with")
    second = Storage(create_engine(db_url), Cipher(key_ring), storage.clock)
    await attach_person_keys(second, tmp_path / "person-keys-second.db")
    try:
        yield second
    finally:
        await second.dispose()


async def store(storage: Storage, *updates: dict[str, Any]) -> None:
    async with storage.uow() as uow:
        await uow.inbox.store(list(updates), uow.now())
        await uow.commit()


async def runnable(storage: Storage) -> list[int]:
    async with storage.uow() as uow:
        return [s.update_id for s in await uow.inbox.unprocessed(limit=100, now=uow.now())]


async def test_a_persons_next_update_waits_while_another_process_runs_the_one_before(
    storage: Storage, other: Storage
) -> None:
    await store(storage, message(1, ALICE), message(2, BOB), message(3, ALICE))
    async with storage.uow() as first:
        assert await first.inbox.claim_many([1], skip_locked=True) == {1}
        # While the first process works on Alice's 1, the other sees only Bob's update: her
        # 3 must not overtake her 1, and claiming it directly is refused too.
        assert await runnable(other) == [2]
        async with other.uow() as second:
            assert await second.inbox.claim_many([2, 3], skip_locked=True) == {2}
        async with other.uow() as second:
            assert not await second.inbox.claim(3)
        await first.inbox.mark_processed_many([1], first.now())
        await first.commit()
    # Once 1 is committed, 3 is the head of Alice's queue and any process may take it.
    assert await runnable(other) == [2, 3]
    async with other.uow() as second:
        assert await second.inbox.claim(3)


async def test_a_batch_may_hold_one_persons_run_of_updates_together(
    storage: Storage, other: Storage
) -> None:
    await store(storage, message(10, ALICE), message(11, ALICE), message(12, BOB))
    async with storage.uow() as first:
        # One transaction may take Alice's 10 and 11 together: nobody else can run 11 first.
        assert await first.inbox.claim_many([10, 11], skip_locked=True) == {10, 11}
        async with other.uow() as second:
            assert await second.inbox.claim_many([10, 11, 12], skip_locked=True) == {12}


async def test_a_deferred_update_holds_back_its_senders_later_ones(storage: Storage) -> None:
    await store(storage, message(20, ALICE), message(21, ALICE), message(22, BOB))
    async with storage.uow() as uow:
        await uow.inbox.defer({20: uow.now() + timedelta(seconds=30)})
        await uow.commit()
    assert await runnable(storage) == [22]
    async with storage.uow() as uow:
        assert await uow.inbox.claim_many([21, 22], skip_locked=False) == {22}


async def test_the_ordering_key_names_nobody_and_is_gone_once_processed(
    storage: Storage,
) -> None:
    await store(storage, message(30, ALICE), message(31, ALICE), message(32, BOB))
    async with storage.uow() as uow:
        rows = await uow.session.execute(select(InboxUpdateRow.update_id, InboxUpdateRow.order_key))
        keys = {update_id: key for update_id, key in rows.all()}
    assert keys[30] == keys[31] != keys[32]
    assert ALICE not in keys.values() and BOB not in keys.values()
    async with storage.uow() as uow:
        await uow.inbox.mark_processed_many([30, 31, 32], uow.now())
        await uow.commit()
    async with storage.uow() as uow:
        left = (await uow.session.execute(select(InboxUpdateRow.order_key))).scalars().all()
    assert set(left) == {None}


async def test_sends_on_the_wire_are_recovered_only_once_their_process_is_gone(
    storage: Storage, other: Storage
) -> None:
    async with storage.uow() as uow:
        person = await add_person(uow, ALICE, "Ondine")
        await uow.outbox.add(OutgoingMessage(person.id, "sendMessage", {"text": "hello"}))
        await uow.commit()
    await storage.liveness.start()
    async with storage.uow() as uow:
        await uow.outbox.mark_sending(await uow.outbox.queue_heads(10))
        await uow.commit()
    # The first process is alive, its send on the wire: a second one starting must not
    # take it (that would send it twice), at start or later.
    async with other.uow() as uow:
        assert await uow.outbox.recover(at_start=True) == 0
        await uow.commit()
    await storage.liveness.stop()  # the process is gone (its connection closed)
    async with other.uow() as uow:
        assert await uow.outbox.recover(at_start=False) == 1
        await uow.commit()
    async with other.uow() as uow:
        row = (await uow.session.execute(select(OutboxRow))).scalar_one()
    assert (row.status, row.uncertain) == ("pending", True)
