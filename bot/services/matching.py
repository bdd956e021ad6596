"""Matching seekers with peers (the full service arrives with the matching work)."""

from __future__ import annotations

from bot.domain.people import Person
from bot.services.context import ServiceContext
from bot.storage.uow import UnitOfWork


async def seeker_ready(uow: UnitOfWork, ctx: ServiceContext, seeker: Person) -> None:
    """Onboarding is done: the seeker waits for a peer from now on."""
    seeker.seeker_state = "waiting"
    seeker.waiting_since = ctx.clock.now()
    await uow.people.save(seeker)
