"""Matching handlers: a peer answers an offer; a peer's /away, /back and /capacity N."""

from __future__ import annotations

from telegram import Update

from bot.domain.people import Person
from bot.handlers.common import pressed_message_id
from bot.handlers.context import EntraideContext
from bot.services.matching import pairing as matching
from bot.services.matching import peer_status


async def on_accept(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    """Accept on an offer: the pair is made."""
    await matching.accept_offer(
        context.uow, context.services, person, args[0], pressed_message_id(update)
    )


async def on_decline(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    """Decline on an offer: the seeker goes to the next peer."""
    await matching.decline_offer(
        context.uow, context.services, person, args[0], pressed_message_id(update)
    )


async def on_away(update: Update, context: EntraideContext, person: Person) -> None:
    """/away: no new offers for now."""
    await peer_status.go_away(context.uow, context.services, person)


async def on_back(update: Update, context: EntraideContext, person: Person) -> None:
    """/back: offers again."""
    await peer_status.come_back(context.uow, context.services, person)


async def on_capacity(update: Update, context: EntraideContext, person: Person) -> None:
    """/capacity N: how many seekers at once."""
    await peer_status.set_capacity(context.uow, context.services, person, list(context.args or []))
