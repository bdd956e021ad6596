"""Seekers racing for the same peers never overbook them: each call runs in its own unit of work,
concurrently (on Postgres truly in parallel, on SQLite through the single-writer gate)."""

from __future__ import annotations

import asyncio
from collections import Counter

from sqlalchemy import select

from bot.domain.matching import PENDING
from bot.services.matching import pairing as matching
from bot.storage.orm import OfferRow, PairRow, PersonRow
from tests.support.matching import add_peer, add_seeker, run


async def offers_by_status(storage) -> list[tuple[str, str, str]]:
    async with storage.uow() as uow:
        rows = (await uow.session.execute(select(OfferRow))).scalars().all()
        return [(row.seeker_id, row.peer_id, row.status) for row in rows]


async def ready(storage, services, seeker):
    # The caller's copy of the seeker, as a handler would hold it.
    async with storage.uow() as uow:
        fresh = await uow.people.get(seeker.id)
        await matching.seeker_ready(uow, services, fresh)
        await uow.commit()


async def test_concurrent_seekers_never_overbook_a_peer(storage, clock, services):
    small = await add_peer(storage, clock, "Alex", capacity=1)
    large = await add_peer(storage, clock, "Sam", capacity=2)
    seekers = [await add_seeker(storage, clock, f"S{n}") for n in range(8)]

    await asyncio.gather(*(ready(storage, services, s) for s in seekers))

    pending = [o for o in await offers_by_status(storage) if o[2] == PENDING]
    per_peer = Counter(peer for _s, peer, _st in pending)
    assert per_peer == {small.id: 1, large.id: 2}
    per_seeker = Counter(seeker for seeker, _p, _st in pending)
    assert max(per_seeker.values()) == 1
    async with storage.uow() as uow:
        states = Counter(
            (
                await uow.session.execute(
                    select(PersonRow.seeker_state).where(PersonRow.id.in_([s.id for s in seekers]))
                )
            ).scalars()
        )
    assert states == {"offered": 3, "waiting": 5}


async def test_freed_peers_and_ready_seekers_racing_give_one_offer_per_seeker(
    storage, clock, services
):
    peers = [await add_peer(storage, clock, f"P{n}", capacity=2, away=True) for n in range(3)]
    _waiting = [await add_seeker(storage, clock, f"W{n}", state="waiting") for n in range(4)]
    fresh = [await add_seeker(storage, clock, f"F{n}") for n in range(4)]

    async def back(peer):
        async with storage.uow() as uow:
            current = await uow.people.get(peer.id)
            current.peer_away = False
            await uow.people.save(current)
            await matching.peer_freed(uow, services, current)
            await uow.commit()

    await asyncio.gather(*(back(p) for p in peers), *(ready(storage, services, s) for s in fresh))

    pending = [o for o in await offers_by_status(storage) if o[2] == PENDING]
    assert max(Counter(p for _s, p, _st in pending).values()) <= 2
    assert max(Counter(s for s, _p, _st in pending).values()) == 1
    # A seeker a racing peer_freed skipped (its row was busy) is picked up by the next sweep:
    # three peers with two places each, eight seekers.
    await run(storage, matching.expire_offers, services)
    pending = [o for o in await offers_by_status(storage) if o[2] == PENDING]
    assert len(pending) == 6
    assert max(Counter(p for _s, p, _st in pending).values()) == 2
    assert max(Counter(s for s, _p, _st in pending).values()) == 1


async def test_an_offer_is_either_accepted_or_expired_never_both(storage, clock, services):
    alex = await add_peer(storage, clock, "Alex", topics=("burnout", "grief"))
    await add_peer(storage, clock, "Sam")
    robin = await add_seeker(storage, clock, "Robin", topics=("burnout", "grief"))
    await ready(storage, services, robin)
    [(_s, peer_id, _st)] = await offers_by_status(storage)
    assert peer_id == alex.id
    async with storage.uow() as uow:
        offer_id = (await uow.session.execute(select(OfferRow.id))).scalar_one()
    clock.advance(minutes=61)

    await asyncio.gather(
        run(storage, matching.accept_offer, services, alex, offer_id, None),
        run(storage, matching.expire_offers, services),
    )

    statuses = Counter(st for _s, _p, st in await offers_by_status(storage))
    async with storage.uow() as uow:
        pairs = (await uow.session.execute(select(PairRow))).scalars().all()
    if statuses["accepted"]:
        # Accepted first: one pair, and the expiry sweep found nothing due.
        assert statuses == {"accepted": 1} and len(pairs) == 1
    else:
        # Expired first: the late Accept is refused and the next peer is asked.
        assert statuses == {"expired": 1, "pending": 1} and pairs == []
