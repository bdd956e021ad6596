"""Matching: generated seekers and peers for the rules' properties, the directory's query as a
predicate, and seekers and peers added to real storage."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import strategies as st

from bot.config import Settings
from bot.domain import matching as rules
from bot.domain.people import Person, new_code
from bot.domain.profiles import Criterion, PeerProfile, SeekerProfile
from bot.storage.orm import new_id

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
TOPICS = ("burnout", "grief", "trauma", "isolation", "illness")
LANGS = ("fr", "en", "de")
SLOTS = ("mornings", "afternoons", "evenings", "weekends")
GENDERS = ("woman", "man", "nonbinary")
AGES = ("18-29", "30-44", "45+")


def subset(values: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=len(values))


def one_in(n: int) -> st.SearchStrategy[bool]:
    """True about once in n draws: each constraint fails now and then, so that many peers
    pass them all and the properties are not vacuous."""
    return st.sampled_from((False,) * (n - 1) + (True,))


criteria = st.fixed_dictionaries(
    {},
    optional={
        "gender": st.builds(Criterion, value=st.sampled_from(GENDERS), must=one_in(3)),
        "age_range": st.builds(Criterion, value=st.sampled_from(AGES), must=one_in(3)),
    },
)


seekers = st.builds(
    lambda n, lang, profile: Person(
        id=f"s{n}",
        code=f"S{n}",
        telegram_id=n,
        created_at=NOW,
        language=lang,
        seeker_state="waiting",
        seeker_profile=profile,
    ),
    st.integers(0, 3),
    st.sampled_from((None, *LANGS)),
    st.builds(
        SeekerProfile,
        experiences=subset(TOPICS),
        languages=subset(LANGS),
        criteria=criteria,
        availability=subset(SLOTS),
    ),
)


peers = st.builds(
    lambda lang, status, unreachable, state, away, capacity, profile: Person(
        id="",
        code="",
        telegram_id=0,
        created_at=NOW,
        language=lang,
        status=status,
        unreachable_at=unreachable,
        peer_state=state,
        peer_away=away,
        peer_capacity=capacity,
        peer_profile=profile,
    ),
    st.sampled_from((None, *LANGS)),
    one_in(6).map(lambda yes: "suspended" if yes else "active"),
    one_in(6).map(lambda yes: NOW if yes else None),
    st.sampled_from(("approved",) * 6 + ("applicant", "rejected")),
    one_in(6),
    st.sampled_from((0, 1, 2, 2, 3, 3, 4)),
    st.builds(
        PeerProfile,
        experiences=subset(TOPICS),
        cannot_take=st.lists(st.sampled_from(TOPICS), max_size=1),
        languages=subset(LANGS),
        availability=subset(SLOTS),
        attributes=st.fixed_dictionaries(
            {}, optional={"gender": st.sampled_from(GENDERS), "age_range": st.sampled_from(AGES)}
        ),
    ),
)


# Half the peers can take someone as far as their own state goes, so that whether they fit
# this seeker (language, triggers, criteria, history) is what decides, and often passes.
ready_peers = peers.map(
    lambda p: replace(
        p,
        status="active",
        unreachable_at=None,
        peer_state="approved",
        peer_away=False,
        peer_capacity=max(p.peer_capacity, 3),
    )
)


_tg = itertools.count(90_000)


async def add_peer(storage, clock, name, *, topics=("burnout",), capacity=2, away=False, **kw):
    person = Person(
        id=new_id(),
        code=new_code(),
        telegram_id=next(_tg),
        created_at=clock.now(),
        pseudonym=name,
        language=kw.pop("language", "en"),
        is_peer=True,
        peer_state="approved",
        peer_capacity=capacity,
        peer_away=away,
        peer_profile=PeerProfile(experiences=list(topics), languages=["en"], **kw),
    )
    async with storage.uow() as uow:
        await uow.people.add(person)
        await uow.commit()
    return person


async def add_seeker(storage, clock, name, *, topics=("burnout",), state="none", **kw):
    person = Person(
        id=new_id(),
        code=new_code(),
        telegram_id=next(_tg),
        created_at=clock.now(),
        pseudonym=name,
        language="en",
        is_seeker=True,
        seeker_state=state,
        waiting_since=clock.now() if state == "waiting" else None,
        seeker_profile=SeekerProfile(experiences=list(topics), languages=["en"], **kw),
    )
    async with storage.uow() as uow:
        await uow.people.add(person)
        await uow.commit()
    return person


async def run(storage, fn, *args, **kw):
    """One service call in its own unit of work, as one update or one sweep would be."""
    async with storage.uow() as uow:
        result = await fn(uow, *args, **kw)
        await uow.commit()
    return result


def in_query(peer: Person) -> bool:
    """What ``QueueRepository.available_peers`` selects (tests/integration checks the SQL)."""
    return (
        peer.peer_state == "approved"
        and not peer.peer_away
        and peer.status == "active"
        and peer.unreachable_at is None
        and peer.peer_capacity > 0
    )


def configured_weights(settings: Settings) -> rules.Weights:
    """The score weights ``[matching.weights]`` configures, in the rules' order."""
    w = settings.matching.weights
    return rules.Weights(w.shared_experience, w.nice_to_have, w.availability, w.load_balance)
