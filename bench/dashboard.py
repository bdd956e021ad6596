"""The coordinators' dashboard: how long each page takes, served, for a network of 10,000 people.

Run: .venv/bin/python -m bench.dashboard [--people 10000] [--pairs 2000] [--escalations 200]
     [--requests 40] [--database-url URL]   (a Postgres URL whose database name starts with
     "bench")

Seeds a network (one person in 25 an approved peer with room for five to seven seekers, a few
away; pairs active, paused, ended with ratings, many silent for days; seekers waiting; open
escalations of every level, some claimed; three check-ins answered per open pair; twelve weeks
of anonymous check-in counts and resolved escalations for the figures), then asks the bot's own
HTTP server for each page as a signed-in coordinator, over loopback: the whole server side
(session check, queries, decryption of what is shown, templates, the audit line) is timed.
``seed_network`` is also what ``bench.screens`` shows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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
from bench.dashboard_features import seed_features
from bot.clock import FakeClock
from bot.config import Settings
from bot.dashboard import web
from bot.dashboard.pages import PAGES
from bot.delivery.http_server import HttpServer
from bot.domain.escalations import Escalation, Status
from bot.domain.pairs import ACTIVE, ENDED, PAUSED, Pair
from bot.domain.people import Person, new_code
from bot.sandbox.webapp import init_data
from bot.storage.crypto import KeyRing, generate_key
from bot.storage.orm import CheckinRow, StatCountRow, new_id
from bot.storage.uow import Storage
from tests.support.browser import DashboardClient
from tests.support.context import make_ctx

TOKEN = "123456:BENCHDASHBOARD"
BATCH = 500
NAMES = ("Otter", "Heron", "Willow", "Cedar", "Lark", "Moss", "Fern", "Brook", "Wren", "Ash")
SEEKER_ANSWERS = ("1", "2", "3", "4", "4", "5", "5", "other", "urgent")
PEER_ANSWERS = ("fine", "fine", "fine", "heavy", "break", "coord")


@dataclass(frozen=True)
class Network:
    viewer: Person
    people: int
    pairs: int
    escalations: int


def _person(n: int, now: datetime, rng: random.Random, **kw: object) -> Person:
    return Person(
        id=new_id(),
        code=new_code(),
        telegram_id=7_000_000_000 + n,
        created_at=now - timedelta(days=rng.randint(1, 120)),
        pseudonym=f"{rng.choice(NAMES)} {n}",
        language=rng.choice(("fr", "en")),
        consent_version=1,
        consent_at=now,
        last_seen_at=now,
        **kw,  # type: ignore[arg-type]
    )


async def seed_network(
    storage: Storage, rng: random.Random, people: int, pairs: int, escalations: int
) -> Network:
    """A network of ``people`` (3 coordinators, peers, applicants, seekers) with ``pairs`` pairs
    and ``escalations`` unresolved escalations; returns the coordinator who looks at it."""
    now = storage.clock.now()
    coordinators = [_person(n, now, rng, is_coordinator=True) for n in range(3)]
    n_peers = max(2, people // 25)
    peers = [
        _person(
            10 + n,
            now,
            rng,
            is_peer=True,
            peer_state="approved",
            peer_capacity=rng.randint(5, 7),
            peer_away=rng.random() < 0.05,
        )
        for n in range(n_peers)
    ]
    applicants = [
        _person(100_000 + n, now, rng, is_peer=True, peer_state="applicant") for n in range(15)
    ]
    n_seekers = max(1, people - len(coordinators) - n_peers - len(applicants))
    seekers = [_person(200_000 + n, now, rng, is_seeker=True) for n in range(n_seekers)]
    made: list[Pair] = []
    room = {p.id: p.peer_capacity for p in peers}
    for n in range(min(pairs, len(seekers))):
        seeker = seekers[n]
        roll = rng.random()
        status = ACTIVE if roll < 0.75 else PAUSED if roll < 0.85 else ENDED
        candidates = [p for p in peers if room[p.id] > 0] if status != ENDED else peers
        peer = rng.choice(candidates or peers)
        if status != ENDED:
            room[peer.id] -= 1
        created = now - timedelta(days=rng.randint(1, 80), hours=rng.randint(0, 23))
        ended = created + timedelta(days=rng.randint(1, 20)) if status == ENDED else None
        seeker.seeker_state = "paired" if status == ACTIVE else "paused"
        if status == ENDED:
            seeker.seeker_state = "none"
        made.append(
            Pair(
                id=new_id(),
                code=f"P{n:05d}",
                seeker_id=seeker.id,
                peer_id=peer.id,
                status=status,
                created_at=created,
                last_activity_at=now - timedelta(days=rng.randint(0, 25), hours=rng.randint(0, 23)),
                ended_at=ended,
                end_reason="ended" if ended else None,
                seeker_rating=rng.randint(1, 5) if ended and rng.random() < 0.7 else None,
                paused_by=seeker.id if status == PAUSED else None,
            )
        )
    for seeker in seekers[len(made) : len(made) + max(1, people // 30)]:
        seeker.seeker_state = "waiting"
        seeker.waiting_since = now - timedelta(hours=rng.randint(0, 120))
    everyone = coordinators + peers + applicants + seekers
    for start in range(0, len(everyone), BATCH):
        async with storage.uow() as uow:
            for person in everyone[start : start + BATCH]:
                await uow.people.add(person)
            await uow.commit()
    for start in range(0, len(made), BATCH):
        async with storage.uow() as uow:
            for pair in made[start : start + BATCH]:
                await uow.pairs.add(pair)
            await uow.commit()
    await _escalations(storage, rng, seekers, coordinators, escalations)
    await _checkins(storage, rng, [p for p in made if p.open])
    await seed_features(storage, rng, peers, coordinators[0])
    return Network(coordinators[0], len(everyone), len(made), escalations)


async def _escalations(
    storage: Storage, rng: random.Random, seekers: list[Person], team: list[Person], count: int
) -> None:
    now = storage.clock.now()
    async with storage.uow() as uow:
        for n in range(count + 300):
            resolved = n >= count  # the past ones, for the figures
            created = now - (
                timedelta(days=rng.randint(1, 80))
                if resolved
                else timedelta(minutes=rng.randint(1, 3000))
            )
            claimed = resolved or rng.random() < 0.3
            claimed_at = created + timedelta(minutes=rng.randint(1, 240)) if claimed else None
            esc = Escalation(
                id=new_id(),
                code=f"E{n:05d}",
                kind=rng.choice(("sos", "automatic", "referral", "checkin", "report")),
                level=rng.choice((0, 1, 2)),
                status=Status.RESOLVED if resolved else Status.CLAIMED if claimed else Status.OPEN,
                created_at=created,
                subject_id=rng.choice(seekers).id,
                reason="A reason written by whoever raised it",
                claimed_by=team[1].id if claimed else None,
                claimed_at=claimed_at,
                resolved_at=claimed_at + timedelta(hours=1) if resolved and claimed_at else None,
            )
            await uow.escalations.add(esc)
            # add() stores a new escalation; its claim and resolution are saved after.
            await uow.escalations.save(esc)
        await uow.commit()


async def _checkins(storage: Storage, rng: random.Random, pairs: list[Pair]) -> None:
    now = storage.clock.now()
    cipher = storage.cipher
    for start in range(0, len(pairs), BATCH):
        async with storage.uow() as uow:
            chunk = pairs[start : start + BATCH]
            await cipher.person_keys.load({p.seeker_id for p in chunk} | {p.peer_id for p in chunk})
            for pair in chunk:
                for role, who, answers in (
                    ("seeker", pair.seeker_id, SEEKER_ANSWERS),
                    ("seeker", pair.seeker_id, SEEKER_ANSWERS),
                    ("peer", pair.peer_id, PEER_ANSWERS),
                ):
                    row_id = new_id()
                    at = now - timedelta(days=rng.randint(0, 27), hours=rng.randint(0, 23))
                    uow.session.add(
                        CheckinRow(
                            id=row_id,
                            pair_id=pair.id,
                            person_id=who,
                            role=role,
                            status="answered",
                            due_at=at,
                            sent_at=at,
                            answered_at=at,
                            answer=cipher.encrypt(
                                rng.choice(answers),
                                table="checkins",
                                column="answer",
                                row_id=row_id,
                                owner=who,
                            ),
                        )
                    )
            await uow.commit()
    async with storage.uow() as uow:
        today = now.date()
        for back in range(84):
            day = (today - timedelta(days=back)).isoformat()
            for metric in [
                *{f"seeker.{a}" for a in SEEKER_ANSWERS},
                *{f"peer.{a}" for a in PEER_ANSWERS},
            ]:
                uow.session.add(
                    StatCountRow(metric=f"checkin.{metric}", day=day, value=rng.randint(0, 12))
                )
        await uow.commit()


def dashboard_settings(port: int = 9) -> Settings:
    return Settings.model_validate(
        {"dashboard": {"enabled": True, "public_url": f"http://127.0.0.1:{port}"}}
    )


async def serve(storage: Storage, clock: FakeClock) -> tuple[HttpServer, str]:
    """The dashboard's routes on the bot's HTTP server, on a loopback port."""
    ctx = make_ctx(clock, storage, dashboard_settings())
    server = HttpServer(web.routes(storage, ctx, TOKEN))
    port = server.listen("127.0.0.1", 0)
    return server, f"http://127.0.0.1:{port}/dashboard"


async def vacuum(url: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text("VACUUM ANALYZE"))
    await engine.dispose()


async def run(url: str | None, people: int, pairs: int, escalations: int, requests: int) -> None:
    rng = random.Random(20261206)
    clock = FakeClock(datetime.combine(date(2026, 12, 7), datetime.min.time()).astimezone())
    ring = KeyRing([generate_key("bench")])
    with tempfile.TemporaryDirectory() as tmp:
        dbs = await fresh_database(url, Path(tmp), "dashboard.db")
        storage = await open_storage(dbs, ring, clock, index_cost=SEEDING_INDEX_COST)
        t0 = time.perf_counter()
        network = await seed_network(storage, rng, people, pairs, escalations)
        print(
            f"seeded {network.people} people, {network.pairs} pairs, {escalations} open "
            f"escalations in {time.perf_counter() - t0:.0f} s"
        )
        if dbs.url.startswith("postgresql"):
            await vacuum(dbs.url)
        server, base = await serve(storage, clock)
        client = DashboardClient(base)
        try:
            answer = await client.auth(init_data(TOKEN, network.viewer.telegram_id))
            assert answer.status == 200, answer.status
            print(f"machine: {machine()}; backend: {backend_name(dbs.url)}")
            for page in [p.slug for p in PAGES] + ["pairs?answer=urgent", "pairs?state=ended"]:
                spans, cpu = [], []
                for _ in range(requests):
                    start, start_cpu = time.perf_counter(), time.process_time()
                    status, body, _ = await client.get(page)
                    spans.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - start_cpu) * 1000)
                    assert status == 200, (page, status)
                # Wall time is what a coordinator waits; CPU time (this process: server and
                # client) is what the page costs, and moves less when the machine is shared.
                print(
                    f"  {page:<20} wall p50 {pct(spans, 50):6.1f}  p95 {pct(spans, 95):6.1f}"
                    f"  max {max(spans):6.1f} ms | cpu p50 {pct(cpu, 50):6.1f}"
                    f"  p95 {pct(cpu, 95):6.1f} ms | {len(body) // 1024} KiB"
                )
            print(f"load average at the end: {os.getloadavg()[0]:.2f}")
        finally:
            await client.close()
            await server.close()
            await storage.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=2_000)
    parser.add_argument("--escalations", type=int, default=200)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    asyncio.run(run(args.database_url, args.people, args.pairs, args.escalations, args.requests))
