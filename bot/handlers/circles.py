"""Group circle handlers: parse the update, call one service, nothing more."""

from __future__ import annotations

from telegram import Update

from bot.domain.people import Person
from bot.handlers.common import pressed_message_id, rest_of_command
from bot.handlers.context import EntraideContext
from bot.services.circles import creating, facilitation, joining, sessions, talking
from bot.services.relay.routing import Sender


def _sender(update: Update, person: Person) -> Sender:
    user = update.effective_user
    assert user is not None  # a person was found, so there is a user
    return Sender(person, user.id)


async def circle_message(update: Update, context: EntraideContext, person: Person) -> bool:
    """A message or an edit said in a live circle session."""
    message = update.effective_message
    if message is None:
        return False
    cache = context.state.cache
    data = cache.get("message_json")
    if data is None:
        data = cache["message_json"] = message.to_dict()
    services, uow, sender = context.services, context.uow, _sender(update, person)
    if update.edited_message is not None:
        return await talking.on_edit(uow, services, sender, data)
    return await talking.on_message(uow, services, sender, data)


# ---- commands -----------------------------------------------------------------------------------


async def on_circles(update: Update, context: EntraideContext, person: Person) -> None:
    """/circles"""
    await joining.list_circles(context.uow, context.services, person)


async def on_leave(update: Update, context: EntraideContext, person: Person) -> None:
    """/leave [CIRCLE]"""
    await joining.leave(context.uow, context.services, person, rest_of_command(update))


async def on_here(update: Update, context: EntraideContext, person: Person) -> None:
    """/here"""
    await sessions.here(context.uow, context.services, person, None)


async def on_who(update: Update, context: EntraideContext, person: Person) -> None:
    """/who"""
    await facilitation.who(context.uow, context.services, person)


async def on_mute(update: Update, context: EntraideContext, person: Person) -> None:
    """/mute CODE"""
    await facilitation.mute(context.uow, context.services, person, rest_of_command(update), on=True)


async def on_unmute(update: Update, context: EntraideContext, person: Person) -> None:
    """/unmute CODE"""
    await facilitation.mute(
        context.uow, context.services, person, rest_of_command(update), on=False
    )


async def on_remove(update: Update, context: EntraideContext, person: Person) -> None:
    """/remove CODE"""
    await facilitation.remove(context.uow, context.services, person, rest_of_command(update))


async def on_breathe(update: Update, context: EntraideContext, person: Person) -> None:
    """/breathe"""
    await facilitation.breathe(context.uow, context.services, person)


async def on_close(update: Update, context: EntraideContext, person: Person) -> None:
    """/close"""
    await facilitation.close(context.uow, context.services, person)


async def on_newcircle(update: Update, context: EntraideContext, person: Person) -> None:
    """/newcircle TITLE | TOPICS | LANG | FACILITATOR[,CO] | SCHEDULE [| CAPACITY] [| ACCESS]"""
    await creating.new_circle(context.uow, context.services, person, rest_of_command(update))


async def on_circleinvite(update: Update, context: EntraideContext, person: Person) -> None:
    """/circleinvite CIRCLE PERSON"""
    await creating.invite(context.uow, context.services, person, rest_of_command(update))


# ---- buttons ------------------------------------------------------------------------------------


async def on_join(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await joining.ask_rules(c.uow, c.services, person, args[0], pressed_message_id(u))


async def on_accept(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await joining.accept(c.uow, c.services, person, args[0], pressed_message_id(u))


async def on_not_now(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await joining.not_now(c.uow, c.services, person, pressed_message_id(u))


async def on_leave_button(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await joining.leave(c.uow, c.services, person, args[0], pressed_message_id(u))


async def on_here_button(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await sessions.here(c.uow, c.services, person, args[0], pressed_message_id(u))


async def on_helpful(u: Update, c: EntraideContext, person: Person, args: list[str]) -> None:
    await sessions.helpful(c.uow, c.services, person, args[0], args[1], pressed_message_id(u))
