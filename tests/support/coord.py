"""Helpers for the coordination and escalation tests: people
and pairs created in real storage, and what the outbox holds for someone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.clock import FakeClock
from bot.domain.people import Person, new_code
from bot.domain.profiles import PeerProfile, SeekerProfile
from bot.services.matching import pairing as matching
from bot.services.shared.context import ServiceContext
from bot.storage.orm import AuditRow, OutboxRow, new_id
from bot.storage.uow import Storage


def person(
    clock: FakeClock,
    telegram_id: int,
    *,
    pseudonym: str | None = None,
    language: str = "en",
    role: str = "seeker",
    capacity: int = 2,
    experiences: tuple[str, ...] = ("burnout",),
    waiting_for: timedelta | None = None,
) -> Person:
    """A consented person; ``role``: seeker (waiting), peer (approved) or coordinator."""
    now = clock.now()
    found = Person(
        id=new_id(),
        code=new_code(),
        telegram_id=telegram_id,
        created_at=now,
        pseudonym=pseudonym,
        language=language,
        consent_version=1,
        consent_at=now,
        last_seen_at=now,
    )
    if role == "seeker":
        found.is_seeker = True
        found.seeker_state = "waiting"
        found.waiting_since = now - (waiting_for or timedelta(0))
        found.seeker_profile = SeekerProfile(experiences=list(experiences), languages=[language])
    elif role == "peer":
        found.is_peer = True
        found.peer_state = "approved"
        found.peer_capacity = capacity
        found.peer_profile = PeerProfile(experiences=list(experiences), languages=[language])
    elif role == "coordinator":
        found.is_coordinator = True
    return found


async def add(storage: Storage, *people: Person) -> None:
    async with storage.uow() as uow:
        for p in people:
            await uow.people.add(p)
        await uow.commit()


async def pair(storage: Storage, ctx: ServiceContext, seeker: Person, peer: Person) -> str:
    """Paired the way offers and coordinators pair people; returns the pair's code."""
    async with storage.uow() as uow:
        s = await uow.people.get(seeker.id)
        p = await uow.people.get(peer.id)
        assert s is not None and p is not None
        made = await matching.pair_up(uow, ctx, s, p, {"shared_experience": 3.0})
        await uow.commit()
    return made.code


async def outbox(storage: Storage, who: Person) -> list[tuple[str, dict[str, Any]]]:
    """(method, params) of everything queued for this person, oldest first (unsent rows),
    once the work started after commits (the /stats chart) is done."""
    await storage.settle()
    async with storage.uow() as uow:
        rows = (
            await uow.session.execute(
                select(OutboxRow).where(OutboxRow.person_id == who.id).order_by(OutboxRow.id)
            )
        ).scalars()
        return [(r.method, uow.outbox.open_payload(r)) for r in rows if r.payload is not None]


async def texts(storage: Storage, who: Person) -> list[str]:
    return [
        str(params.get("text") or params.get("caption") or "")
        for _method, params in await outbox(storage, who)
    ]


async def audit_rows(storage: Storage) -> list[AuditRow]:
    async with storage.uow() as uow:
        return list((await uow.session.execute(select(AuditRow).order_by(AuditRow.at))).scalars())


async def run(storage: Storage, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """One service call in its own committed unit of work, as one update would be."""
    async with storage.uow() as uow:
        result = await fn(uow, *args, **kwargs)
        await uow.commit()
    return result


async def fresh(storage: Storage, who: Person) -> Person:
    async with storage.uow() as uow:
        found = await uow.people.get(who.id)
    assert found is not None
    return found
