"""Ending and changing pairs. Interface agreed between features; bodies to be completed."""

from __future__ import annotations

from bot.domain.pairs import Pair
from bot.domain.people import Person
from bot.services.context import ServiceContext
from bot.storage.uow import UnitOfWork


async def end_pair(
    uow: UnitOfWork,
    ctx: ServiceContext,
    pair: Pair,
    *,
    reason: str,
    by: Person | None,
    notify: bool = True,
) -> None:
    """Ends an open pair (reason: seeker | peer | coordinator | reassigned | blocked |
    reported | forgotten | unreachable), tells both sides kindly when ``notify``, clears focus,
    and gives the peer's freed capacity to matching (``matching.peer_freed``)."""
    raise NotImplementedError
