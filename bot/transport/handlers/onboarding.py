"""Onboarding handlers (for now only the welcome)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.services import greeting
from bot.transport.context import EntraideContext
from bot.transport.handlers.basic import sender
from bot.transport.router import Router


async def on_start(update: Update, context: EntraideContext) -> None:
    """/start: welcome, what the service is and is not, crisis lines."""
    person = await sender(update, context)
    if person is not None:
        await greeting.start(context.uow, context.services, person)


def register(app: Application[Any, Any, Any, Any, Any, Any], router: Router) -> None:
    app.add_handler(CommandHandler("start", on_start, filters=filters.ChatType.PRIVATE))
