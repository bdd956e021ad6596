"""The consent gate: someone who agreed to older rules answers the new ones before anything else.

It runs in its own handler group (see registration.py), ahead of every other handler, because
a command of any feature (``/end``, ``/pause``...) must wait for the answer too; only /sos,
/help and /language pass.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.handlers.common import sender
from bot.handlers.context import EntraideContext
from bot.services.onboarding import flows as onboarding


def command_of(message: Message | None) -> str | None:
    text = message.text if message is not None else None
    if not text or not text.startswith("/"):
        return None
    return text[1:].split(maxsplit=1)[0].split("@")[0].lower() if len(text) > 1 else None


async def gate(update: Update, context: EntraideContext) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if query is None and (update.effective_message is None or chat is None):
        return  # a membership change, say: nothing a person asked for
    if chat is not None and chat.type != ChatType.PRIVATE:
        return
    person = await sender(update, context)
    if person is None:
        return
    action = None
    if query is not None:
        decoded = context.services.buttons.decode(person.id, query.data or "")
        action = decoded[0] if decoded else None
    command = command_of(update.effective_message) if query is None else None
    taken = await onboarding.consent_gate(
        context.uow, context.services, person, command=command, action=action
    )
    if taken:
        if query is not None:
            context.state.after_commit.append(query.answer)
        raise ApplicationHandlerStop
