"""Matching: how long choosing a peer for a new seeker takes among many peers.

Run: .venv/bin/python -m bench.matching [--peers 10000] [--seekers 40] [--database-url URL]

Seeds peers with realistic profiles (one to four of the configured experiences, one or two
languages, sometimes a topic they cannot take, availability slots, a few self-described
attributes, capacity 1 to 3, some away) and loads (most peers already carry pairs, many are
full). Then each new seeker (with their own topics, languages, sometimes a "must" criterion)
goes through ``matching.seeker_ready``, which ranks every available peer and sends the offer;
each is timed from the call to the commit. The first seeker is reported apart: it runs on a
cold process (no person keys or profiles in memory yet), as right after a restart. Then more
seekers come, each after one peer changed their profile (a new revision), so every one of those
searches finds the set of available peers changed and opens that peer again.

On Postgres the tables are analysed and vacuumed after seeding, as autovacuum would have done
long before a network reaches 10,000 peers: without statistics the planner misjudges the
matching indexes, and without the visibility map an index-only scan visits every row anyway.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.common import (
    SEEDING_INDEX_COST,
    backend_name,
    fresh_database,
    machine,
    open_storage,
    pct,
)
from bot.clock import FakeClock
from bot.config import Settings
from bot.domain.pairs import ACTIVE, Pair
from bot.domain.people import Person
from bot.domain.profiles import AVAILABILITY_SLOTS, Criterion, PeerProfile, SeekerProfile
from bot.services.matching import pairing as matching
from bot.storage.crypto import KeyRing, generate_key
from bot.storage.orm import new_id
from tests.support.context import make_ctx

BATCH = 500
ATTRIBUTES = {"gender": ("woman", "man", "nonbinary"), "age": ("18-29", "30-44", "45-64", "65+")}


def languages(rng: random.Random) -> list[str]:
    roll = rng.random()
    return ["fr"] if roll < 0.55 else ["en"] if roll < 0.8 else ["fr", "en"]


def peer_profile(rng: random.Random, tags: tuple[str, ...]) -> PeerProfile:
    lived = rng.sample(tags, rng.randint(1, 4))
    others = [t for t in tags if t not in lived]
    return PeerProfile(
        experiences=lived,
        cannot_take=rng.sample(others, 1) if rng.random() < 0.2 else [],
        languages=languages(rng),
        availability=rng.sample(AVAILABILITY_SLOTS, rng.randint(1, 3)),
        attributes={name: rng.choice(values) for name, values in ATTRIBUTES.items()},
        principles_version=1,
    )


def seeker_profile(rng: random.Random, tags: tuple[str, ...]) -> SeekerProfile:
    criteria = {}
    if rng.random() < 0.3:
        name = rng.choice(list(ATTRIBUTES))
        criteria[name] = Criterion(rng.choice(ATTRIBUTES[name]), must=rng.random() < 0.3)
    return SeekerProfile(
        experiences=rng.sample(tags, rng.randint(1, 2)),
        languages=languages(rng),
        criteria=criteria,
        availability=rng.sample(AVAILABILITY_SLOTS, rng.randint(1, 2)),
    )


def person(
    rng: random.Random,
    n: int,
    now,
    *,
    peer: PeerProfile | None = None,
    seeker: SeekerProfile | None = None,
) -> Person:
    profile_languages = (peer or seeker).languages  # type: ignore[union-attr]
    return Person(
        id=new_id(),
        # Numbered, not random: random short codes collide among tens of thousands of rows.
        code=f"B{n:07d}",
        telegram_id=600_000_000_000 + n,
        created_at=now,
        pseudonym=f"Bench {n}",
        language=profile_languages[0],
        is_seeker=seeker is not None,
        is_peer=peer is not None,
        consent_version=1,
        consent_at=now,
        seeker_state="paired" if seeker is not None else "none",
        seeker_profile=seeker,
        peer_state="approved" if peer is not None else "none",
        peer_away=peer is not None and rng.random() < 0.05,
        peer_capacity=rng.randint(1, 3) if peer is not None else 0,
        peer_profile=peer,
    )


async def seed(storage, rng: random.Random, peers: int, tags: tuple[str, ...]) -> int:
    """Peers, and seekers already paired with most of them; returns how many pairs."""
    now = storage.clock.now()
    made = 0
    for start in range(0, peers, BATCH):
        async with storage.uow() as uow:
            for n in range(start, min(peers, start + BATCH)):
                peer = person(rng, n, now, peer=peer_profile(rng, tags))
                await uow.people.add(peer)
                # Most peers already support someone; about half of them are full.
                load = min(peer.peer_capacity, rng.choice((0, 1, 1, 2, 3)))
                for k in range(load):
                    seeker = person(
                        rng, 1_000_000 + 4 * n + k, now, seeker=seeker_profile(rng, tags)
                    )
                    await uow.people.add(seeker)
                    pair = Pair(
                        id=new_id(),
                        code=f"Q{made:05d}",
                        seeker_id=seeker.id,
                        peer_id=peer.id,
                        status=ACTIVE,
                        created_at=now - timedelta(days=rng.randint(0, 60)),
                        score={},
                    )
                    await uow.pairs.add(pair)
                    made += 1
            await uow.commit()
    return made


async def vacuum(url: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text("VACUUM ANALYZE"))
    await engine.dispose()


async def one_seeker(storage, services, rng, n: int, tags) -> tuple[float, bool]:
    """A new seeker, then their ``seeker_ready`` timed from the call to the commit; whether
    they got an offer."""
    clock = storage.clock
    async with storage.uow() as uow:
        seeker = person(rng, 5_000_000 + n, clock.now(), seeker=seeker_profile(rng, tags))
        seeker.seeker_state = "none"
        await uow.people.add(seeker)
        await uow.commit()
    start = time.perf_counter()
    async with storage.uow() as uow:
        fresh = await uow.people.get(seeker.id)
        assert fresh is not None
        await matching.seeker_ready(uow, services, fresh)
        await uow.commit()
    elapsed = (time.perf_counter() - start) * 1000
    async with storage.uow() as uow:
        after = await uow.people.get(seeker.id)
        offered = after is not None and after.seeker_state == matching.OFFERED
    clock.advance(minutes=1)
    return elapsed, offered


async def change_a_profile(storage, rng, peer_ids: list[str]) -> None:
    """One peer says they are free another time of day: a new profile revision."""
    async with storage.uow() as uow:
        peer = await uow.people.get(rng.choice(peer_ids))
        assert peer is not None and peer.peer_profile is not None
        peer.peer_profile.availability = rng.sample(AVAILABILITY_SLOTS, rng.randint(1, 3))
        peer.profile_rev += 1
        await uow.people.save(peer)
        await uow.commit()


async def run(url: str | None, peers: int, seekers: int) -> None:
    rng = random.Random(20260302)
    clock = FakeClock()
    ring = KeyRing([generate_key("bench")])
    settings = Settings()
    tags = settings.matching.experiences
    with tempfile.TemporaryDirectory() as tmp:
        dbs = await fresh_database(url, Path(tmp), "matching.db")
        storage = await open_storage(dbs, ring, clock, index_cost=SEEDING_INDEX_COST)
        t0 = time.perf_counter()
        pairs = await seed(storage, rng, peers, tags)
        print(f"seeded {peers} peers carrying {pairs} pairs in {time.perf_counter() - t0:.0f} s")
        await storage.dispose()
        if dbs.url.startswith("postgresql"):
            await vacuum(dbs.url)
        # A fresh process's view: nothing about anyone in memory yet.
        storage = await open_storage(dbs, ring, clock, index_cost=SEEDING_INDEX_COST)
        services = make_ctx(clock, None, settings)
        times, offered = [], 0
        for n in range(seekers):
            elapsed, got = await one_seeker(storage, services, rng, n, tags)
            times.append(elapsed)
            offered += got
        async with storage.uow() as uow:
            peer_ids = (await uow.queue.available_peers()).ids()
        changed = []
        for n in range(seekers, seekers + seekers // 2):
            await change_a_profile(storage, rng, peer_ids)
            elapsed, got = await one_seeker(storage, services, rng, n, tags)
            changed.append(elapsed)
            offered += got
        await storage.dispose()
    warm = times[1:]
    print(
        f"matching, {backend_name(dbs.url)}, {peers} peers, {seekers + len(changed)} new seekers "
        f"({offered} got an offer, the others were queued)"
    )
    print(f"  first seeker after start (cold): {times[0]:.0f} ms")
    print(f"  then: p50 {pct(warm, 50):.1f} ms  p95 {pct(warm, 95):.1f} ms  max {max(warm):.1f} ms")
    print(
        f"  each after a peer's profile changed: p50 {pct(changed, 50):.1f} ms  "
        f"p95 {pct(changed, 95):.1f} ms  max {max(changed, default=0):.1f} ms"
    )
    print(f"  target: p95 at most 20 ms ({'met' if pct(warm, 95) <= 20 else 'MISSED'})")
    print(
        "  before the peer directory (SQLite, docs/performance.md): "
        "first 883 ms, p50 409 ms, p95 504 ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--peers", type=int, default=10_000)
    parser.add_argument("--seekers", type=int, default=40)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    asyncio.run(run(args.database_url, args.peers, args.seekers))


if __name__ == "__main__":
    main()
