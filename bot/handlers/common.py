"""What every handler module needs: who sent the update, which message was pressed, the words
after a command, and the coordinator guard."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Message, Update

from bot.domain.people import Person
from bot.handlers.context import EntraideContext
from bot.services.shared import people, replies

PersonCommand = Callable[[Update, EntraideContext, Person], Awaitable[None]]
# PTB wants a coroutine function, not just something returning an awaitable.
Handler = Callable[[Update, EntraideContext], Coroutine[Any, Any, None]]


async def sender(update: Update, context: EntraideContext) -> Person | None:
    """The person who sent this update, identified once per update: the consent gate and the
    handler that takes the update both ask, and opening a person is not free."""
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    cache = context.state.cache
    key = f"sender:{user.id}"
    if key not in cache:
        cache[key] = await people.identify(
            context.uow, context.services, user.id, user.language_code
        )
    person: Person = cache[key]
    return person


def pressed_message_id(update: Update) -> int | None:
    """The message whose button was pressed, if Telegram still lets us edit it (a message too
    old to edit comes as an inaccessible message): the service takes its buttons off."""
    query = update.callback_query
    message = query.message if query is not None else None
    return message.message_id if isinstance(message, Message) else None


def rest_of_command(update: Update) -> str:
    """The words after the command, exactly as typed (line breaks included)."""
    text = update.effective_message.text if update.effective_message else None
    parts = (text or "").split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


def first_arg(context: EntraideContext) -> str | None:
    return context.args[0] if context.args else None


def for_person(handler: PersonCommand) -> Handler:
    """A command handler that needs the sender: updates from no person (a bot) are ignored."""

    @functools.wraps(handler)
    async def run(update: Update, context: EntraideContext) -> None:
        person = await sender(update, context)
        if person is not None:
            await handler(update, context, person)

    return run


def coordinator_only(handler: PersonCommand) -> Handler:
    """Non-coordinators get exactly the ordinary unknown-command answer, and nothing is
    recorded: the command set is not even confirmed to exist."""

    @functools.wraps(handler)
    async def run(update: Update, context: EntraideContext) -> None:
        person = await sender(update, context)
        if person is None:
            return
        if not person.has_coordinator_power():
            await replies.unknown_command(context.uow, context.services, person)
            return
        await handler(update, context, person)

    return run
