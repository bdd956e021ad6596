"""Matching seekers with peers: the search, offers and their answers, pairs, the queue.

A *search* starts when a seeker is ready (``waiting_since`` is its start) and ends when they are
paired. During it each peer is asked at most once. Seeker states: waiting → offered → paired.

Lock order, so two transactions never wait on each other in a circle (Postgres; SQLite runs
one writer at a time anyway): offer row, then seeker row, then peer row. ``peer_freed`` starts
from the peer, so it only *tries* seekers' rows (SKIP LOCKED) and never waits on them; a seeker
it skipped is picked up by the periodic sweep.

Ranking reads no row lock: it takes every available peer's revision, capacity and load as this
transaction sees them, and the profiles from the process's peer directory, checked against
those revisions (bot/storage/peer_directory.py). What it proposes is only a candidate:
``_try_offer`` locks the peer's row and reads it, and counts their load again, before any offer
(on SQLite the load the ranking read is still exact then: see ``_try_offer``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.domain import matching as rules
from bot.domain.offers import ANSWERED, Offer
from bot.domain.pairs import ACTIVE, Pair
from bot.domain.people import Person, SeekerState, new_code
from bot.services.matching.offers import introduce, make_offer, settle_message
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.pairs_repo import PairsRepository
from bot.storage.peer_directory import DIRECTORY, AvailablePeers, RankedPeer
from bot.storage.repositories import new_id
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

WAITING, OFFERED, PAIRED = SeekerState.WAITING, SeekerState.OFFERED, SeekerState.PAIRED
# A mark (an already-handled domain event) so a seeker is told they are queued once a search.
QUEUED_MARK = "matching.queued"


@dataclass
class Ranked:
    """A peer who fits, with the score's parts."""

    peer: Person
    score: float
    parts: dict[str, Any] = field(default_factory=dict)


def _weights(ctx: ServiceContext) -> rules.Weights:
    w = ctx.settings.matching.weights
    return rules.Weights(w.shared_experience, w.nice_to_have, w.availability, w.load_balance)


async def seeker_ready(uow: UnitOfWork, ctx: ServiceContext, seeker: Person) -> None:
    """Onboarding (or /newpeer, or a reassignment without a named peer) is done: offer the
    seeker to the best peer, or put them in the queue and tell them honestly.

    Says nothing when an offer goes out: the caller's own closing message covers it. Nothing
    at all for someone suspended: they are never matched (``Person.may_be_matched``)."""
    if not seeker.may_be_matched:
        log.info("not matched: on hold", extra={"seeker": seeker.code})
        return
    # Offers first, then the seeker: the lock order every answer to an offer follows too.
    await withdraw_offers(uow, ctx, seeker)
    await uow.queue.lock_person(seeker.id)
    seeker.start_waiting(ctx.clock.now())
    # Not saved yet: the search saves the seeker with its outcome (offered, or waiting).
    await _search(uow, ctx, seeker)


async def rank_peers(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, exclude: frozenset[str] = frozenset()
) -> list[Ranked]:
    """Peers that pass every hard constraint for this seeker, best first, with score parts;
    none for a suspended seeker (coordinators' /match and /reassign ask here too)."""
    if not seeker.may_be_matched:
        return []
    ranking, _excluded = await _ranking(uow, ctx, seeker, exclude)
    ranked = list(ranking)
    # Whole people only for this list (coordinators' commands): a search needs only ids.
    people = await uow.people.get_many_unkept(peer.id for peer in ranked)
    return [Ranked(people[peer.id], peer.score, peer.parts) for peer in ranked if peer.id in people]


async def _ranking(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, exclude: frozenset[str] = frozenset()
) -> tuple[Iterator[RankedPeer], set[str]]:
    """``rules.rank`` over every available peer, lazily, and the peers excluded (``_excluded``
    and ``exclude``). The peer directory keeps peers' profiles opened across searches and
    ranks on whole vectors (bot/storage/peer_directory.py): opening and ranking 10,000 peers
    one by one for every seeker took 400 ms (docs/performance.md)."""
    available = await uow.queue.available_peers(
        seeker.id, seeker.waiting_since, languages=DIRECTORY.needs_languages
    )
    excluded = available.never_again | exclude
    weights = _weights(ctx)
    if available.count <= DIRECTORY.max_peers and DIRECTORY.can_rank(seeker, available):
        await _refresh_directory(uow, available)
        return DIRECTORY.rank(seeker, available, excluded, weights), excluded
    # What the directory cannot hold or express: the rules themselves, over everyone with room
    # opened for this search alone (full peers are left out before being opened).
    with_room = available.with_room()
    found = await uow.people.get_many_unkept(with_room)
    loads = available.loads
    candidates = [rules.Candidate(found[pid], loads[pid]) for pid in with_room if pid in found]
    ranked = (
        RankedPeer(match.peer.id, match.peer.code, match.score, match.parts, loads[match.peer.id])
        for match in rules.rank(seeker, candidates, excluded, weights)
    )
    return ranked, excluded


