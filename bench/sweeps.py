"""Check-in sweep over many active pairs: how long one pass takes to find and ask what is due.

Run: .venv/bin/python -m bench.sweeps [--pairs 100000] [--due-share 0.01] [--database-url URL]
Seeds pairs in bulk (sealed values computed once per row, as the repositories would), plans
every side's next check-in, makes a share of them due, then times single sweep passes:
the steady state (nothing to plan), and the pass that asks everything due.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, update

from bot.clock import FakeClock
from bot.services import checkins
from bot.storage import migrate
from bot.storage.crypto import Cipher, KeyRing, generate_key
from bot.storage.engine import create_engine
from bot.storage.orm import CheckinRow, PairRow, PersonRow, new_id
from bot.storage.repositories import TG_PURPOSE
from bot.storage.uow import Storage
from tests.conftest import make_services

BATCH = 5000


async def seed(storage: Storage, pairs: int, now: datetime) -> None:
    c = storage.cipher
    people, pair_rows = [], []
    for n in range(pairs * 2):
        pid = new_id()
        people.append(
            {
                "id": pid,
                "code": f"B{n:07d}",
                "tg_index": c.blind_index(str(10_000_000 + n), purpose=TG_PURPOSE),
                "tg_id": c.encrypt(str(10_000_000 + n), table="people", column="tg_id", row_id=pid),
                "pseudonym": c.encrypt(
                    f"Person {n}", table="people", column="pseudonym", row_id=pid
                ),
                "language": "en",
                "is_seeker": n % 2 == 0,
                "is_peer": n % 2 == 1,
                "is_coordinator": False,
                "status": "active",
                "created_at": now,
                "seeker_state": "paired" if n % 2 == 0 else "none",
                "peer_state": "approved" if n % 2 == 1 else "none",
                "peer_away": False,
                "peer_capacity": 2,
                "profile_rev": 0,
                "consent_version": 1,
            }
        )
    for n in range(pairs):
        pair_rows.append(
            {
                "id": new_id(),
                "code": f"Q{n:07d}",
                "seeker_id": people[2 * n]["id"],
                "peer_id": people[2 * n + 1]["id"],
                "status": "active",
                "created_at": now - timedelta(days=n % 7),
            }
        )
    async with storage.uow() as uow:
        for i in range(0, len(people), BATCH):
            await uow.session.execute(insert(PersonRow), people[i : i + BATCH])
        for i in range(0, len(pair_rows), BATCH):
            await uow.session.execute(insert(PairRow), pair_rows[i : i + BATCH])
        await uow.commit()


async def timed(storage: Storage, services, fn) -> tuple[float, int]:
    start = time.perf_counter()
    async with storage.uow() as uow:
        done = await fn(uow, services)
        await uow.commit()
    return time.perf_counter() - start, done


async def run(url: str, pairs: int, due_share: float) -> None:
    await migrate.upgrade(url)
    clock = FakeClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    storage = Storage(create_engine(url), Cipher(KeyRing([generate_key("b1")])), clock)
    services = make_services(clock)
    t0 = time.perf_counter()
    await seed(storage, pairs, clock.now())
    print(f"seeded {pairs} active pairs ({2 * pairs} people) in {time.perf_counter() - t0:.1f} s")
    first, planned = await timed(storage, services, checkins.plan)
    print(f"first planning pass: {planned} check-ins planned in {first:.2f} s (once per pair)")
    steady, _ = await timed(storage, services, checkins.sweep)
    print(f"steady-state sweep (nothing due): {steady * 1000:.0f} ms")
    due = int(pairs * 2 * due_share)
    async with storage.uow() as uow:
        ids = (
            (
                await uow.session.execute(
                    CheckinRow.__table__.select().with_only_columns(CheckinRow.id).limit(due)
                )
            )
            .scalars()
            .all()
        )
        for i in range(0, len(ids), BATCH):
            await uow.session.execute(
                update(CheckinRow)
                .where(CheckinRow.id.in_(ids[i : i + BATCH]))
                .values(due_at=clock.now() - timedelta(minutes=1))
            )
        await uow.commit()
    busy, asked = await timed(storage, services, checkins.sweep)
    print(f"sweep asking {asked} due check-ins among {pairs} pairs: {busy:.2f} s")
    print(
        f"target: a sweep over 100,000 pairs at most 2 s (steady {steady:.2f} s, busy {busy:.2f} s)"
    )
    await storage.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--due-share", type=float, default=0.01)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        asyncio.run(run(url, args.pairs, args.due_share))


if __name__ == "__main__":
    main()
