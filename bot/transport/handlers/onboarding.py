"""Onboarding, consent and language: /start, /apply, /cancel, /language, their buttons, and the
typed answers of a flow in progress. Coordinators' side: onboarding_coordinators.py; the consent
gate in front of everything: onboarding_gate.py."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.ext import Application, CommandHandler, filters

from bot.domain.people import Person
from bot.services import greeting, onboarding, onboarding_flow
from bot.transport.context import EntraideContext
from bot.transport.handlers import onboarding_coordinators, onboarding_gate
from bot.transport.handlers.basic import sender
from bot.transport.registration import FLOW
from bot.transport.router import Router


def pressed_message(update: Update) -> int | None:
    """The message whose button was pressed, if Telegram still lets us edit it."""
    query = update.callback_query
    message = query.message if query else None
    return message.message_id if isinstance(message, Message) else None


async def on_start(update: Update, context: EntraideContext) -> None:
    """/start [invite code]: an invite, a flow to resume, or the welcome."""
    person = await sender(update, context)
    if person is not None:
        payload = context.args[0] if context.args else None
        await onboarding.start(context.uow, context.services, person, payload)


async def on_apply(update: Update, context: EntraideContext) -> None:
    """/apply: become a peer, through an application."""
    person = await sender(update, context)
    if person is not None:
        await onboarding.apply(context.uow, context.services, person)


async def on_cancel(update: Update, context: EntraideContext) -> None:
    """/cancel: leave the flow in progress."""
    person = await sender(update, context)
    if person is not None:
        await onboarding.cancel(context.uow, context.services, person)


async def on_language(update: Update, context: EntraideContext) -> None:
    """/language: choose the bot's language again."""
    person = await sender(update, context)
    if person is not None:
        await onboarding.change_language(context.uow, context.services, person)


async def on_flow_message(update: Update, context: EntraideContext, person: Person) -> bool:
    # Edits are left to the relay: an edited answer is not a new answer.
    message = update.message
    if message is None:
        return False
    return await onboarding.take_message(context.uow, context.services, person, message.text)


async def on_answer(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await onboarding.answer(context.uow, context.services, person, args, pressed_message(update))


async def on_resume(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await onboarding.resume_or_restart(
        context.uow, context.services, person, args, pressed_message(update)
    )


async def on_begin(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await onboarding.choose_role(context.uow, context.services, person, args)


def register(app: Application[Any, Any, Any, Any, Any, Any], router: Router) -> None:
    # New messages only: editing an old "/start" must not start anything again.
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    onboarding_gate.register(app)
    app.add_handler(CommandHandler("start", on_start, filters=private))
    app.add_handler(CommandHandler("apply", on_apply, filters=private))
    app.add_handler(CommandHandler("cancel", on_cancel, filters=private))
    app.add_handler(CommandHandler("language", on_language, filters=private))
    onboarding_coordinators.register(app)
    router.consume(FLOW, "onboarding", on_flow_message)
    router.on_button(onboarding_flow.GO, on_answer)
    router.on_button(onboarding_flow.RESUME, on_resume)
    router.on_button(greeting.BEGIN_ACTION, on_begin)