async def _refresh_directory(uow: UnitOfWork, available: AvailablePeers) -> None:
    """Opens the available peers the directory lacks or holds at another profile revision
    or language, and drops those no longer available."""
    stale = DIRECTORY.stale(available)
    complete = True
    if stale:
        # Rows this transaction wrote may still be rolled back: used for this search only.
        held = uow.queue.written()
        read = {pid: (rev, lang) for pid, rev, lang in stale}
        opened = await uow.queue.open_peers(read)
        for peer in opened:
            trusted = peer.id not in held
            DIRECTORY.admit(peer, trusted=trusted)
            # Changed again since the search's first read: right for now, checked next time.
            rev, language = read[peer.id]
            if not trusted or str(peer.profile_rev) != rev:
                complete = False
            elif language is not None and (peer.language or "") != language:
                complete = False
        complete = complete and len(opened) == len(read)
    DIRECTORY.settle(available, complete=complete)


async def _excluded(uow: UnitOfWork, seeker: Person) -> set[str]:
    """Past peers (ended, reported, blocked: never again) and peers asked in this search."""
    return await uow.offers.never_again(seeker.id, seeker.waiting_since)


async def _search(uow: UnitOfWork, ctx: ServiceContext, seeker: Person) -> bool:
    """The seeker's row is locked by the caller. Offers them to the best peer who still has
    room once locked; otherwise queues them. A suspended seeker is neither."""
    if not seeker.may_be_matched:
        return False
    if seeker.waiting_since is None:
        seeker.waiting_since = ctx.clock.now()
    ranked, excluded = await _ranking(uow, ctx, seeker)
    # Lazily ranked: nearly always the first peer takes the offer and the rest is never sorted.
    for peer in ranked:
        if await _try_offer(uow, ctx, seeker, peer, excluded):
            return True
    await _queue(uow, ctx, seeker)
    return False


async def _try_offer(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, ranked: RankedPeer, excluded: set[str]
) -> bool:
    """Locks the peer, reads their row and counts their load again (another seeker may just
    have taken the last place); a peer who no longer fits is released at once through the
    hold (``QueueRepository.hold_peer``: a savepoint where rows lock; on SQLite, which runs one
    write transaction at a time, this one since before the ranking read the loads, neither
    savepoint nor recount)."""
    hold = await uow.queue.hold_peer(ranked.id)
    peer = await uow.people.get(ranked.id) if hold.locked else None
    load = await hold.load(ranked.load)
    if peer is None or not rules.eligible(seeker, peer, load, excluded):
        await hold.release()
        return False
    await hold.keep()
    await _offer(uow, ctx, seeker, peer, load)
    return True


async def _offer(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, peer: Person, load: int
) -> None:
    parts = rules.score_parts(seeker, peer, load, _weights(ctx))
    await make_offer(uow, ctx, seeker, peer, parts)
    seeker.offered()
    await uow.people.save(seeker)
    log.info("offer made", extra={"seeker": seeker.code, "peer": peer.code})


async def _queue(uow: UnitOfWork, ctx: ServiceContext, seeker: Person) -> None:
    """Nobody fits right now: the seeker waits, and is told so once in this search."""
    seeker.keep_waiting()
    await uow.people.save(seeker)
    queue = uow.queue
    assert seeker.waiting_since is not None
    if await queue.marked_since(QUEUED_MARK, seeker.id, seeker.waiting_since):
        return
    await queue.mark(QUEUED_MARK, seeker.id, ctx.clock.now())
    await say(uow, seeker, ctx.t(seeker.language, "matching.queued"))
    log.info("seeker queued", extra={"seeker": seeker.code})


async def _move_on(uow: UnitOfWork, ctx: ServiceContext, seeker_id: str) -> None:
    """The seeker's offer is settled without a pair: on to the next peer."""
    if not await uow.queue.lock_person(seeker_id):
        return
    seeker = await uow.people.get(seeker_id)
    if seeker is None or seeker.seeker_state is not OFFERED:
        return
    await _search(uow, ctx, seeker)


async def resume_search(uow: UnitOfWork, ctx: ServiceContext, seeker: Person) -> None:
    """A search interrupted by a suspension goes on where it was: the same ``waiting_since``
    (their place in the queue, the peers already asked), not a new search."""
    if not await uow.queue.lock_person(seeker.id):
        return
    fresh = await uow.people.get(seeker.id)
    if fresh is None or fresh.seeker_state not in (SeekerState.NONE, WAITING):
        return
    fresh.keep_waiting()
    await _search(uow, ctx, fresh)


