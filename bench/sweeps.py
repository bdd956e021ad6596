"""Check-in sweep over many active pairs: how long one pass takes to find and ask what is due.

Run: .venv/bin/python -m bench.sweeps [--pairs 100000] [--due-share 0.01] [--database-url URL]
Seeds pairs in bulk (each person's fields sealed under their own data key, the keys wrapped in
the person key store, as the repositories would leave them), then times single sweep passes, as
the bot runs them (one transaction each, holding SQLite's one writer for its whole length):
the first planning pass right after a start (nothing in memory, every side of every pair to
plan), the steady state (nothing to plan), and the pass that asks a share of the sides.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, update

from bench.common import SEEDING_INDEX_COST, backend_name, fresh_database, machine, open_storage
from bot.clock import FakeClock
from bot.services.followup import checkins
from bot.storage.crypto import KeyRing, generate_key
from bot.storage.orm import CheckinRow, PairRow, PersonRow, new_id
from bot.storage.person_keys import person_keys_table
from bot.storage.repositories import TG_PURPOSE
from bot.storage.uow import Storage
from tests.support.context import make_ctx

BATCH = 5000
FIRST_TG_ID = 10_000_000  # person n has Telegram id FIRST_TG_ID + n; pair n is people 2n, 2n+1
TIMEZONES = ("Europe/Paris", "America/Montreal", "Africa/Dakar", "Europe/Brussels")


async def seed_keys(storage: Storage, ids: list[str], now: datetime) -> None:
    """Data keys for these people, wrapped in the key store in bulk (the bot makes them one at
    a time, as people arrive), then loaded so their fields can be sealed."""
    store = storage.cipher.person_keys.backend
    assert store is not None
    engine = store.engine  # type: ignore[attr-defined]
    for i in range(0, len(ids), BATCH):
        rows = [
            # The store's own wrapping, so the keys open exactly as the bot's would.
            {"person_id": pid, "wrapped": store._wrap(pid, os.urandom(32)), "created_at": now}  # type: ignore[attr-defined]
            for pid in ids[i : i + BATCH]
        ]
        async with engine.begin() as conn:
            await conn.execute(insert(person_keys_table), rows)
    await storage.cipher.person_keys.load(ids)


async def seed(storage: Storage, pairs: int, now: datetime) -> None:
    c = storage.cipher
    ids = [new_id() for _ in range(pairs * 2)]
    await seed_keys(storage, ids, now.replace(tzinfo=None))
    people, pair_rows = [], []
    for n in range(pairs * 2):
        pid = ids[n]

        def seal(value: str, column: str, pid: str = pid) -> bytes:
            return c.encrypt(value, table="people", column=column, row_id=pid, owner=pid)

        people.append(
            {
                "id": pid,
                "code": f"B{n:07d}",
                "tg_index": c.blind_index(str(FIRST_TG_ID + n), purpose=TG_PURPOSE),
                "tg_id": seal(str(FIRST_TG_ID + n), "tg_id"),
                "pseudonym": seal(f"Person {n}", "pseudonym"),
                # Planning reads each person's time zone: a realistic mix, sealed like the rest.
                "timezone": seal(TIMEZONES[n % len(TIMEZONES)], "timezone"),
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


async def run(url: str | None, folder: Path, pairs: int, due_share: float) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    ring = KeyRing([generate_key("b1")])
    dbs = await fresh_database(url, folder, "sweeps.db")
    storage = await open_storage(dbs, ring, clock, index_cost=SEEDING_INDEX_COST)
    services = make_ctx(clock)
    t0 = time.perf_counter()
    await seed(storage, pairs, clock.now())
    print(f"seeded {pairs} active pairs ({2 * pairs} people) in {time.perf_counter() - t0:.1f} s")
    # As after a restart: no data key in memory yet.
    await storage.dispose()
    storage = await open_storage(dbs, ring, clock, index_cost=SEEDING_INDEX_COST)
    print(f"check-in sweeps, {backend_name(dbs.url)}, {pairs} active pairs")
    first, planned = await timed(storage, services, checkins.sweep)
    print(
        f"  first pass after start: {planned} check-ins planned in {first:.2f} s "
        f"(at most {checkins.PLAN_BATCH} sides a pass; the next ticks plan the rest)"
    )
    passes, slowest, total = 1, first, planned
    while planned:
        took, planned = await timed(storage, services, checkins.sweep)
        passes, slowest, total = passes + 1, max(slowest, took), total + planned
    print(f"  planning everything: {total} check-ins in {passes} passes, slowest {slowest:.2f} s")
    first = slowest
    steady, _ = await timed(storage, services, checkins.sweep)
    print(f"  steady-state pass (nothing due): {steady * 1000:.0f} ms")
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
    print(f"  pass asking {asked} due check-ins: {busy:.2f} s")
    worst = max(first, steady, busy)
    print(
        f"  target: a sweep over 100,000 pairs at most 2 s: steady {steady:.2f} s, busy "
        f"{busy:.2f} s, first {first:.2f} s ({'met' if worst <= 2 else 'MISSED'})"
    )
    await storage.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--due-share", type=float, default=0.01)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(args.database_url, Path(tmp), args.pairs, args.due_share))


if __name__ == "__main__":
    main()
