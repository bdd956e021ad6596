"""First contact and help; the catch-all for text that has nowhere to go yet."""

from __future__ import annotations

from telegram import Update

from bot.domain.people import Person
from bot.services import greeting, people
from bot.transport.context import EntraideContext


async def sender(update: Update, context: EntraideContext) -> Person | None:
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    return await people.identify(context.uow, context.services, user.id, user.language_code)


async def on_start(update: Update, context: EntraideContext) -> None:
    """/start: welcome, what the service is and is not, crisis lines."""
    person = await sender(update, context)
    if person is not None:
        await greeting.start(context.uow, context.services, person)


async def on_help(update: Update, context: EntraideContext) -> None:
    """/help: what this person can do."""
    person = await sender(update, context)
    if person is not None:
        await greeting.help_text(context.uow, context.services, person)


async def on_sos(update: Update, context: EntraideContext) -> None:
    """/sos: crisis lines first, then every coordinator is alerted."""
    person = await sender(update, context)
    if person is not None:
        await greeting.sos(context.uow, context.services, person)


async def on_other_message(update: Update, context: EntraideContext) -> None:
    """Anything else: answered, so nothing a person sends goes unacknowledged."""
    person = await sender(update, context)
    message = update.effective_message
    if person is not None and message is not None:
        await greeting.nowhere_to_go(context.uow, context.services, person, message.message_id)


async def on_error(update: object, context: EntraideContext) -> None:
    # The processor rolls the update back and retries it; the error travels with the state.
    context.state.error = context.error
