"""Coordinator commands: to anyone else they do not exist."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update

from bot.domain.people import Person
from bot.services import greeting
from bot.transport.context import EntraideContext
from bot.transport.handlers.basic import sender

CoordinatorHandler = Callable[[Update, EntraideContext, Person], Awaitable[None]]
# PTB wants a coroutine function, not just something returning an awaitable.
Handler = Callable[[Update, EntraideContext], Coroutine[Any, Any, None]]


def coordinator_only(handler: CoordinatorHandler) -> Handler:
    """Non-coordinators get exactly the ordinary unknown-command answer, and nothing is
    recorded: the command set is not even confirmed to exist."""

    @functools.wraps(handler)
    async def wrapped(update: Update, context: EntraideContext) -> None:
        person = await sender(update, context)
        if person is None:
            return
        if not person.has_coordinator_power():
            await greeting.unknown_command(context.uow, context.services, person)
            return
        await handler(update, context, person)

    return wrapped
