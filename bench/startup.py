"""Start-up time: from launching ``python -m bot run`` to "bot running", on a seeded database.

Run: .venv/bin/python -m bench.startup [--people 1000] [--coordinators 2] [--runs 5]

The database holds N consented people (each sealed under their own data key) and the configured
coordinators; the bot starts against the sandbox Bot API, is stopped once ready, and started
again. Printed: the median and the spread of the time to ready over the runs (the first start,
which seeds the key canary and the coordinators, is not counted).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import fresh_database, machine, open_storage
from bot.sandbox import Sandbox
from bot.storage.crypto import KeyRing, generate_key
from tests.support.e2e_harness import TOKEN, BotProcess, write_config
from tests.support.factories import add_person


async def main_async(args: argparse.Namespace) -> None:
    print(f"machine: {machine()}")
    ring = KeyRing([generate_key("b1")])
    with tempfile.TemporaryDirectory() as folder:
        dbs = await fresh_database(None, Path(folder))
        storage = await open_storage(dbs, ring)
        async with storage.uow() as uow:
            for i in range(args.people):
                await add_person(uow, 800_000_000 + i, f"P{i}", seeker=i % 2 == 0, peer=i % 2 == 1)
            await uow.commit()
        await storage.dispose()
        coordinators = tuple(900_000_000 + i for i in range(args.coordinators))
        async with Sandbox(token=TOKEN, bot_username="bench_bot") as sandbox:
            config = write_config(
                Path(folder) / "config.toml", sandbox, dbs.url, coordinators=coordinators
            )
            logs = Path(folder) / "logs"
            logs.mkdir()
            bot = BotProcess(config, ring, logs)
            times = []
            for run in range(args.runs + 1):
                started = time.perf_counter()
                await bot.start()
                elapsed = time.perf_counter() - started
                await bot.stop()
                if run:
                    times.append(elapsed)
    print(
        f"start-up with {args.people} people, {args.coordinators} coordinators: "
        f"median {statistics.median(times) * 1000:.0f} ms "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, {args.runs} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--coordinators", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
