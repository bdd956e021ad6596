"""Onboarding, consent and language: /start, /apply, /cancel, /language, their buttons, and the
typed answers of a flow in progress. Coordinators' side: onboarding_coordinators.py; the consent
gate in front of everything: consent_gate.py."""

from __future__ import annotations

from telegram import Update

from bot.domain.people import Person
from bot.handlers.common import first_arg, pressed_message_id
from bot.handlers.context import EntraideContext
from bot.services.onboarding import flows as onboarding


async def on_start(update: Update, context: EntraideContext, person: Person) -> None:
    """/start [invite code]: an invite, a flow to resume, or the welcome."""
    await onboarding.start(context.uow, context.services, person, first_arg(context))


async def on_apply(update: Update, context: EntraideContext, person: Person) -> None:
    """/apply: become a peer, through an application."""
    await onboarding.apply(context.uow, context.services, person)


async def on_cancel(update: Update, context: EntraideContext, person: Person) -> None:
    """/cancel: leave the flow in progress."""
    await onboarding.cancel(context.uow, context.services, person)


async def on_language(update: Update, context: EntraideContext, person: Person) -> None:
    """/language: choose the bot's language again."""
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
    await onboarding.answer(context.uow, context.services, person, args, pressed_message_id(update))


async def on_resume(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await onboarding.resume_or_restart(
        context.uow, context.services, person, args, pressed_message_id(update)
    )


async def on_begin(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await onboarding.choose_role(context.uow, context.services, person, args)
