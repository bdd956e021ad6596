"""Matching seekers with peers: the search, offers and their answers, pairs, the queue.

A *search* starts when a seeker is ready (``waiting_since`` is its start) and ends when they are
paired. During it each peer is asked at most once. Seeker states: waiting → offered → paired.

Lock order, so two transactions never wait on each other in a circle (Postgres; SQLite runs
one writer at a time anyway): offer row, then seeker row, then peer row. ``peer_freed`` starts
from the peer, so it only *tries* seekers' rows (SKIP LOCKED) and never waits on them; a seeker
it skipped is picked up by the periodic sweep.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from bot.domain import matching as rules
from bot.domain.matching import ACCEPTED, CANCELLED, DECLINED, EXPIRED, PENDING, Offer
from bot.domain.pairs import ACTIVE, Pair
from bot.domain.people import Person, new_code
from bot.services.context import ServiceContext
from bot.services.offers import introduce, make_offer, settle_message
from bot.services.outbox import say
from bot.storage.offers_repo import OffersRepository, QueueRepository
from bot.storage.orm import new_id
from bot.storage.pairs_repo import PairsRepository
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

WAITING, OFFERED, PAIRED = "waiting", "offered", "paired"
# A mark (an already-handled domain event) so a seeker is told they are queued once a search.
QUEUED_MARK = "matching.queued"


@dataclass
class Ranked:
    peer: Person
    score: float
    parts: dict[str, Any] = field(default_factory=dict)


def _weights(ctx: ServiceContext) -> rules.Weights:
    w = ctx.settings.matching.weights
    return rules.Weights(w.shared_experience, w.nice_to_have, w.availability, w.load_balance)


async def seeker_ready(uow: UnitOfWork, ctx: ServiceContext, seeker: Person) -> None:
    """Onboarding (or /newpeer, or a reassignment without a named peer) is done: offer the
    seeker to the best peer, or put them in the queue and tell them honestly.

    Says nothing when an offer goes out: the caller's own closing message covers it."""
    # Offers first, then the seeker: the lock order every answer to an offer follows too.
    await withdraw_offers(uow, ctx, seeker)
    await uow.repo(QueueRepository).lock_person(seeker.id)
    seeker.seeker_state = WAITING
    seeker.waiting_since = ctx.clock.now()
    await uow.people.save(seeker)
    await _search(uow, ctx, seeker)


async def rank_peers(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, exclude: frozenset[str] = frozenset()
) -> list[Ranked]:
    """Peers that pass every hard constraint for this seeker, best first, with score parts."""
    excluded = await _excluded(uow, seeker) | exclude
    loads = await uow.repo(OffersRepository).loads()
    # One query per 500 peers, not one per peer: with 10,000 peers the round trips alone took
    # seconds per seeker (bench/matching.py).
    # Full peers are left out before their rows are even read.
    peer_ids = await uow.repo(QueueRepository).available_peer_ids(loads)
    found = await uow.people.get_many_reusing(peer_ids)
    candidates = [
        rules.Candidate(found[peer_id], loads.get(peer_id, 0))
        for peer_id in peer_ids
        if peer_id in found
    ]
    return [
        Ranked(match.peer, match.score, dict(match.parts))
        for match in rules.rank(seeker, candidates, excluded, _weights(ctx))
    ]


async def _excluded(uow: UnitOfWork, seeker: Person) -> set[str]:
    """Past peers (ended, reported, blocked: never again) and peers asked in this search."""
    found = await uow.repo(PairsRepository).history_between(seeker.id)
    if seeker.waiting_since is not None:
        asked = uow.repo(OffersRepository).peers_asked_since(seeker.id, seeker.waiting_since)
        found |= await asked
    return found


async def _search(uow: UnitOfWork, ctx: ServiceContext, seeker: Person) -> bool:
    """The seeker's row is locked by the caller. Offers them to the best peer who still has
    room once locked; otherwise queues them."""
    if seeker.waiting_since is None:
        seeker.waiting_since = ctx.clock.now()
    excluded = await _excluded(uow, seeker)
    for ranked in await rank_peers(uow, ctx, seeker):
        if await _try_offer(uow, ctx, seeker, ranked.peer.id, excluded):
            return True
    await _queue(uow, ctx, seeker)
    return False


async def _try_offer(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, peer_id: str, excluded: set[str]
) -> bool:
    """Locks the peer and counts their load again (another seeker may just have taken the last
    place); a peer who no longer fits is released at once through the savepoint."""
    savepoint = await uow.session.begin_nested()
    locked = await uow.repo(QueueRepository).lock_person(peer_id)
    peer = await uow.people.get(peer_id) if locked else None
    load = await uow.repo(OffersRepository).load_of(peer_id)
    if peer is None or not rules.eligible(seeker, peer, load, excluded):
        await savepoint.rollback()
        return False
    await savepoint.commit()
    await _offer(uow, ctx, seeker, peer, load)
    return True


