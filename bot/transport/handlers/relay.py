"""Relay and conversation handlers: parse the update, call one service, nothing more."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Message, Update
from telegram.ext import Application, CommandHandler, filters

from bot.domain.people import Person
from bot.services import conversation, greeting, relay
from bot.services.relay import Sender
from bot.transport.context import EntraideContext
from bot.transport.handlers.basic import sender
from bot.transport.registration import FLOW, RELAY
from bot.transport.router import ButtonHandler, Router

PersonCommand = Callable[[Update, EntraideContext, Person], Awaitable[None]]


def _sender(update: Update, person: Person) -> Sender:
    user = update.effective_user
    assert user is not None  # basic.sender found a person, so there is a user
    return Sender(person, user.id)


def _prompt_id(update: Update) -> int | None:
    """The message whose button was pressed, so the service can take its buttons off."""
    query = update.callback_query
    message = query.message if query is not None else None
    return message.message_id if message is not None else None


def _rest(update: Update) -> str:
    """The words after the command, exactly as typed (line breaks included)."""
    text = update.effective_message.text if update.effective_message else None
    parts = (text or "").split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


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
    return await conversation.take_comment(
        context.uow, context.services, person, _json(context, message)
    )


# ---- commands ---------------------------------------------------------------------------------


def _command(
    handler: PersonCommand,
) -> Callable[[Update, EntraideContext], Coroutine[Any, Any, None]]:
    async def run(update: Update, context: EntraideContext) -> None:
        person = await sender(update, context)
        if person is not None:
            await handler(update, context, person)

    run.__doc__ = handler.__doc__
    return run


async def on_with(update: Update, context: EntraideContext, person: Person) -> None:
    """/with [NAME]"""
    await conversation.with_command(
        context.uow, context.services, _sender(update, person), _rest(update)
    )


async def on_pause(update: Update, context: EntraideContext, person: Person) -> None:
    """/pause"""
    await conversation.pause(context.uow, context.services, person)


async def on_resume(update: Update, context: EntraideContext, person: Person) -> None:
    """/resume"""
    await conversation.resume(context.uow, context.services, person)


async def on_end(update: Update, context: EntraideContext, person: Person) -> None:
    """/end"""
    await conversation.ask_end(context.uow, context.services, person)


async def on_newpeer(update: Update, context: EntraideContext, person: Person) -> None:
    """/newpeer"""
    await conversation.ask_newpeer(context.uow, context.services, person)


async def on_report(update: Update, context: EntraideContext, person: Person) -> None:
    """/report REASON"""
    await conversation.report(context.uow, context.services, person, _rest(update))


async def on_block(update: Update, context: EntraideContext, person: Person) -> None:
    """/block"""
    await conversation.ask_block(context.uow, context.services, person)


# ---- buttons ----------------------------------------------------------------------------------


async def on_choose(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await relay.choose(c.uow, c.services, _sender(u, person), args[0], _prompt_id(u))


async def on_contact_send(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await relay.answer_contact(
        c.uow, c.services, _sender(u, person), args[0], send=True, prompt_id=_prompt_id(u)
    )


async def on_contact_drop(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await relay.answer_contact(
        c.uow, c.services, _sender(u, person), args[0], send=False, prompt_id=_prompt_id(u)
    )


async def on_focus(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await conversation.focus(c.uow, c.services, _sender(u, person), args[0], _prompt_id(u))


async def on_pick(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await conversation.pick(c.uow, c.services, _sender(u, person), args[0], args[1], _prompt_id(u))


async def on_end_yes(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await conversation.confirm_end(c.uow, c.services, person, args[0], _prompt_id(u))


async def on_block_yes(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await conversation.confirm_block(c.uow, c.services, person, args[0], _prompt_id(u))


async def on_newpeer_yes(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await conversation.confirm_newpeer(c.uow, c.services, person, args[0], _prompt_id(u))


async def on_keep(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await conversation.keep(c.uow, c.services, person, _prompt_id(u))


async def on_rate(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    stars = int(args[1]) if args[1].isdecimal() else 0
    await conversation.rate(c.uow, c.services, person, args[0], stars, _prompt_id(u))


async def on_skip(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await conversation.skip_comment(c.uow, c.services, person, args[0], _prompt_id(u))


async def on_again(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await conversation.again(c.uow, c.services, person, _prompt_id(u))


async def on_not_now(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await conversation.not_now(c.uow, c.services, person, _prompt_id(u))


def register(app: Application[Any, Any, Any, Any, Any, Any], router: Router) -> None:
    # New messages only: editing "/pause" into something else must not pause twice.
    only_new = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    commands: dict[str, PersonCommand] = {
        "with": on_with,
        "pause": on_pause,
        "resume": on_resume,
        "end": on_end,
        "newpeer": on_newpeer,
        "report": on_report,
        "block": on_block,
    }
    for name, handler in commands.items():
        app.add_handler(CommandHandler(name, _command(handler), filters=only_new))
    router.consume(FLOW, "relay.feedback", feedback_comment)
    router.consume(RELAY, "relay", relay_message)
    # How many arguments each button's handler reads.
    buttons: dict[str, tuple[ButtonHandler, int | None]] = {
        relay.CHOOSE_ACTION: (on_choose, 1),
        relay.SEND_ACTION: (on_contact_send, 1),
        relay.DROP_ACTION: (on_contact_drop, 1),
        conversation.FOCUS_ACTION: (on_focus, 1),
        conversation.PICK_ACTION: (on_pick, 2),
        conversation.END_ACTION: (on_end_yes, 1),
        conversation.BLOCK_ACTION: (on_block_yes, 1),
        conversation.NEWPEER_ACTION: (on_newpeer_yes, 1),
        conversation.KEEP_ACTION: (on_keep, None),
        conversation.RATE_ACTION: (on_rate, 2),
        conversation.SKIP_ACTION: (on_skip, 1),
        conversation.AGAIN_ACTION: (on_again, None),
        conversation.NOT_NOW_ACTION: (on_not_now, None),
    }
    for action, (on_press, count) in buttons.items():
        router.on_button(action, on_press if count is None else _expecting(count, on_press))


def _expecting(count: int, on_press: ButtonHandler) -> ButtonHandler:
    """A button signed by another version of the bot may carry other arguments: like any
    button the bot no longer makes, it has expired (indexing its arguments would crash)."""

    async def checked(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
        if len(args) != count:
            await greeting.button_expired(c.uow, c.services, person)
            return
        await on_press(u, c, person, args)

    return checked
