"""Building people and pairs directly in storage, for tests that start mid-story."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.pairs import ACTIVE, Pair
from bot.domain.people import Person, new_code
from bot.domain.profiles import PeerProfile, SeekerProfile
from bot.storage.orm import new_id


async def add_person(
    uow,
    telegram_id: int,
    pseudonym: str,
    *,
    language: str = "en",
    timezone: str | None = None,
    seeker: bool = False,
    peer: bool = False,
    coordinator: bool = False,
    capacity: int = 2,
) -> Person:
    now = uow.now()
    code = new_code()
    # Codes are random: among the thousands of people some tests seed, two can collide.
    while await uow.people.by_code(code) is not None:
        code = new_code()
    person = Person(
        id=new_id(),
        code=code,
        telegram_id=telegram_id,
        created_at=now,
        pseudonym=pseudonym,
        language=language,
        timezone=timezone,
        is_seeker=seeker,
        is_peer=peer,
        is_coordinator=coordinator,
        consent_version=1,
        consent_at=now,
        seeker_state="waiting" if seeker else "none",
        waiting_since=now if seeker else None,
        seeker_profile=SeekerProfile(experiences=["grief"], languages=[language])
        if seeker
        else None,
        peer_state="approved" if peer else "none",
        peer_capacity=capacity if peer else 0,
        peer_profile=PeerProfile(experiences=["grief"], languages=[language]) if peer else None,
    )
    await uow.people.add(person)
    return person


async def add_pair(uow, seeker: Person, peer: Person, *, age: timedelta = timedelta(0)) -> Pair:
    pair = Pair(
        id=new_id(),
        code="P" + new_code()[:5],
        seeker_id=seeker.id,
        peer_id=peer.id,
        status=ACTIVE,
        created_at=uow.now() - age,
        score={"shared_experience": 3.0},
    )
    await uow.pairs.add(pair)
    seeker.seeker_state = "paired"
    seeker.waiting_since = None
    await uow.people.save(seeker)
    return pair
