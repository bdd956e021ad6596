"""Screening seekers' messages for risk (the full screening arrives with escalations)."""

from __future__ import annotations

from bot.domain.pairs import Pair
from bot.domain.people import Person
from bot.services.context import ServiceContext
from bot.storage.uow import UnitOfWork


async def screen_seeker_text(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, pair: Pair | None, text: str
) -> bool:
    """Called by the relay for every seeker text before it is passed on; True if it raised an
    automatic escalation (the relay then tells the peer that coordinators were alerted)."""
    return False
