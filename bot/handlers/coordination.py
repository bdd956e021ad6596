"""Coordinator commands, list pages and the coordinators' notes; thin: parse, one service call.

Commands are registered for new messages only: an edited command must not run twice.
"""

from __future__ import annotations

from telegram import Update

from bot.domain.people import Person
from bot.handlers.common import pressed_message_id
from bot.handlers.context import EntraideContext
from bot.services.coordination import commands as coordination
from bot.services.coordination import lists as coord_lists
from bot.services.coordination import notes as coord_notes


async def on_command(update: Update, context: EntraideContext, person: Person) -> None:
    """Any coordinator command: the service reads the command and its arguments."""
    message = update.effective_message
    if message is not None and message.text:
        await coordination.run(context.uow, context.services, person, message.text)


async def on_page(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    """Prev / Next under a list."""
    kind, page = args
    await coord_lists.turn(
        context.uow, context.services, person, kind, page, pressed_message_id(update)
    )


async def on_note_button(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    """Skip / Cancel under a note question."""
    await coord_notes.press(context.uow, context.services, person, args)


async def take_note(update: Update, context: EntraideContext, person: Person) -> bool:
    """The text a coordinator's open note question is waiting for (commands pass through)."""
    message = update.message
    if message is None or update.edited_message is not None:
        return False
    if message.text is not None:
        if message.text.startswith("/"):
            return False
        return await coord_notes.take_text(context.uow, context.services, person, message.text)
    return await coord_notes.not_text(context.uow, context.services, person)
