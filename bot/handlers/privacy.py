"""Your data: /mydata and /forgetme (confirmed with a button)."""

from __future__ import annotations

from telegram import Update

from bot.domain.people import Person
from bot.handlers.common import pressed_message_id
from bot.handlers.context import EntraideContext
from bot.services.privacy import rights as privacy


async def on_mydata(update: Update, context: EntraideContext, person: Person) -> None:
    """/mydata: everything stored about this person, as a file."""
    await privacy.send_export(context.uow, context.services, person)


async def on_forgetme(update: Update, context: EntraideContext, person: Person) -> None:
    """/forgetme: asks for confirmation first."""
    await privacy.ask_forget(context.uow, context.services, person)


async def on_forget(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await privacy.forget(context.uow, context.services, person, pressed_message_id(update))


async def on_keep(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await privacy.keep(context.uow, context.services, person, pressed_message_id(update))
