"""/escalate for peers, and the Claim / Resolve buttons of escalation alerts (/oncall and the
other coordinator commands are registered with the coordination commands)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.domain.people import Person
from bot.services import coord_notes, coord_referral, escalations, greeting
from bot.services.coord_store import CoordStore
from bot.transport.context import EntraideContext
from bot.transport.handlers.basic import sender
from bot.transport.router import Router


async def on_escalate(update: Update, context: EntraideContext) -> None:
    """/escalate REASON: a peer refers their seeker to the coordinators."""
    person = await sender(update, context)
    message = update.effective_message
    if person is None or message is None or not message.text:
        return
    reply_to = message.reply_to_message.message_id if message.reply_to_message else None
    await coord_referral.escalate(context.uow, context.services, person, message.text, reply_to)


async def on_claim(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    """Claim under an alert: the escalation becomes this coordinator's."""
    esc = await context.uow.repo(CoordStore).escalation(args[0]) if len(args) == 1 else None
    if esc is None:
        await greeting.button_expired(context.uow, context.services, person)
        return
    await escalations.claim(context.uow, context.services, person, esc)


async def on_resolve(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    """Resolve under the details: the next text is the note."""
    esc = await context.uow.repo(CoordStore).escalation(args[0]) if len(args) == 1 else None
    if esc is None:
        await greeting.button_expired(context.uow, context.services, person)
        return
    if await escalations.refuse_own(context.uow, context.services, person, esc, "esc.resolve"):
        return
    await coord_notes.ask_resolution_note(context.uow, context.services, person, esc.id)


async def on_refer_choice(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    """Which conversation an /escalate is about, when the peer has several."""
    await coord_referral.chosen(context.uow, context.services, person, args)


def register(app: Application[Any, Any, Any, Any, Any, Any], router: Router) -> None:
    if escalations.CLAIM_ACTION in router.buttons:
        return  # already registered
    new_private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("escalate", on_escalate, filters=new_private))
    router.on_button(escalations.CLAIM_ACTION, on_claim)
    router.on_button(escalations.RESOLVE_ACTION, on_resolve)
    router.on_button(coord_referral.CHOOSE_ACTION, on_refer_choice)
