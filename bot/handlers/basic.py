"""Help, /sos, and the routing of plain messages and button presses to the features."""

from __future__ import annotations

from telegram import Update

from bot.delivery.inbox import current
from bot.handlers.common import sender
from bot.handlers.context import EntraideContext
from bot.services.onboarding import greeting
from bot.services.shared import replies


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


async def on_message(update: Update, context: EntraideContext) -> None:
    """Any message no command took: offered to each consumer in turn, answered in any case."""
    person = await sender(update, context)
    message = update.effective_message
    if person is None or message is None:
        return
    for entry in context.router.consumers:
        if await entry.consumer(update, context, person):
            return
    if update.edited_message is not None:
        return  # an edit of something that went nowhere needs no second answer
    if message.text and message.text.startswith("/"):
        await replies.unknown_command(context.uow, context.services, person)
    else:
        await replies.nowhere_to_go(context.uow, context.services, person, message.message_id)


async def on_button(update: Update, context: EntraideContext) -> None:
    """A button press: verified for this person, then given to the feature that made it."""
    query = update.callback_query
    person = await sender(update, context)
    if query is None or person is None:
        return
    # The spinner is answered after commit, whatever happens below.
    context.state.after_commit.append(query.answer)
    decoded = context.services.buttons.decode(person.id, query.data or "")
    button = context.router.button_for(*decoded) if decoded else None
    if decoded is None or button is None:
        # Forged, signed for someone else, from an older version of the bot, or malformed:
        # one answer for all of them.
        await replies.button_expired(context.uow, context.services, person)
        return
    await button.handler(update, context, person, decoded[1])


async def on_error(update: object, context: EntraideContext) -> None:
    # The processor rolls the update back and retries it; the error travels with the state.
    # Outside an update (a scheduled job) there is no state, and the job logs its own errors.
    state = current.get(None)
    if state is not None:
        state.error = context.error