async def _offer(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, peer: Person, load: int
) -> None:
    parts = rules.score_parts(seeker, peer, load, _weights(ctx))
    await make_offer(uow, ctx, seeker, peer, parts)
    seeker.seeker_state = OFFERED
    await uow.people.save(seeker)
    log.info("offer made", extra={"seeker": seeker.code, "peer": peer.code})


async def _queue(uow: UnitOfWork, ctx: ServiceContext, seeker: Person) -> None:
    """Nobody fits right now: the seeker waits, and is told so once in this search."""
    seeker.seeker_state = WAITING
    await uow.people.save(seeker)
    queue = uow.repo(QueueRepository)
    assert seeker.waiting_since is not None
    if await queue.marked_since(QUEUED_MARK, seeker.id, seeker.waiting_since):
        return
    await queue.mark(QUEUED_MARK, seeker.id, ctx.clock.now())
    await say(uow, seeker, ctx.t(seeker.language, "matching.queued"))
    log.info("seeker queued", extra={"seeker": seeker.code})


async def _move_on(uow: UnitOfWork, ctx: ServiceContext, seeker_id: str) -> None:
    """The seeker's offer is settled without a pair: on to the next peer."""
    if not await uow.repo(QueueRepository).lock_person(seeker_id):
        return
    seeker = await uow.people.get(seeker_id)
    if seeker is None or seeker.seeker_state != OFFERED:
        return
    await _search(uow, ctx, seeker)


async def withdraw_offers(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, *, keep_peer: str | None = None
) -> None:
    """Cancels the seeker's pending offers (they were matched otherwise, start again, or
    leave); each peer asked is told the offer was withdrawn, except ``keep_peer``."""
    offers = uow.repo(OffersRepository)
    for offer in await offers.pending_for_seeker(seeker.id):
        await offers.decide(offer, CANCELLED, ctx.clock.now())
        peer = await uow.people.get(offer.peer_id)
        if peer is not None and peer.id != keep_peer:
            text = ctx.t(peer.language, "matching.offer_withdrawn", seeker=seeker.display_name)
            await say(uow, peer, text)


async def pair_up(
    uow: UnitOfWork,
    ctx: ServiceContext,
    seeker: Person,
    peer: Person,
    parts: dict[str, Any],
    *,
    handover_note: str | None = None,
) -> Pair:
    """Creates the active pair (used on offer acceptance and by coordinators' /match and
    /reassign), updates both people's states, and tells both sides kindly."""
    await withdraw_offers(uow, ctx, seeker, keep_peer=peer.id)
    queue = uow.repo(QueueRepository)
    await queue.lock_person(seeker.id)
    await queue.lock_person(peer.id)
    now = ctx.clock.now()
    pairs = uow.repo(PairsRepository)
    pair = Pair(
        id=new_id(),
        code=await _unused_pair_code(pairs),
        seeker_id=seeker.id,
        peer_id=peer.id,
        status=ACTIVE,
        created_at=now,
        score=dict(parts),
        handover_note=handover_note,
        last_activity_at=now,
    )
    await pairs.add(pair)
    seeker.seeker_state = PAIRED
    seeker.waiting_since = None
    await uow.people.save(seeker)
    await introduce(uow, ctx, pair, seeker, peer)
    log.info("pair made", extra={"pair": pair.code, "seeker": seeker.code, "peer": peer.code})
    return pair


async def _unused_pair_code(pairs: PairsRepository) -> str:
    while True:
        code = "P" + new_code()[:5]
        if await pairs.by_code(code) is None:
            return code


async def peer_freed(uow: UnitOfWork, ctx: ServiceContext, peer: Person) -> None:
    """A peer has room again (a pair ended, capacity raised, back from away, newly approved):
    offer waiting seekers, longest waiting first, while the peer has room."""
    queue = uow.repo(QueueRepository)
    if not await queue.lock_person(peer.id):
        return
    fresh = await uow.people.get(peer.id)
    if fresh is None:
        return
    load = await uow.repo(OffersRepository).load_of(peer.id)
    for seeker_id in await queue.seekers_in((WAITING,)):
        if rules.peer_violations(fresh, load):
            return
        if seeker_id == fresh.id or not await queue.lock_person(seeker_id, skip_locked=True):
            continue
        seeker = await uow.people.get(seeker_id)
        if seeker is None or seeker.seeker_state != WAITING:
            continue
        if rules.eligible(seeker, fresh, load, await _excluded(uow, seeker)):
            await _offer(uow, ctx, seeker, fresh, load)
            load += 1


