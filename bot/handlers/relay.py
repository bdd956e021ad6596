"""Relay and conversation handlers: parse the update, call one service, nothing more."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update

from bot.domain.people import Person
from bot.handlers.common import pressed_message_id, rest_of_command
from bot.handlers.context import EntraideContext
from bot.services.relay import conversation, ending, feedback, picking, reports
from bot.services.relay import routing as relay
from bot.services.relay.routing import Sender


def _sender(update: Update, person: Person) -> Sender:
    user = update.effective_user
    assert user is not None  # basic.sender found a person, so there is a user
    return Sender(person, user.id)


# ---- messages ---------------------------------------------------------------------------------


def _json(context: EntraideContext, message: Message) -> dict[str, Any]:
    """The message as Bot API JSON, made once per update: two consumers ask for it, and
    ``to_dict`` walks the whole object each time."""
    cache = context.state.cache
    found = cache.get("message_json")
    if found is None:
        found = cache["message_json"] = message.to_dict()
    return found


async def relay_message(update: Update, context: EntraideContext, person: Person) -> bool:
    """A message or an edit for the other side of a conversation."""
    message = update.effective_message
    if message is None:
        return False
    services, uow = context.services, context.uow
    if update.edited_message is not None:
        return await relay.on_edit(uow, services, _sender(update, person), _json(context, message))
    return await relay.on_message(uow, services, _sender(update, person), _json(context, message))


async def feedback_comment(update: Update, context: EntraideContext, person: Person) -> bool:
    """The optional comment after ending a conversation, when that question is open."""
    message = update.message
    if message is None or update.edited_message is not None:
        return False
    return await feedback.take_comment(
        context.uow, context.services, person, _json(context, message)
    )


# ---- commands ---------------------------------------------------------------------------------


async def on_with(update: Update, context: EntraideContext, person: Person) -> None:
    """/with [NAME]"""
    await conversation.with_command(
        context.uow, context.services, _sender(update, person), rest_of_command(update)
    )


async def on_pause(update: Update, context: EntraideContext, person: Person) -> None:
    """/pause"""
    await conversation.pause(context.uow, context.services, person)


async def on_resume(update: Update, context: EntraideContext, person: Person) -> None:
    """/resume"""
    await conversation.resume(context.uow, context.services, person)


async def on_end(update: Update, context: EntraideContext, person: Person) -> None:
    """/end"""
    await ending.ask_end(context.uow, context.services, person)


async def on_newpeer(update: Update, context: EntraideContext, person: Person) -> None:
    """/newpeer"""
    await ending.ask_newpeer(context.uow, context.services, person)


async def on_report(update: Update, context: EntraideContext, person: Person) -> None:
    """/report REASON"""
    await reports.report(context.uow, context.services, person, rest_of_command(update))


async def on_block(update: Update, context: EntraideContext, person: Person) -> None:
    """/block"""
    await ending.ask_block(context.uow, context.services, person)


# ---- buttons ----------------------------------------------------------------------------------


async def on_choose(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await relay.choose(c.uow, c.services, _sender(u, person), args[0], pressed_message_id(u))


async def on_contact_send(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await relay.answer_contact(
        c.uow, c.services, _sender(u, person), args[0], send=True, prompt_id=pressed_message_id(u)
    )


async def on_contact_drop(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await relay.answer_contact(
        c.uow, c.services, _sender(u, person), args[0], send=False, prompt_id=pressed_message_id(u)
    )


async def on_focus(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await conversation.focus(c.uow, c.services, _sender(u, person), args[0], pressed_message_id(u))


async def on_pick(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await picking.pick(
        c.uow, c.services, _sender(u, person), args[0], args[1], pressed_message_id(u)
    )


async def on_end_yes(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await ending.confirm_end(c.uow, c.services, person, args[0], pressed_message_id(u))


async def on_block_yes(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await ending.confirm_block(c.uow, c.services, person, args[0], pressed_message_id(u))


async def on_newpeer_yes(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await ending.confirm_newpeer(c.uow, c.services, person, args[0], pressed_message_id(u))


async def on_keep(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await ending.keep(c.uow, c.services, person, pressed_message_id(u))


async def on_rate(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    stars = int(args[1]) if args[1].isdecimal() else 0
    await feedback.rate(c.uow, c.services, person, args[0], stars, pressed_message_id(u))


async def on_skip(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await feedback.skip_comment(c.uow, c.services, person, args[0], pressed_message_id(u))


async def on_again(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await feedback.again(c.uow, c.services, person, pressed_message_id(u))


async def on_not_now(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await feedback.not_now(c.uow, c.services, person, pressed_message_id(u))
