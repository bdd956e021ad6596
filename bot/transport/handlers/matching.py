"""Matching handlers: a peer answers an offer; a peer's /away, /back and /capacity N."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.domain.people import Person
from bot.services import matching, peer_status
from bot.services.offers import ACCEPT, DECLINE
from bot.transport.context import EntraideContext
from bot.transport.handlers.basic import sender
from bot.transport.router import Router


def _pressed_message_id(update: Update) -> int | None:
    query = update.callback_query
    return query.message.message_id if query is not None and query.message else None


async def on_accept(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    """Accept on an offer: the pair is made."""
    if args:
        await matching.accept_offer(
            context.uow, context.services, person, args[0], _pressed_message_id(update)
        )


async def on_decline(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    """Decline on an offer: the seeker goes to the next peer."""
    if args:
        await matching.decline_offer(
            context.uow, context.services, person, args[0], _pressed_message_id(update)
        )


async def on_away(update: Update, context: EntraideContext) -> None:
    """/away: no new offers for now."""
    person = await sender(update, context)
    if person is not None:
        await peer_status.go_away(context.uow, context.services, person)


async def on_back(update: Update, context: EntraideContext) -> None:
    """/back: offers again."""
    person = await sender(update, context)
    if person is not None:
        await peer_status.come_back(context.uow, context.services, person)


async def on_capacity(update: Update, context: EntraideContext) -> None:
    """/capacity N: how many seekers at once."""
    person = await sender(update, context)
    if person is not None:
        await peer_status.set_capacity(
            context.uow, context.services, person, list(context.args or [])
        )


def register(app: Application[Any, Any, Any, Any, Any, Any], router: Router) -> None:
    # New messages only: editing an old "/capacity 3" must not run it again.
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("away", on_away, filters=private))
    app.add_handler(CommandHandler("back", on_back, filters=private))
    app.add_handler(CommandHandler("capacity", on_capacity, filters=private))
    router.on_button(ACCEPT, on_accept)
    router.on_button(DECLINE, on_decline)
