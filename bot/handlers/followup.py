"""Follow-up: check-in answers and /schedule (agreeing on a time to talk)."""

from __future__ import annotations

from telegram import Update

from bot.domain.people import Person
from bot.handlers.context import EntraideContext
from bot.services.followup import checkins, talk_times


async def on_schedule(update: Update, context: EntraideContext, person: Person) -> None:
    """/schedule: propose a time to talk to the other side of a conversation."""
    await talk_times.start(context.uow, context.services, person)


async def on_checkin_answer(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await checkins.answer(context.uow, context.services, person, args[0], args[1])


async def on_pick_pair(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await talk_times.pick_pair(context.uow, context.services, person, args[0])


async def on_pick_day(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await talk_times.pick_day(context.uow, context.services, person, args[0], args[1])


async def on_pick_time(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await talk_times.pick_time(context.uow, context.services, person, args[0], args[1], args[2])


async def on_respond(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await talk_times.respond(context.uow, context.services, person, args[0], args[1])


async def on_cancel(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await talk_times.cancel(context.uow, context.services, person, args[0])
