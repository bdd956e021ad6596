"""Coordinator commands, list pages and the coordinators' notes; thin: parse, one service call.

Commands are registered for new messages only: an edited command must not run twice.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.domain.people import Person
from bot.services import coord_lists, coord_notes, coordination
from bot.services.coord_common import PAGE_ACTION
from bot.services.coord_reassign import NOTE_ACTION
from bot.transport.context import EntraideContext
from bot.transport.handlers import escalation
from bot.transport.handlers.guards import coordinator_only
from bot.transport.registration import FLOW
from bot.transport.router import Router


async def on_command(update: Update, context: EntraideContext, person: Person) -> None:
    """Any coordinator command: the service reads the command and its arguments."""
    message = update.effective_message
    if message is not None and message.text:
        await coordination.run(context.uow, context.services, person, message.text)


async def on_page(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    """Prev / Next under a list."""
    query = update.callback_query
    message_id = query.message.message_id if query and query.message else None
    kind, page = [*args, "", ""][:2]
    await coord_lists.turn(context.uow, context.services, person, kind, page, message_id)


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


_guarded = coordinator_only(on_command)


async def on_coordinator_command(update: Update, context: EntraideContext) -> None:
    # PTB wants a coroutine function; the guard's wrapper is typed as returning an awaitable.
    await _guarded(update, context)


def register(app: Application[Any, Any, Any, Any, Any, Any], router: Router) -> None:
    new_private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(
        CommandHandler(list(coordination.COMMANDS), on_coordinator_command, filters=new_private)
    )
    router.consume(FLOW, "coordination.note", take_note)
    router.on_button(PAGE_ACTION, on_page)
    router.on_button(NOTE_ACTION, on_note_button)
    # Escalations belong with coordination; registering them here keeps the shared module list
    # unchanged (escalation.register is idempotent if it is ever listed there too).
    escalation.register(app, router)
