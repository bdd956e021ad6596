"""Coordinators' side of onboarding: /invite, /pending, /approve, /reject."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.domain.people import Person
from bot.services import applications, invites
from bot.transport.context import EntraideContext
from bot.transport.handlers.guards import CoordinatorHandler, coordinator_only


def _first_arg(context: EntraideContext) -> str | None:
    return context.args[0] if context.args else None


async def on_invite(update: Update, context: EntraideContext, person: Person) -> None:
    """/invite peer|coordinator|seeker: a one-time deep link."""
    role = _first_arg(context)
    await invites.create(
        context.uow,
        context.services,
        person,
        role.lower() if role else None,
        context.bot.username,
    )


async def on_pending(update: Update, context: EntraideContext, person: Person) -> None:
    """/pending: applications waiting for a decision."""
    await applications.pending(context.uow, context.services, person)


async def on_approve(update: Update, context: EntraideContext, person: Person) -> None:
    """/approve CODE."""
    await applications.approve(context.uow, context.services, person, _first_arg(context))


async def on_reject(update: Update, context: EntraideContext, person: Person) -> None:
    """/reject CODE."""
    await applications.reject(context.uow, context.services, person, _first_arg(context))


def _guarded(name: str, handler: CoordinatorHandler) -> CommandHandler[Any, None]:
    guarded = coordinator_only(handler)

    # PTB wants a coroutine function; the guard's wrapper is typed as returning an awaitable.
    async def run(update: Update, context: EntraideContext) -> None:
        await guarded(update, context)

    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    return CommandHandler(name, run, filters=private)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(_guarded("invite", on_invite))
    app.add_handler(_guarded("pending", on_pending))
    app.add_handler(_guarded("approve", on_approve))
    app.add_handler(_guarded("reject", on_reject))
