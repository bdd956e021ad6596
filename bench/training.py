"""Training: what matching's "training" constraint costs the search read.

Run: .venv/bin/python -m bench.training [--peers 5000] [--held 50] [--runs 60] [--database-url URL]

Seeds approved peers (a tenth away), gives most of them a place on the training path and holds
``--held`` of them out of matching, then times the query every search runs
(``QueueRepository.available_peers``) against the same query without the constraint, the two
interleaved so that a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, func, insert, select

from bench.common import backend_name, fresh_database, machine, pct
from bot.storage import offers_repo
from bot.storage.engine import create_engine
from bot.storage.orm import PersonRow, TrainingPeerRow
from bot.storage.peer_directory import SEP


async def seed(url: str, peers: int, held: int) -> None:
    engine = create_engine(url)
    now = datetime.now(UTC)
    rows = [
        {
            "id": str(uuid.uuid4()),
            "code": f"B{n:07d}",
            "tg_index": f"bench{n}",
            "tg_id": b"-",
            "language": "en",
            "status": "active",
            "created_at": now,
            "seeker_state": "none",
            "peer_state": "approved",
            "is_peer": True,
            "peer_away": random.random() < 0.1,
            "peer_capacity": random.randint(1, 3),
            "profile_rev": 1,
        }
        for n in range(peers)
    ]
    places = [
        {
            "person_id": row["id"],
            "held": n < held,
            "grace_told": False,
            "circles_count": 0,
            "updated_at": now,
        }
        for n, row in enumerate(rows[: peers * 3 // 5])
    ]
    async with engine.begin() as conn:
        await conn.execute(insert(PersonRow), rows)
        await conn.execute(insert(TrainingPeerRow), places)
    await engine.dispose()


async def measure(url: str, runs: int) -> dict[str, list[float]]:
    engine = create_engine(url)
    # The search's own statement, and the same one without its last condition (the rule).
    # Postgres joins only text (as the search does).
    revision: Any = PersonRow.profile_rev
    if backend_name(url) == "postgres":
        revision = cast(PersonRow.profile_rev, String)
    with_rule = offers_repo._available_by_capacity(revision, languages=True)
    without = (
        select(
            PersonRow.peer_capacity,
            func.aggregate_strings(PersonRow.id, SEP),
            func.aggregate_strings(revision, SEP),
            func.aggregate_strings(func.coalesce(PersonRow.language, ""), SEP),
        )
        .where(*offers_repo._AVAILABLE[:-1])
        .group_by(PersonRow.peer_capacity)
    )
    times: dict[str, list[float]] = {"with the training constraint": [], "without": []}
    async with engine.connect() as conn:
        for _ in range(runs):
            for name, query in (("with the training constraint", with_rule), ("without", without)):
                started = time.perf_counter()
                (await conn.execute(query)).all()
                times[name].append((time.perf_counter() - started) * 1000)
    await engine.dispose()
    return times


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--peers", type=int, default=5000)
    parser.add_argument("--held", type=int, default=50)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        databases = await fresh_database(args.database_url, Path(folder))
        await seed(databases.url, args.peers, args.held)
        times = await measure(databases.url, args.runs)
    print(f"search read, {backend_name(databases.url)}, {args.peers} peers, {args.held} held")
    for name, values in times.items():
        print(f"  {name}: p50 {statistics.median(values):.2f} ms  p95 {pct(values, 95):.2f} ms")


if __name__ == "__main__":
    asyncio.run(main())
