"""A flood of /sos, at the service level: what each repeated /sos from a stranger costs (crisis
lines, the on-duty check, the signal merged into their one escalation), and what the genuine
/sos of a paired seeker then costs. One transaction per /sos, as the bot runs one per update.

Run: .venv/bin/python -m bench.escalation_flood [--flood 300] [--coordinators 5]
     [--database-url URL]   (a Postgres URL whose database name starts with "bench")
The end-to-end figure (alerts in the coordinators' chats, with Telegram's per-chat pacing) is
tests/e2e/test_escalation_flood.py's; this one isolates the bot's own work per update.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from bench.common import backend_name, fresh_database, machine, open_storage
from bot.clock import FakeClock
from bot.services.onboarding import greeting
from bot.storage.crypto import KeyRing, generate_key
from bot.storage.orm import EscalationRow
from tests.support.context import make_ctx
from tests.support.coord import add, person


async def main(flood: int, coordinators: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        dbs = await fresh_database(url, Path(folder))
        ring = KeyRing([generate_key("bench")])
        clock = FakeClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
        storage = await open_storage(dbs, ring, clock)
        ctx = make_ctx(clock, storage)
        team = [person(clock, 1000 + n, role="coordinator") for n in range(coordinators)]
        stranger = person(clock, 99)
        stranger.consent_at = stranger.consent_version = None
        seeker = person(clock, 10)
        await add(storage, *team, stranger, seeker)
        spans = []
        for _ in range(flood):
            start = time.perf_counter()
            async with storage.uow() as uow:
                who = await uow.people.get(stranger.id)
                assert who is not None
                await greeting.sos(uow, ctx, who)
                await uow.commit()
            spans.append(time.perf_counter() - start)
            clock.advance(seconds=0.01)
        start = time.perf_counter()
        async with storage.uow() as uow:
            who = await uow.people.get(seeker.id)
            assert who is not None
            await greeting.sos(uow, ctx, who)
            await uow.commit()
        genuine = time.perf_counter() - start
        async with storage.uow() as uow:
            count = (
                await uow.session.execute(select(func.count()).select_from(EscalationRow))
            ).scalar_one()
        await storage.dispose()
    spans_ms = sorted(s * 1000 for s in spans)
    print(f"machine: {machine()}; backend: {backend_name(dbs.url)}; coordinators: {coordinators}")
    print(
        f"{flood} /sos from a stranger: total {sum(spans):.2f} s; per /sos median "
        f"{statistics.median(spans_ms):.1f} ms, p95 {spans_ms[int(0.95 * len(spans_ms)) - 1]:.1f} "
        f"ms, first {spans[0] * 1000:.1f} ms"
    )
    print(f"then the paired seeker's /sos: {genuine * 1000:.1f} ms; escalations in all: {count}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flood", type=int, default=300)
    parser.add_argument("--coordinators", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    asyncio.run(main(args.flood, args.coordinators, args.database_url))