async def peer_unavailable(uow: UnitOfWork, ctx: ServiceContext, peer: Person) -> int:
    """The peer went away: their pending offers go to the next peers. Returns how many."""
    offers = uow.repo(OffersRepository)
    pending = await offers.pending_for_peer(peer.id)
    for offer in pending:
        await offers.decide(offer, CANCELLED, ctx.clock.now())
        await _move_on(uow, ctx, offer.seeker_id)
    return len(pending)


async def expire_offers(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Offers past ``matching.offer_timeout_minutes`` move to the next candidate; returns how
    many expired. Called periodically by the scheduler, which is also when waiting seekers
    get another look."""
    now = ctx.clock.now()
    offers = uow.repo(OffersRepository)
    due = await offers.due(now)
    for offer in due:
        await offers.decide(offer, EXPIRED, now)
        peer = await uow.people.get(offer.peer_id)
        seeker = await uow.people.get(offer.seeker_id)
        if peer is not None and seeker is not None:
            text = ctx.t(peer.language, "matching.offer_expired", seeker=seeker.display_name)
            await say(uow, peer, text)
        await _move_on(uow, ctx, offer.seeker_id)
    await _rematch_waiting(uow, ctx)
    return len(due)


async def _rematch_waiting(uow: UnitOfWork, ctx: ServiceContext) -> None:
    """A safety net behind ``peer_freed``: a seeker it skipped (row busy) still gets a peer."""
    queue = uow.repo(QueueRepository)
    waiting = await queue.seekers_in((WAITING,))
    if not waiting:
        return
    loads = await uow.repo(OffersRepository).loads()
    # The query checks what peer_violations would (approved, here, active, reachable, room),
    # without opening every peer: this runs on every tick while anyone waits.
    if not await queue.available_peer_ids(loads):
        return
    for seeker_id in waiting:
        if not await queue.lock_person(seeker_id, skip_locked=True):
            continue
        seeker = await uow.people.get(seeker_id)
        if seeker is not None and seeker.seeker_state == WAITING:
            await _search(uow, ctx, seeker)


async def _answerable(
    uow: UnitOfWork, ctx: ServiceContext, peer: Person, offer_id: str, message_id: int | None
) -> Offer | None:
    """The offer locked, if it is this peer's and still open; otherwise the peer is told (an
    offer already answered by this very peer, e.g. a double tap, needs no second word)."""
    offer = await uow.repo(OffersRepository).get_locked(offer_id)
    if offer is not None and offer.peer_id == peer.id and offer.status == PENDING:
        return offer
    if offer is None or offer.peer_id != peer.id or offer.status not in (ACCEPTED, DECLINED):
        await settle_message(uow, peer, message_id, ctx.t(peer.language, "matching.offer_closed"))
    return None


async def accept_offer(
    uow: UnitOfWork, ctx: ServiceContext, peer: Person, offer_id: str, message_id: int | None
) -> Pair | None:
    """The peer pressed Accept: the pair is made and both sides are introduced."""
    offer = await _answerable(uow, ctx, peer, offer_id, message_id)
    if offer is None:
        return None
    await uow.repo(QueueRepository).lock_person(offer.seeker_id)
    seeker = await uow.people.get(offer.seeker_id)
    if seeker is None or seeker.seeker_state != OFFERED:
        await uow.repo(OffersRepository).decide(offer, CANCELLED, ctx.clock.now())
        await settle_message(uow, peer, message_id, ctx.t(peer.language, "matching.offer_closed"))
        return None
    await uow.repo(OffersRepository).decide(offer, ACCEPTED, ctx.clock.now())
    text = ctx.t(peer.language, "matching.offer_accepted", seeker=seeker.display_name)
    await settle_message(uow, peer, message_id, text)
    return await pair_up(uow, ctx, seeker, peer, offer.parts)


async def decline_offer(
    uow: UnitOfWork, ctx: ServiceContext, peer: Person, offer_id: str, message_id: int | None
) -> None:
    """The peer pressed Decline: thanked, and the seeker's offer goes to the next peer."""
    offer = await _answerable(uow, ctx, peer, offer_id, message_id)
    if offer is None:
        return
    await uow.repo(OffersRepository).decide(offer, DECLINED, ctx.clock.now())
    await settle_message(uow, peer, message_id, ctx.t(peer.language, "matching.offer_declined"))
    await _move_on(uow, ctx, offer.seeker_id)
