"""Coordinators' side of onboarding: /invite, /pending, /approve, /reject."""

from __future__ import annotations

from telegram import Update

from bot.domain.people import Person
from bot.handlers.common import first_arg
from bot.handlers.context import EntraideContext
from bot.services.onboarding import applications, invites


async def on_invite(update: Update, context: EntraideContext, person: Person) -> None:
    """/invite peer|coordinator|seeker: a one-time deep link."""
    role = first_arg(context)
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
    await applications.approve(context.uow, context.services, person, first_arg(context))


async def on_reject(update: Update, context: EntraideContext, person: Person) -> None:
    """/reject CODE."""
    await applications.reject(context.uow, context.services, person, first_arg(context))
