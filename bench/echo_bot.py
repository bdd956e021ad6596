"""The baseline for bench.relay: a bare python-telegram-bot bot that copies each message to the
other person of its pair, with nothing else: no database, no encryption, no outbox.

Run by bench.relay, not by hand:
``python -m bench.echo_bot --base-url URL --partners FILE [--concurrent]``
(token in ENTRAIDE_TELEGRAM_TOKEN). ``--partners`` is a JSON object mapping each user id to the
id of the person their messages go to, so the load generator sees the same traffic as with the
real bot. Without ``--concurrent`` PTB handles updates one at a time, awaiting each send.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters


def build(
    base_url: str, partners: dict[int, int], concurrent: bool
) -> Application[Any, Any, Any, Any, Any, Any]:
    async def relay(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.from_user is None:
            return
        to = partners.get(message.from_user.id)
        if to is not None:
            await context.bot.copy_message(to, message.chat_id, message.message_id)

    app = (
        ApplicationBuilder()
        .token(os.environ["ENTRAIDE_TELEGRAM_TOKEN"])
        .base_url(base_url)
        .concurrent_updates(concurrent)
        # As many connections as the real bot opens, so the pool is not what differs.
        .connection_pool_size(64)
        .build()
    )
    app.add_handler(MessageHandler(filters.ALL, relay))
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--partners", required=True)
    parser.add_argument("--concurrent", action="store_true")
    parser.add_argument("--poll-timeout", type=int, default=10)
    args = parser.parse_args()
    raw = json.loads(Path(args.partners).read_text(encoding="utf-8"))
    partners = {int(k): int(v) for k, v in raw.items()}
    app = build(args.base_url, partners, args.concurrent)
    print("echo bot running", flush=True)
    app.run_polling(allowed_updates=["message"], timeout=args.poll_timeout, poll_interval=0)


if __name__ == "__main__":
    main()
