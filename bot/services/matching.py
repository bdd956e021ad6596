"""Matching seekers with peers. Interface agreed between features; bodies to be completed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.domain.pairs import Pair
from bot.domain.people import Person
from bot.services.context import ServiceContext
from bot.storage.uow import UnitOfWork


@dataclass
class Ranked:
    peer: Person
    score: float
    parts: dict[str, Any] = field(default_factory=dict)


async def seeker_ready(uow: UnitOfWork, ctx: ServiceContext, seeker: Person) -> None:
    """Onboarding (or /newpeer, or a reassignment without a named peer) is done: offer the
    seeker to the best peer, or put them in the queue and tell them honestly."""
    seeker.seeker_state = "waiting"
    seeker.waiting_since = ctx.clock.now()
    await uow.people.save(seeker)


async def rank_peers(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, exclude: frozenset[str] = frozenset()
) -> list[Ranked]:
    """Peers that pass every hard constraint for this seeker, best first, with score parts."""
    raise NotImplementedError


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
    raise NotImplementedError


async def peer_freed(uow: UnitOfWork, ctx: ServiceContext, peer: Person) -> None:
    """A peer has room again (a pair ended, capacity raised, back from away): offer waiting
    seekers."""


async def expire_offers(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Offers past ``matching.offer_timeout_minutes`` move to the next candidate; returns how
    many expired. Called periodically by the scheduler."""
    return 0
