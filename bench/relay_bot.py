"""The real bot, started as ``python -m bot run`` would, with Telegram's global rate lifted.

Run by bench.relay, not by hand: ``python -m bench.relay_bot --config FILE [--rate N]``.
The configuration refuses more than 30 messages/s on purpose (Telegram's own ceiling); the relay
benchmark measures how far the bot itself could go, so only that one bucket is raised here.
Everything else (inbox, outbox, encryption, sweeps) is the production code path, unchanged.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.bootstrap import serve
from bot.config import load_settings
from bot.logs import setup_logging

# Set by bench.relay --statements: where to write, at exit, how often each SQL statement ran.
CENSUS_ENV = "ENTRAIDE_BENCH_STATEMENTS"


def count_statements(path: str) -> None:
    """Counts every statement the bot sends to the database, literals folded, and writes the
    tally at exit: the cost of a relayed message is mostly its number of round trips."""
    seen: Counter[str] = Counter()

    @event.listens_for(Engine, "before_cursor_execute")
    def _count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        flat = re.sub(r"\s+", " ", statement)
        # The start names the table, the end the criteria: the column list between is noise.
        seen[flat if len(flat) <= 200 else f"{flat[:60]} … {flat[-140:]}"] += 1

    def _write() -> None:
        lines = [f"{n:8d}  {sql}" for sql, n in seen.most_common()]
        Path(path).write_text("\n".join(lines) + "\n")

    atexit.register(_write)


def main() -> None:

    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--rate", type=float, default=100_000.0)
    args = parser.parse_args()
    if os.environ.get(CENSUS_ENV):
        count_statements(os.environ[CENSUS_ENV])
    settings = load_settings(Path(args.config))
    setup_logging(settings.logging.level, settings.logging.format)
    # model_copy skips validation: exactly the one limit the benchmark must get past.
    telegram = settings.telegram.model_copy(update={"max_messages_per_second": args.rate})
    settings = settings.model_copy(update={"telegram": telegram})
    asyncio.run(serve(settings))


if __name__ == "__main__":
    main()
