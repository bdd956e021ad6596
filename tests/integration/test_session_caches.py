"""What one transaction remembers to spare queries stays true to what it changed itself.

Handling a batch of updates in one transaction reads the same people, flows and pairs again and
again; repositories remember them for the transaction (bot/storage/*_repo.py, opened.py). Each
test changes something inside the transaction and checks the next read sees the change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import event, func, select

from bot.domain.pairs import ENDED
from bot.storage.orm import PersonRow
from bot.storage.uow import UnitOfWork
from tests.support.factories import add_pair, add_person

SEEKER, PEER, OTHER = 8_420_000_001, 8_420_000_002, 8_420_000_003


async def test_a_flow_set_or_cleared_in_the_transaction_is_seen_at_once(storage):
    async with storage.uow() as uow:
        person = await add_person(uow, SEEKER, "Quiet Fox", seeker=True)
        flows = uow.flows
        await flows.prefetch([person.id])
        assert await flows.get(person.id) is None
        await flows.set(person.id, "end", "rate", {"pair": "P1"}, uow.now())
        found = await uow.flows.get(person.id)
        assert found is not None and (found.flow, found.step) == ("end", "rate")
        await flows.clear(person.id)
        assert await flows.get(person.id) is None
        await flows.set(person.id, "end", "comment", {}, uow.now())
        await uow.commit()
    async with storage.uow() as uow:
        again = await uow.flows.get(person.id)
        assert again is not None and again.step == "comment"


async def test_people_found_by_telegram_id_once_are_found_again_without_a_query(storage):
    async with storage.uow() as uow:
        seeker = await add_person(uow, SEEKER, "Quiet Fox", seeker=True)
        await uow.commit()
    async with storage.uow() as uow:
        uow.keep_rows()
        assert await uow.people.prefetch_telegram_ids([SEEKER, OTHER]) == {seeker.id}
        statements = _count_statements(uow)
        first = await uow.people.by_telegram_id(SEEKER)
        again = await uow.people.by_telegram_id(SEEKER)
        assert first is not None and again is not None
        assert first.id == again.id == seeker.id and again.pseudonym == "Quiet Fox"
        assert statements() == 0
        assert await uow.people.by_telegram_id(OTHER) is None


async def test_a_person_whose_index_changed_is_not_found_by_the_old_id(storage):
    """Erasure gives the row a random index: a remembered look-up must not find them."""
    async with storage.uow() as uow:
        seeker = await add_person(uow, SEEKER, "Quiet Fox", seeker=True)
        await uow.commit()
    async with storage.uow() as uow:
        uow.keep_rows()
        assert await uow.people.by_telegram_id(SEEKER) is not None
        row = await uow.session.get(PersonRow, seeker.id)
        assert row is not None
        row.tg_index = "erased-" + seeker.id
        assert await uow.people.by_telegram_id(SEEKER) is None


async def test_open_pairs_follow_pairs_made_and_ended_in_the_transaction(storage):
    async with storage.uow() as uow:
        uow.keep_rows()
        seeker = await add_person(uow, SEEKER, "Quiet Fox", seeker=True)
        peer = await add_person(uow, PEER, "Steady Otter", peer=True, capacity=3)
        other = await add_person(uow, OTHER, "Kind Heron", seeker=True)
        pairs = uow.pairs
        await pairs.prefetch_open([seeker.id, peer.id])
        assert await pairs.open_for(peer.id) == []
        # Older, so it comes first (open pairs are listed oldest first).
        first = await add_pair(uow, seeker, peer, age=timedelta(hours=1))
        assert [p.id for p in await pairs.open_for(peer.id)] == [first.id]
        second = await add_pair(uow, other, peer)
        assert [p.id for p in await pairs.open_for(peer.id)] == [first.id, second.id]
        first.status, first.ended_at, first.end_reason = ENDED, uow.now(), "ended_by_seeker"
        await pairs.save(first)
        assert [p.id for p in await pairs.open_for(peer.id)] == [second.id]
        assert await pairs.open_for(seeker.id) == []
        await uow.commit()
    async with storage.uow() as uow:
        assert [p.id for p in await uow.pairs.open_for(peer.id)] == [second.id]


async def test_saving_an_unchanged_person_keeps_their_sealed_fields_as_they_are(storage):
    async with storage.uow() as uow:
        seeker = await add_person(uow, SEEKER, "Quiet Fox", seeker=True)
        await uow.commit()
    async with storage.uow() as uow:
        row = await uow.session.get(PersonRow, seeker.id)
        assert row is not None
        before = (row.pseudonym, row.seeker_profile)
        person = await uow.people.get(seeker.id)
        assert person is not None
        person.last_seen_at = uow.now()
        await uow.people.save(person)
        assert (row.pseudonym, row.seeker_profile) == before
        person.pseudonym = "Brave Fox"
        await uow.people.save(person)
        assert row.pseudonym != before[0] and row.seeker_profile == before[1]
        await uow.commit()
    async with storage.uow() as uow:
        reread = await uow.people.get(seeker.id)
        assert reread is not None and reread.pseudonym == "Brave Fox"
        assert reread.seeker_profile == seeker.seeker_profile


def _count_statements(uow: UnitOfWork) -> Callable[[], int]:
    """A function returning how many statements the unit of work ran since this call."""
    seen = [0]

    def on_execute(*_args: Any) -> None:
        seen[0] += 1

    event.listen(uow.session.sync_session, "do_orm_execute", on_execute)
    return lambda: seen[0]


async def test_the_count_helper_sees_statements(storage):
    async with storage.uow() as uow:
        statements = _count_statements(uow)
        await uow.session.execute(select(func.count()).select_from(PersonRow))
        assert statements() == 1