async def withdraw_offers(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, *, keep_peer: str | None = None
) -> None:
    """Cancels the seeker's pending offers (they were matched otherwise, start again, or
    leave); each peer asked is told the offer was withdrawn, except ``keep_peer``."""
    for offer in await uow.offers.pending_for_seeker(seeker.id):
        offer.cancel(ctx.clock.now())
        await uow.offers.save_decision(offer)
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
    await uow.queue.lock_person(seeker.id)
    await uow.queue.lock_person(peer.id)
    now = ctx.clock.now()
    pairs = uow.pairs
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
    seeker.matched()
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
    queue = uow.queue
    if not await queue.lock_person(peer.id):
        return
    fresh = await uow.people.get(peer.id)
    if fresh is None:
        return
    load = await uow.offers.load_of(peer.id)
    held = bool(await uow.training.held_ids([peer.id]))
    for seeker_id in await queue.seekers_in((WAITING,)):
        if rules.peer_violations(fresh, load, training_held=held):
            return
        if seeker_id == fresh.id or not await queue.lock_person(seeker_id, skip_locked=True):
            continue
        seeker = await uow.people.get(seeker_id)
        if seeker is None or seeker.seeker_state is not WAITING or not seeker.may_be_matched:
            continue
        if rules.eligible(seeker, fresh, load, await _excluded(uow, seeker)):
            await _offer(uow, ctx, seeker, fresh, load)
            load += 1


async def peer_unavailable(uow: UnitOfWork, ctx: ServiceContext, peer: Person) -> int:
    """The peer went away: their pending offers go to the next peers. Returns how many."""
    pending = await uow.offers.pending_for_peer(peer.id)
    for offer in pending:
        offer.cancel(ctx.clock.now())
        await uow.offers.save_decision(offer)
        await _move_on(uow, ctx, offer.seeker_id)
    return len(pending)


async def expire_offers(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Offers past ``matching.offer_timeout_minutes`` move to the next candidate; returns how
    many expired. Called periodically by the scheduler, which is also when waiting seekers
    get another look."""
    now = ctx.clock.now()
    due = await uow.offers.due(now)
    for offer in due:
        offer.expire(now)
        await uow.offers.save_decision(offer)
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
    queue = uow.queue
    waiting = await queue.seekers_in((WAITING,))
    if not waiting:
        return
    # The query checks what peer_violations would (approved, here, active, reachable, room),
    # without opening every peer: this runs on every tick while anyone waits.
    if not (await queue.available_peers()).any_room():
        return
    for seeker_id in waiting:
        if not await queue.lock_person(seeker_id, skip_locked=True):
            continue
        seeker = await uow.people.get(seeker_id)
        if seeker is not None and seeker.seeker_state is WAITING:
            await _search(uow, ctx, seeker)


async def _answerable(
    uow: UnitOfWork, ctx: ServiceContext, peer: Person, offer_id: str, message_id: int | None
) -> Offer | None:
    """The offer locked, if it is this peer's and still open; otherwise the peer is told (an
    offer already answered by this very peer, e.g. a double tap, needs no second word)."""
    offer = await uow.offers.get_locked(offer_id)
    if offer is not None and offer.open_to(peer.id):
        return offer
    if offer is None or offer.peer_id != peer.id or offer.status not in ANSWERED:
        await settle_message(uow, peer, message_id, ctx.t(peer.language, "matching.offer_closed"))
    return None


async def accept_offer(
    uow: UnitOfWork, ctx: ServiceContext, peer: Person, offer_id: str, message_id: int | None
) -> Pair | None:
    """The peer pressed Accept: the pair is made and both sides are introduced."""
    offer = await _answerable(uow, ctx, peer, offer_id, message_id)
    if offer is None:
        return None
    await uow.queue.lock_person(offer.seeker_id)
    seeker = await uow.people.get(offer.seeker_id)
    on_hold = not peer.may_be_matched or (seeker is not None and not seeker.may_be_matched)
    if seeker is None or seeker.seeker_state is not OFFERED or on_hold:
        offer.cancel(ctx.clock.now())
        await uow.offers.save_decision(offer)
        await settle_message(uow, peer, message_id, ctx.t(peer.language, "matching.offer_closed"))
        return None
    offer.accept(ctx.clock.now())
    await uow.offers.save_decision(offer)
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
    offer.decline(ctx.clock.now())
    await uow.offers.save_decision(offer)
    await settle_message(uow, peer, message_id, ctx.t(peer.language, "matching.offer_declined"))
    await _move_on(uow, ctx, offer.seeker_id)
