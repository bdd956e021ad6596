"""Your data: /mydata and /forgetme (confirmed with a button)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.domain.people import Person
from bot.services import privacy
from bot.transport.context import EntraideContext
from bot.transport.handlers.basic import sender
from bot.transport.router import Router


async def on_mydata(update: Update, context: EntraideContext) -> None:
    person = await sender(update, context)
    if person is not None:
        await privacy.send_export(context.uow, context.services, person)


async def on_forgetme(update: Update, context: EntraideContext) -> None:
    person = await sender(update, context)
    if person is not None:
        await privacy.ask_forget(context.uow, context.services, person)


def _prompt_id(update: Update) -> int | None:
    query = update.callback_query
    message = query.message if query is not None else None
    return message.message_id if message is not None else None


async def on_forget(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    erased = await privacy.forget(context.uow, context.services, person, _prompt_id(update))
    keys = context.uow.cipher.person_keys

    async def destroy() -> None:
        # Only once the erasure is committed: destroying first and then failing to commit
        # would leave their rows in place, unreadable by anyone, them included.
        await keys.destroy(erased)

    context.state.after_commit.append(destroy)


async def on_keep(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await privacy.keep(context.uow, context.services, person, _prompt_id(update))


def register(app: Application[Any, Any, Any, Any, Any, Any], router: Router) -> None:
    # New messages only: editing an old /forgetme must not ask again.
    new_private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("mydata", on_mydata, filters=new_private))
    app.add_handler(CommandHandler("forgetme", on_forgetme, filters=new_private))
    router.on_button(privacy.FORGET_ACTION, on_forget)
    router.on_button(privacy.KEEP_ACTION, on_keep)
