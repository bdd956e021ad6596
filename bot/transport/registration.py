"""Every handler, registered in one place and in an order that matters."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.transport.handlers import basic
from bot.transport.router import Router

# Message consumers, asked in this order (lower first):
FLOW = 10  # a person mid-flow (onboarding, a question asked) answers that flow first
HELD = 20  # a message waiting for its sender's choice (which conversation, confirm contact)
RELAY = 30  # then the conversation(s) they are in
# ...and whatever nobody took is answered by basic.on_message.


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> Router:
    from bot.transport.handlers import feature_modules

    router = Router()
    private = filters.ChatType.PRIVATE
    # Commands act on new messages only: editing an old command must not run it again.
    command = private & filters.UpdateType.MESSAGE
    # /sos first of all: it must work from any state, mid-flow included.
    app.add_handler(CommandHandler("sos", basic.on_sos, filters=command))
    for module in feature_modules():
        module.register(app, router)
    app.add_handler(CommandHandler("help", basic.on_help, filters=command))
    app.add_handler(CallbackQueryHandler(basic.on_button))
    # Last: every message no command took, edits included (the relay propagates them).
    app.add_handler(MessageHandler(private, basic.on_message))
    app.add_error_handler(basic.on_error)
    app.bot_data.router = router
    return router
