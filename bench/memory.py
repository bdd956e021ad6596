"""Memory: the resident size of the running bot with many people in its database.

Run: .venv/bin/python -m bench.memory [--people 100000] [--database-url URL]

Seeds that many people, two by two in active pairs (sealed as the repositories leave them), then
starts the real bot (``python -m bot run``) against the sandbox Bot API. Its first sweep plans a
check-in for every side of every pair, which opens every person once: the heaviest moment. Then
one pair exchanges messages through the relay. Prints the resident size once started, the peak
(VmHWM) and the size at the end, with the target.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import (
    SEEDING_INDEX_COST,
    backend_name,
    fresh_database,
    machine,
    memory_kib,
    open_storage,
)
from bench.relay import Child, copy_of
from bench.sweeps import FIRST_TG_ID, seed
from bot.sandbox import Sandbox
from bot.storage.crypto import KeyRing, generate_key
from tests.support.e2e_harness import TOKEN, write_config

TARGET_MB = 150


async def run(url: str | None, folder: Path, people: int, settle: float) -> None:
    ring = KeyRing([generate_key("bench")])
    dbs = await fresh_database(url, folder, "memory.db")
    storage = await open_storage(dbs, ring, index_cost=SEEDING_INDEX_COST)
    t0 = time.perf_counter()
    await seed(storage, people // 2, datetime.now(UTC))
    await storage.dispose()
    print(
        f"seeded {people} people in {people // 2} active pairs in {time.perf_counter() - t0:.0f} s"
    )
    async with Sandbox(token=TOKEN) as sandbox:
        # The first pair, as bench.sweeps numbers them: a seeker and their peer.
        seeker = sandbox.user(FIRST_TG_ID, first_name="Seeker")
        peer = sandbox.user(FIRST_TG_ID + 1, first_name="Peer")
        seeker.started = peer.started = True
        config = write_config(folder / "memory.toml", sandbox, dbs.url, extra=dbs.config_extra())
        logs = folder / "bot"
        logs.mkdir()
        child = Child(
            ["-m", "bot", "run", "--config", str(config)],
            {"ENTRAIDE_TELEGRAM_TOKEN": TOKEN, "ENTRAIDE_KEYS": ring.encoded()},
            logs,
        )
        await child.start(sandbox, patience=120)
        started = memory_kib(child.pid, "VmRSS")
        # The first tick's check-in sweep opens everyone; wait for it to be done.
        deadline = time.monotonic() + settle
        stderr = logs / "stderr"
        while time.monotonic() < deadline:
            if '"sweep": "checkins"' in stderr.read_text(encoding="utf-8", errors="replace"):
                break
            await asyncio.sleep(0.5)
        else:
            print(f"  note: no check-in sweep logged within {settle:.0f} s")
        for n in range(20):
            sent = seeker.send_text(f"Hello again, {n}.")
            await peer.wait_for(copy_of(seeker.id, sent), timeout=60)
            back = peer.send_text(f"Glad to hear from you, {n}.")
            await seeker.wait_for(copy_of(peer.id, back), timeout=60)
        end = memory_kib(child.pid, "VmRSS")
        peak = memory_kib(child.pid, "VmHWM")
        await child.stop()
    print(f"memory, {backend_name(dbs.url)}, {people} people in the database")
    print(
        f"  resident once started {started / 1024:.0f} MB, peak {peak / 1024:.0f} MB "
        f"(first check-in planning), after relaying 40 messages {end / 1024:.0f} MB"
    )
    verdict = "met" if peak / 1024 <= TARGET_MB else "MISSED"
    print(f"  target: at most {TARGET_MB} MB resident ({verdict})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--settle", type=float, default=600.0, help="seconds for the first sweep")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(args.database_url, Path(tmp), args.people, args.settle))


if __name__ == "__main__":
    main()
