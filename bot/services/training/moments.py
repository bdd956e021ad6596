"""Hard moments that earn a peer a debrief offer, as other features announce them (domain
events, wired in bot/services/reactions.py)."""

from __future__ import annotations

from bot.domain.events import (
    CircleSessionClosed,
    EscalationOpened,
    HeavyCheckin,
    PairBlocked,
    PairReassigned,
)
from bot.domain.pairs import Pair
from bot.domain.supervision import DebriefTrigger
from bot.services.shared.context import ServiceContext
from bot.services.training import debriefs
from bot.storage.uow import UnitOfWork


async def escalation_opened(uow: UnitOfWork, ctx: ServiceContext, event: EscalationOpened) -> None:
    """The peer of the pair it is about (named, or the subject's open pairs as a seeker); never
    the peer the escalation is about (they need the escalation, not a debrief offer)."""
    pairs: list[Pair] = []
    if event.pair_id is not None:
        pair = await uow.pairs.get(event.pair_id)
        if pair is not None:
            pairs.append(pair)
    elif event.subject_id is not None:
        pairs = [
            p for p in await uow.pairs.open_for(event.subject_id) if p.seeker_id == event.subject_id
        ]
    trigger = DebriefTrigger.REPORTED if event.kind == "report" else DebriefTrigger.ESCALATION
    for peer_id in {p.peer_id for p in pairs if p.peer_id != event.subject_id}:
        await debriefs.offer(uow, ctx, peer_id, trigger)


async def heavy_checkin(uow: UnitOfWork, ctx: ServiceContext, event: HeavyCheckin) -> None:
    await debriefs.offer(uow, ctx, event.peer_id, DebriefTrigger.CHECKIN)


async def pair_reassigned(uow: UnitOfWork, ctx: ServiceContext, event: PairReassigned) -> None:
    await debriefs.offer(uow, ctx, event.peer_id, DebriefTrigger.REASSIGNED)


async def pair_blocked(uow: UnitOfWork, ctx: ServiceContext, event: PairBlocked) -> None:
    await debriefs.offer(uow, ctx, event.peer_id, DebriefTrigger.BLOCKED)


async def circle_closed(uow: UnitOfWork, ctx: ServiceContext, event: CircleSessionClosed) -> None:
    """Each facilitator who is a peer: one more circle counted in their load, and an offer."""
    now = ctx.clock.now()
    for person_id in event.facilitator_ids:
        person = await uow.people.get(person_id)
        if person is None or not person.approved_peer:
            continue
        await uow.training.count_circle(person.id, now.strftime("%Y-%m"), now)
        await debriefs.offer(uow, ctx, person.id, DebriefTrigger.CIRCLE)
