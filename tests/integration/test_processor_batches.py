"""Updates handled several at a time in one transaction, and what happens when one fails.

The real bot in process (tests/support/in_process.py): handlers, repositories and storage as in
production, the processor driven by the test.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.delivery.inbox import MAX_ATTEMPTS
from bot.services.relay import routing as relay
from bot.storage.orm import InboxUpdateRow, MessageLinkRow, OutboxRow
from bot.storage.repositories import StoredUpdate
from tests.support.factories import add_pair, add_person
from tests.support.in_process import InProcessBot, in_process_bot

FIRST_ID = 8_310_000_000


async def seed_pairs(bot: InProcessBot, count: int) -> list[tuple[Any, Any]]:
    """``count`` open pairs; returns (seeker user, peer user) for each."""
    made = []
    async with bot.storage.uow() as uow:
        for n in range(count):
            seeker_id, peer_id = FIRST_ID + 2 * n, FIRST_ID + 2 * n + 1
            seeker = await add_person(uow, seeker_id, f"Seeker {n}", seeker=True)
            peer = await add_person(uow, peer_id, f"Peer {n}", peer=True)
            await add_pair(uow, seeker, peer)
            made.append((bot.user(seeker_id), bot.user(peer_id)))
        await uow.commit()
    return made


async def into_inbox(
    bot: InProcessBot, extra: list[dict[str, Any]] | None = None
) -> list[StoredUpdate]:
    """What the simulated users sent, stored as the polling intake would; then the inbox."""
    queue = bot.sandbox.world.updates
    updates = queue.pending() + (extra or [])
    queue.drop_pending()
    async with bot.storage.uow() as uow:
        await uow.inbox.store(updates, bot.clock.now())
        await uow.commit()
    async with bot.storage.uow() as uow:
        return await uow.inbox.unprocessed(limit=500)


async def copies(bot: InProcessBot) -> list[tuple[str, int, int]]:
    """Every relayed copy in the outbox: (recipient person id, from chat, message id)."""
    async with bot.storage.uow() as uow:
        rows = (
            await uow.session.execute(
                select(OutboxRow).where(OutboxRow.method == "copyMessage").order_by(OutboxRow.id)
            )
        ).scalars()
        found = []
        for row in rows:
            params = uow.outbox.open_payload(row)
            found.append((row.person_id, params["from_chat_id"], params["message_id"]))
        return found


async def person_ids(bot: InProcessBot, telegram_ids: list[int]) -> dict[int, str]:
    async with bot.storage.uow() as uow:
        found = {}
        for tg in telegram_ids:
            person = await uow.people.by_telegram_id(tg)
            assert person is not None
            found[tg] = person.id
        return found


async def count(bot: InProcessBot, query: Any) -> int:
    async with bot.storage.uow() as uow:
        return int((await uow.session.execute(query)).scalar_one())


def conversation(pairs: list[tuple[Any, Any]]) -> list[tuple[int, int, int]]:
    """Each seeker writes twice and each peer once; returns (sender, recipient, message id)."""
    sent = []
    for seeker, peer in pairs:
        for text in ("Hello, are you there?", "It has been a hard week."):
            sent.append((seeker.id, peer.id, seeker.send_text(text)))
        sent.append((peer.id, seeker.id, peer.send_text("I am here, take your time.")))
    return sent


def expected_copies(
    sent: list[tuple[int, int, int]], ids: dict[int, str]
) -> list[tuple[str, int, int]]:
    return [(ids[recipient], sender, message_id) for sender, recipient, message_id in sent]


async def test_a_batch_relays_every_message_once_to_the_other_side(db_url, key_ring):
    async with in_process_bot(db_url, key_ring, ()) as bot:
        pairs = await seed_pairs(bot, 3)
        sent = conversation(pairs)
        batch = await into_inbox(bot)
        assert len(batch) == len(sent) == 9

        assert await bot.runtime.processor.process_batch(batch)

        ids = await person_ids(bot, [u.id for pair in pairs for u in pair])
        assert sorted(await copies(bot)) == sorted(expected_copies(sent, ids))
        # Replies and edits find the copies through these links.
        assert await count(bot, select(func.count()).select_from(MessageLinkRow)) == 9
        left = select(func.count()).select_from(InboxUpdateRow)
        assert await count(bot, left.where(InboxUpdateRow.processed_at.is_(None))) == 0
        # Nothing a person wrote stays in the inbox once handled.
        assert await count(bot, left.where(InboxUpdateRow.payload.is_not(None))) == 0


async def test_one_person_writing_several_times_in_a_batch_is_relayed_in_order(db_url, key_ring):
    async with in_process_bot(db_url, key_ring, ()) as bot:
        [(seeker, peer)] = await seed_pairs(bot, 1)
        written = [seeker.send_text(f"Message number {n} of my long story") for n in range(6)]
        batch = await into_inbox(bot)

        assert await bot.runtime.processor.process_batch(batch)

        ids = await person_ids(bot, [seeker.id, peer.id])
        assert await copies(bot) == [(ids[peer.id], seeker.id, m) for m in written]


def malformed(update_id: int) -> dict[str, Any]:
    """An update python-telegram-bot cannot even read (a message without chat or date)."""
    return {"update_id": update_id, "message": {"message_id": 1, "text": "?"}}


async def run_until_settled(bot: InProcessBot, done: Callable[[], Any]) -> None:
    stop = asyncio.Event()
    bot.runtime.processor.wake()
    task = asyncio.create_task(bot.runtime.processor.run(stop))
    try:
        for _ in range(400):
            if await done():
                return
            await asyncio.sleep(0.05)
        pytest.fail("the processor did not settle")
    finally:
        stop.set()
        bot.runtime.processor.wake()
        await asyncio.wait_for(task, 10)


async def test_an_unreadable_update_rolls_its_batch_back_and_the_others_happen_once(
    db_url, key_ring
):
    async with in_process_bot(db_url, key_ring, ()) as bot:
        pairs = await seed_pairs(bot, 2)
        sent = conversation(pairs)
        bad_id = max(u["update_id"] for u in bot.sandbox.world.updates.pending()) + 1
        await into_inbox(bot, [malformed(bad_id)])

        unsettled = select(func.count()).select_from(InboxUpdateRow)
        unsettled = unsettled.where(InboxUpdateRow.processed_at.is_(None))
        await run_until_settled(bot, lambda: _is_zero(bot, unsettled))

        processor = bot.runtime.processor
        assert processor.batches_rolled_back >= 1
        ids = await person_ids(bot, [u.id for pair in pairs for u in pair])
        # Each message exactly once: nothing of the rolled-back batch survived.
        assert sorted(await copies(bot)) == sorted(expected_copies(sent, ids))
        async with bot.storage.uow() as uow:
            row = await uow.session.get(InboxUpdateRow, bad_id)
            assert row is not None and row.failure and row.attempts == MAX_ATTEMPTS


async def _is_zero(bot: InProcessBot, query: Any) -> bool:
    return await count(bot, query) == 0


async def test_a_handler_failing_mid_batch_leaves_no_half_done_work(db_url, key_ring, monkeypatch):
    """The failure happens after earlier updates of the batch wrote their copies and links:
    those writes are rolled back with it, then done once on the single path."""
    real_deliver = relay.deliver

    async def deliver(uow, ctx, sender, pair, msg, **kw):
        if msg.text == "boom":
            raise RuntimeError("a fault injected by the test")
        return await real_deliver(uow, ctx, sender, pair, msg, **kw)

    monkeypatch.setattr(relay, "deliver", deliver)
    async with in_process_bot(db_url, key_ring, ()) as bot:
        pairs = await seed_pairs(bot, 2)
        (seeker, peer), (other_seeker, other_peer) = pairs
        sent = [(seeker.id, peer.id, seeker.send_text("First words, before the fault."))]
        seeker.send_text("boom")
        sent.append((other_peer.id, other_seeker.id, other_peer.send_text("After the fault.")))
        batch = await into_inbox(bot)
        assert not await bot.runtime.processor.process_batch(batch)
        assert await copies(bot) == []  # the whole batch rolled back, nothing sent

        unsettled = select(func.count()).select_from(InboxUpdateRow)
        unsettled = unsettled.where(InboxUpdateRow.processed_at.is_(None))
        await run_until_settled(bot, lambda: _is_zero(bot, unsettled))

        ids = await person_ids(bot, [u.id for pair in pairs for u in pair])
        assert sorted(await copies(bot)) == sorted(expected_copies(sent, ids))
        async with bot.storage.uow() as uow:
            failures = (
                await uow.session.execute(
                    select(InboxUpdateRow.failure).where(InboxUpdateRow.failure.is_not(None))
                )
            ).scalars()
            assert list(failures) == ["RuntimeError"]
        # The person whose message could not be handled is told so, in their own chat.
        apologies = [
            row for row in await _sends_to(bot, ids[seeker.id]) if row["method"] == "sendMessage"
        ]
        assert apologies, "the sender of the failed update heard nothing"


async def _sends_to(bot: InProcessBot, person_id: str) -> list[dict[str, Any]]:
    async with bot.storage.uow() as uow:
        rows = (
            await uow.session.execute(select(OutboxRow).where(OutboxRow.person_id == person_id))
        ).scalars()
        return [{"method": r.method, **uow.outbox.open_payload(r)} for r in rows]
