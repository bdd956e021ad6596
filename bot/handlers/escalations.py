"""/escalate for peers, and the Claim / Resolve buttons of escalation alerts (/oncall and the
other coordinator commands are registered with the coordination commands)."""

from __future__ import annotations

from telegram import Update

from bot.domain.people import Person
from bot.handlers.context import EntraideContext
from bot.services.escalations import claims
from bot.services.escalations import referral as coord_referral
from bot.services.shared import replies


async def on_escalate(update: Update, context: EntraideContext, person: Person) -> None:
    """/escalate REASON: a peer refers their seeker to the coordinators."""
    message = update.effective_message
    if message is None or not message.text:
        return
    reply_to = message.reply_to_message.message_id if message.reply_to_message else None
    await coord_referral.escalate(context.uow, context.services, person, message.text, reply_to)


async def on_claim(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    """Claim under an alert: the escalation becomes this coordinator's."""
    esc = await context.uow.escalations.escalation(args[0])
    if esc is None:
        await replies.button_expired(context.uow, context.services, person)
        return
    await claims.claim(context.uow, context.services, person, esc)


async def on_resolve(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    """Resolve under the details: the next text is the note."""
    await claims.ask_note(context.uow, context.services, person, args[0])


async def on_refer_choice(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    """Which conversation an /escalate is about, when the peer has several."""
    await coord_referral.chosen(context.uow, context.services, person, args)
