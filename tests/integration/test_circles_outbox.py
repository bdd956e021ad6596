"""Circles in the outbox (SQLite and Postgres): a circle's copies wait in the group lane, so a
pair's copy written after a circle's burst is sent first, while each chat's circle rows,
edits included, keep their order."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.orm import OutboxRow
from bot.storage.repositories import PRIORITY_GROUP, OutgoingMessage
from tests.support.factories import add_person


async def test_a_pair_copy_does_not_wait_behind_a_circle_burst(storage):
    async with storage.uow() as uow:
        members = [await add_person(uow, 710_000 + i, f"M{i}", seeker=True) for i in range(9)]
        partner = await add_person(uow, 710_100, "Partner", peer=True)
        for m in members:
            await uow.outbox.add(
                OutgoingMessage(m.id, "sendMessage", {"text": "circle"}, priority=PRIORITY_GROUP)
            )
        await uow.outbox.add(OutgoingMessage(partner.id, "copyMessage", {"message_id": 1}))
        await uow.commit()
    async with storage.uow() as uow:
        heads = await uow.outbox.queue_heads(3)
    assert heads[0].person_id == partner.id, "the pair's copy goes first"
    assert {h.person_id for h in heads[1:]} <= {m.id for m in members}


async def test_a_circle_edit_stays_behind_the_copy_it_edits(storage):
    async with storage.uow() as uow:
        member = await add_person(uow, 710_200, "Member", seeker=True)
        for method in ("sendMessage", "editMessageText", "deleteMessage"):
            await uow.outbox.add(
                OutgoingMessage(member.id, method, {"message_id": 1}, priority=PRIORITY_GROUP)
            )
        await uow.outbox.add(OutgoingMessage(member.id, "editMessageText", {"message_id": 2}))
        await uow.commit()
    async with storage.uow() as uow:
        rows = (await uow.session.execute(select(OutboxRow).order_by(OutboxRow.id))).scalars()
        lanes = [(r.method, r.priority) for r in rows]
        heads = await uow.outbox.queue_heads(5)
    assert lanes[:3] == [
        ("sendMessage", PRIORITY_GROUP),
        ("editMessageText", PRIORITY_GROUP),
        ("deleteMessage", PRIORITY_GROUP),
    ]
    assert lanes[3] == ("editMessageText", 0), "a routine edit keeps the routine lane"
    assert [h.method for h in heads] == ["editMessageText"]
