"""Circles and training for the dashboard's benchmark and screenshots: one circle per 20 peers
with its next session and six held ones, every peer's module results (a few held, a few
expiring soon), continuing-education hours and debriefs waiting to be claimed."""

from __future__ import annotations

import random
from datetime import time as dt_time
from datetime import timedelta

from bot.domain.circles import (
    Access,
    Cadence,
    Circle,
    Schedule,
    Session,
    SessionStatus,
    new_circle_code,
)
from bot.domain.people import Person
from bot.domain.supervision import DebriefStatus, DebriefTrigger
from bot.storage.orm import new_id
from bot.storage.training_repo import PeerTraining
from bot.storage.uow import Storage

MODULES = ("boundaries", "confidentiality", "listening", "no-diagnosis", "risk")
TITLES = ("Burnout", "Grief", "Caring for a parent", "After a loss", "Night shifts")


async def seed_features(
    storage: Storage, rng: random.Random, peers: list[Person], coordinator: Person
) -> None:
    now = storage.clock.now()
    async with storage.uow() as uow:
        for n in range(max(2, len(peers) // 20)):
            facilitator = peers[n % len(peers)]
            circle = Circle(
                id=new_id(),
                code=new_circle_code(),
                title=f"{rng.choice(TITLES)} {n}",
                topics=["burnout"],
                language=rng.choice(("fr", "en")),
                facilitator_id=facilitator.id,
                schedule=Schedule(Cadence.WEEKLY, now.date(), dt_time(18, 0), 90, "Europe/Paris"),
                capacity=10,
                access=Access.OPEN,
                created_at=now - timedelta(days=60),
            )
            await uow.circles.add(circle)
            for member in rng.sample(peers, min(len(peers), rng.randint(3, 9))):
                await uow.circles.join(circle.id, member.id, now)
            starts = now + timedelta(days=rng.randint(1, 7), hours=rng.randint(0, 12))
            await uow.circles.add_session(Session(new_id(), circle.id, starts, starts))
            for week in range(1, 7):
                held_at = now - timedelta(weeks=week)
                held = Session(new_id(), circle.id, held_at, held_at + timedelta(hours=1))
                held.status = SessionStatus.CLOSED
                await uow.circles.add_session(held)
                await uow.circles.record_close(held.id, rng.randint(2, 9))
                for _ in range(rng.randint(0, 4)):
                    await uow.circles.count_helpful(held.id, rng.random() < 0.8)
        await uow.commit()
    for start in range(0, len(peers), 100):
        async with storage.uow() as uow:
            for peer in peers[start : start + 100]:
                if rng.random() < 0.05:
                    await uow.training.save_peer(PeerTraining(peer.id, held=True), now)
                    continue
                for module in MODULES:
                    if rng.random() < 0.2:
                        await uow.training.add_result(peer.id, module, 2, 5, False, now, None)
                    days = rng.randint(5, 360)
                    expires = now + timedelta(days=days)
                    await uow.training.add_result(peer.id, module, 5, 5, True, now, expires)
                if rng.random() < 0.3:
                    minutes = rng.choice((60, 90, 120))
                    await uow.training.add_hours(peer.id, coordinator.id, minutes, "Day", now)
            await uow.commit()
    async with storage.uow() as uow:
        for n, peer in enumerate(rng.sample(peers, min(len(peers), 30))):
            debrief = await uow.training.add_debrief(
                peer.id, f"DB{n:04d}", DebriefTrigger.ASKED, DebriefStatus.WAITING, now
            )
            sent = now - timedelta(hours=rng.randint(1, 48))
            await uow.training.update_debrief(debrief.id, sent_at=sent)
        await uow.commit()
