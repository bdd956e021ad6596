"""Who reacts to what: the one place where one feature's events meet another feature's code.

Listed here rather than in the features so that the publishing feature never imports the
reacting one (import-linter keeps the features acyclic).
"""

from __future__ import annotations

from bot.domain.events import (
    CircleSessionClosed,
    EscalationOpened,
    HeavyCheckin,
    PairBlocked,
    PairReassigned,
    PeerHasRoom,
    PeerUnavailable,
    SeekerLooking,
    SeekerSearchResumed,
    SeekerStoppedLooking,
)
from bot.services.matching import pairing
from bot.services.shared.context import Reactions, ServiceContext
from bot.services.training import moments
from bot.services.training import path as training_path
from bot.storage.uow import UnitOfWork


async def _offer_waiting_seekers(uow: UnitOfWork, ctx: ServiceContext, event: PeerHasRoom) -> None:
    await pairing.peer_freed(uow, ctx, event.peer)


async def _find_a_peer(uow: UnitOfWork, ctx: ServiceContext, event: SeekerLooking) -> None:
    await pairing.seeker_ready(uow, ctx, event.seeker)


async def _withdraw_offers(
    uow: UnitOfWork, ctx: ServiceContext, event: SeekerStoppedLooking
) -> None:
    await pairing.withdraw_offers(uow, ctx, event.seeker)


async def _resume_search(uow: UnitOfWork, ctx: ServiceContext, event: SeekerSearchResumed) -> None:
    await pairing.resume_search(uow, ctx, event.seeker)


async def _pass_offers_on(uow: UnitOfWork, ctx: ServiceContext, event: PeerUnavailable) -> None:
    await pairing.peer_unavailable(uow, ctx, event.peer)


async def _training_gate(uow: UnitOfWork, ctx: ServiceContext, event: PeerHasRoom) -> None:
    await training_path.gate_new_peer(uow, ctx, event.peer)


REACTIONS: Reactions = {
    # The training gate first: a newly approved peer is held before matching looks at them.
    PeerHasRoom: [_training_gate, _offer_waiting_seekers],
    SeekerLooking: [_find_a_peer],
    SeekerStoppedLooking: [_withdraw_offers],
    SeekerSearchResumed: [_resume_search],
    PeerUnavailable: [_pass_offers_on],
    # Hard moments: the peers concerned are offered a debrief (training).
    EscalationOpened: [moments.escalation_opened],
    HeavyCheckin: [moments.heavy_checkin],
    PairReassigned: [moments.pair_reassigned],
    PairBlocked: [moments.pair_blocked],
    CircleSessionClosed: [moments.circle_closed],
}
