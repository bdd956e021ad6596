"""The unit of work owns the transaction; services commit through it, repositories never do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock, SystemClock
from bot.storage.crypto import Cipher
from bot.storage.engine import WriterGate, is_sqlite
from bot.storage.repositories import (
    EventsRepository,
    InboxRepository,
    OutboxRepository,
    PeopleRepository,
)

R = TypeVar("R")


class UnitOfWork:
    session: AsyncSession
    people: PeopleRepository
    inbox: InboxRepository
    outbox: OutboxRepository
    events: EventsRepository

    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self._committed = False

    async def __aenter__(self) -> UnitOfWork:
        await self._storage.gate.__aenter__()
        self.session = self._storage.sessions()
        cipher = self._storage.cipher
        self.people = PeopleRepository(self.session, cipher)
        self.inbox = InboxRepository(self.session, cipher)
        self.outbox = OutboxRepository(self.session, cipher, self._storage.clock)
        self.events = EventsRepository(self.session)
        self._repos: dict[type, object] = {}
        return self

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``: some statements (locks, upserts) differ."""
        return str(self._storage.engine.dialect.name)

    @property
    def cipher(self) -> Cipher:
        return self._storage.cipher

    def repo(self, cls: type[R]) -> R:
        """A feature repository, built as ``cls(session, cipher)`` once per unit of work."""
        found = self._repos.get(cls)
        if found is None:
            found = self._repos[cls] = cls(self.session, self._storage.cipher)  # type: ignore[call-arg]
        return found  # type: ignore[return-value]

    def now(self) -> datetime:
        return self._storage.clock.now()

    async def commit(self) -> None:
        await self.session.commit()
        self._committed = True
        if self.outbox.added:
            self._storage.notify_outbox()

    async def rollback(self) -> None:
        await self.session.rollback()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self._committed:
                # Detach first: a read-only unit of work hands out rows that stay readable,
                # instead of rows the rollback would expire.
                self.session.expunge_all()
                await self.session.rollback()
            await self.session.close()
        finally:
            await self._storage.gate.__aexit__()


class Storage:
    """Engine, cipher and the writer gate: what every unit of work needs."""

    def __init__(self, engine: AsyncEngine, cipher: Cipher, clock: Clock | None = None) -> None:
        self.engine = engine
        self.cipher = cipher
        self.clock: Clock = clock or SystemClock()
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.gate = WriterGate(serialise=is_sqlite(str(engine.url)))
        self._outbox_listeners: list[Callable[[], None]] = []

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self)

    def on_outbox(self, callback: Callable[[], None]) -> None:
        self._outbox_listeners.append(callback)

    def notify_outbox(self) -> None:
        # Wakes the dispatcher at once instead of letting it find new rows on its next poll.
        for callback in self._outbox_listeners:
            callback()

    async def dispose(self) -> None:
        await self.engine.dispose()
