"""Follow-up: check-in answers and /schedule (agreeing on a time to talk)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.domain.people import Person
from bot.services import checkins, talk_times
from bot.transport.context import EntraideContext
from bot.transport.handlers.basic import sender
from bot.transport.router import Router


async def on_schedule(update: Update, context: EntraideContext) -> None:
    """/schedule: propose a time to talk to the other side of a conversation."""
    person = await sender(update, context)
    if person is not None:
        await talk_times.start(context.uow, context.services, person)


async def on_checkin_answer(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    if len(args) == 2:
        await checkins.answer(context.uow, context.services, person, args[0], args[1])


async def on_pick_pair(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    if len(args) == 1:
        await talk_times.pick_pair(context.uow, context.services, person, args[0])


async def on_pick_day(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    if len(args) == 2:
        await talk_times.pick_day(context.uow, context.services, person, args[0], args[1])


async def on_pick_time(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    if len(args) == 3:
        await talk_times.pick_time(context.uow, context.services, person, *args)


async def on_respond(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    if len(args) == 2:
        await talk_times.respond(context.uow, context.services, person, args[0], args[1])


async def on_cancel(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    if len(args) == 1:
        await talk_times.cancel(context.uow, context.services, person, args[0])


def register(app: Application[Any, Any, Any, Any, Any, Any], router: Router) -> None:
    # New messages only: editing an old /schedule must not run it again.
    new_private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("schedule", on_schedule, filters=new_private))
    router.on_button(checkins.ANSWER_ACTION, on_checkin_answer)
    router.on_button(talk_times.PICK_PAIR, on_pick_pair)
    router.on_button(talk_times.PICK_DAY, on_pick_day)
    router.on_button(talk_times.PICK_TIME, on_pick_time)
    router.on_button(talk_times.RESPOND, on_respond)
    router.on_button(talk_times.CANCEL, on_cancel)
