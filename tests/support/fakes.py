"""In-memory stand-ins for the unit of work and its repositories, so that a service's rule can be
tested without a database (the pattern of *Architecture Patterns with Python*: ``FakeRepository``,
``FakeUnitOfWork``).

Each fake implements what the services call, with the real repository's contract: a person read
is a copy (a change counts only once saved, as with the real storage), ``coordinators`` leaves out
suspended ones, the outbox records the messages in the order they were queued. Pass a
``FakeUnitOfWork`` where a ``UnitOfWork`` is expected with ``typing.cast``::

    uow = FakeUnitOfWork(clock, people=[alice])
    await moderation.held_back(cast(UnitOfWork, uow), ctx, alice)
    assert [m.params["text"] for m in uow.outbox.messages] == [...]
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from types import TracebackType
from typing import Any, TypeVar

from bot.clock import Clock
from bot.domain.events import Event
from bot.domain.pairs import Pair
from bot.domain.people import Person
from bot.storage.repositories import OutgoingMessage

R = TypeVar("R")


class FakePeopleRepository:
    """People by id; what is read is a copy, what is saved replaces the stored one."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self.stored: dict[str, Person] = {p.id: copy.deepcopy(p) for p in people}

    async def get(self, person_id: str) -> Person | None:
        found = self.stored.get(person_id)
        return copy.deepcopy(found) if found else None

    async def get_many(self, ids: Iterable[str]) -> dict[str, Person]:
        return {i: copy.deepcopy(self.stored[i]) for i in set(ids) if i in self.stored}

    async def prefetch(self, person_ids: Iterable[str]) -> None:
        return None

    async def by_telegram_id(self, telegram_id: int) -> Person | None:
        for person in self.stored.values():
            if person.telegram_id == telegram_id:
                return copy.deepcopy(person)
        return None

    async def by_code(self, code: str) -> Person | None:
        for person in self.stored.values():
            if person.code == code.upper():
                return copy.deepcopy(person)
        return None

    async def coordinators(self) -> list[Person]:
        return [
            copy.deepcopy(p) for p in self.stored.values() if p.is_coordinator and not p.suspended
        ]

    async def add(self, person: Person) -> None:
        if person.id in self.stored:
            raise ValueError(f"person {person.id} already stored")
        self.stored[person.id] = copy.deepcopy(person)

    async def save(self, person: Person) -> None:
        if person.id not in self.stored:
            raise LookupError(f"person {person.id} not found")
        self.stored[person.id] = copy.deepcopy(person)

    async def count(self) -> int:
        return len(self.stored)


class FakeOutboxRepository:
    """What the services asked to send, in order."""

    def __init__(self) -> None:
        self.messages: list[OutgoingMessage] = []

    @property
    def added(self) -> int:
        return len(self.messages)

    async def add(self, msg: OutgoingMessage) -> None:
        self.messages.append(msg)

    def to(self, person: Person) -> list[OutgoingMessage]:
        return [m for m in self.messages if m.person_id == person.id]

    def texts(self, person: Person) -> list[str]:
        return [str(m.params.get("text") or m.params.get("caption") or "") for m in self.to(person)]


class FakePairsRepository:
    """Pairs by id (a copy on every read, as the real repository gives)."""

    def __init__(self, pairs: Iterable[Pair] = ()) -> None:
        self.stored: dict[str, Pair] = {p.id: copy.deepcopy(p) for p in pairs}

    async def add(self, pair: Pair) -> None:
        self.stored[pair.id] = copy.deepcopy(pair)

    async def get(self, pair_id: str) -> Pair | None:
        found = self.stored.get(pair_id)
        return copy.deepcopy(found) if found else None

    async def save(self, pair: Pair) -> None:
        if pair.id not in self.stored:
            raise LookupError(f"pair {pair.id} not found")
        self.stored[pair.id] = copy.deepcopy(pair)

    async def open_for(self, person_id: str) -> list[Pair]:
        return [
            copy.deepcopy(p)
            for p in sorted(self.stored.values(), key=lambda p: p.created_at)
            if p.open and p.has(person_id)
        ]


class FakeMarks:
    """``QueueRepository``'s marks: "this was done for this person at this time"."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, str, datetime]] = []

    async def mark(self, kind: str, person_id: str, now: datetime) -> None:
        self.marks.append((kind, person_id, now))

    async def marked_since(self, kind: str, person_id: str, since: datetime) -> bool:
        return any(k == kind and p == person_id and at >= since for k, p, at in self.marks)


class FakeOnDuty:
    """``uow.coord``'s on-duty flags (``/oncall on``)."""

    def __init__(self, on_duty: Iterable[str] = ()) -> None:
        self.since: dict[str, datetime | None] = dict.fromkeys(on_duty)

    async def on_duty_ids(self) -> set[str]:
        return set(self.since)

    async def set_on_duty(self, person_id: str, on: bool, now: datetime) -> None:
        if on:
            self.since.setdefault(person_id, now)
        else:
            self.since.pop(person_id, None)


class FakeUnitOfWork:
    """A unit of work over the fakes above. ``commit`` records that it happened (``commits``
    counts them); nothing is rolled back on leaving without one, as nothing is kept apart:
    tests look at ``committed`` to see whether the service committed."""

    def __init__(
        self,
        clock: Clock,
        *,
        people: Iterable[Person] = (),
        pairs: Iterable[Pair] = (),
        on_duty: Iterable[str] = (),
    ) -> None:
        self.clock = clock
        self.people = FakePeopleRepository(people)
        self.outbox = FakeOutboxRepository()
        self.pairs = FakePairsRepository(pairs)
        # The repositories' attribute names, as on the real unit of work.
        self.queue = FakeMarks()
        self.coord = FakeOnDuty(on_duty)
        self.published: list[Event] = []
        self.commits = 0
        self.rollbacks = 0
        self.kept_rows = False
        self.later: list[Callable[[Any], Awaitable[None]]] = []

    @property
    def committed(self) -> bool:
        return self.commits > 0

    async def __aenter__(self) -> FakeUnitOfWork:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def now(self) -> datetime:
        return self.clock.now()

    def record(self, event: Event) -> None:
        self.published.append(event)

    def keep_rows(self) -> None:
        self.kept_rows = True

    def after_commit(self, job: Callable[[Any], Awaitable[None]]) -> None:
        self.later.append(job)

    async def commit(self) -> None:
        self.commits += 1

    async def rollback(self) -> None:
        self.rollbacks += 1
