"""Every handler, registered in one place and in an order that matters."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.transport.handlers import basic


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    private = filters.ChatType.PRIVATE
    # Commands first: a command must never be mistaken for conversation text.
    app.add_handler(CommandHandler("start", basic.on_start, filters=private))
    app.add_handler(CommandHandler("help", basic.on_help, filters=private))
    app.add_handler(CommandHandler("sos", basic.on_sos, filters=private))
    # Last: whatever no handler above took still gets an answer.
    app.add_handler(MessageHandler(private & ~filters.UpdateType.EDITED, basic.on_other_message))
    app.add_error_handler(basic.on_error)
