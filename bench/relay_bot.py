"""The real bot, started as ``python -m bot run`` would, with Telegram's global rate lifted.

Run by bench.relay, not by hand: ``python -m bench.relay_bot --config FILE [--rate N]``.
The configuration refuses more than 30 messages/s on purpose (Telegram's own ceiling); the relay
benchmark measures how far the bot itself could go, so only that one bucket is raised here.
Everything else (inbox, outbox, encryption, sweeps) is the production code path, unchanged.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from bot.bootstrap import serve
from bot.config import load_settings
from bot.logs import setup_logging


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--rate", type=float, default=100_000.0)
    args = parser.parse_args()
    settings = load_settings(Path(args.config))
    setup_logging(settings.logging.level, settings.logging.format)
    # model_copy skips validation: exactly the one limit the benchmark must get past.
    telegram = settings.telegram.model_copy(update={"max_messages_per_second": args.rate})
    settings = settings.model_copy(update={"telegram": telegram})
    asyncio.run(serve(settings))


if __name__ == "__main__":
    main()
