"""The unit of work owns the transaction; services commit through it, repositories never do."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from types import TracebackType

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.clock import Clock, SystemClock
from bot.domain.events import Event
from bot.storage.audit_repo import AuditRepository
from bot.storage.checkins_repo import CheckinsRepository
from bot.storage.circles_repo import CirclesRepository
from bot.storage.cluster import Liveness, new_instance_id
from bot.storage.coord_repo import CoordRepository
from bot.storage.crypto import Cipher
from bot.storage.dashboard_repo import DashboardRepository
from bot.storage.engine import WriterGate, is_sqlite
from bot.storage.escalations_repo import EscalationsRepository
from bot.storage.flows_repo import FlowStore
from bot.storage.held_repo import HeldMessages
from bot.storage.housekeeping_repo import HousekeepingRepository
from bot.storage.invites_repo import InvitesRepository
from bot.storage.metrics_repo import MetricsRepository
from bot.storage.offers_repo import OffersRepository, QueueRepository
from bot.storage.pairs_repo import PairsRepository
from bot.storage.privacy_repo import PrivacyRepository
from bot.storage.repositories import (
    EventsRepository,
    InboxRepository,
    OutboxRepository,
    PeopleRepository,
)
from bot.storage.stats_repo import StatsRepository
from bot.storage.talk_times_repo import TalkTimesRepository
from bot.storage.training_repo import TrainingRepository

log = logging.getLogger(__name__)

# Session info keys: whether to hold every loaded row, and the rows held.
_KEEP = "entraide.keep_rows"
_KEPT = "entraide.kept_rows"


class KeepingSession(Session):
    """A session that can hold on to the rows it loads (``UnitOfWork.keep_rows``).

    The identity map holds unmodified rows weakly; repositories turn rows into domain objects
    and drop them, so the next ``get`` of the same row in the same transaction was a query
    again: three for the people and three for the pair of every relayed message. Holding them
    for the transaction makes those look-ups free. Off by default: a sweep reading 100,000 rows
    must not keep them all in memory.
    """


@event.listens_for(KeepingSession, "loaded_as_persistent")
def _keep_loaded(session: Session, instance: object) -> None:
    if session.info.get(_KEEP):
        session.info.setdefault(_KEPT, []).append(instance)


class UnitOfWork:
    session: AsyncSession
    people: PeopleRepository
    inbox: InboxRepository
    outbox: OutboxRepository
    events: EventsRepository
    # followup
    checkins: CheckinsRepository
    housekeeping: HousekeepingRepository
    privacy: PrivacyRepository
    # relay
    held: HeldMessages
    pairs: PairsRepository
    talk_times: TalkTimesRepository
    # coordination and escalations
    escalations: EscalationsRepository
    coord: CoordRepository
    stats: StatsRepository
    audit: AuditRepository
    # matching
    offers: OffersRepository
    queue: QueueRepository
    invites: InvitesRepository
    flows: FlowStore
    # the coordinators' dashboard
    dashboard: DashboardRepository
    metrics: MetricsRepository
    # group circles
    circles: CirclesRepository
    # training
    training: TrainingRepository

    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self._committed = False
        self._later: list[Callable[[Storage], Awaitable[None]]] = []
        # The domain events published in this unit of work, in order (ServiceContext.publish).
        self.published: list[Event] = []

    async def __aenter__(self) -> UnitOfWork:
        await self._storage.gate.__aenter__()
        self.session = self._storage.sessions()
        cipher = self._storage.cipher
        self.people = PeopleRepository(self.session, cipher)
        self.inbox = InboxRepository(self.session, cipher)
        self.outbox = OutboxRepository(self.session, cipher, self._storage.clock)
        self.events = EventsRepository(self.session)
        # followup
        self.checkins = CheckinsRepository(self.session, cipher, self.dialect)
        self.housekeeping = HousekeepingRepository(self.session, cipher, self.dialect)
        self.privacy = PrivacyRepository(self.session, cipher)
        # coordination and escalations
        self.escalations = EscalationsRepository(self.session, cipher)
        self.coord = CoordRepository(self.session, cipher)
        self.stats = StatsRepository(self.session)
        self.audit = AuditRepository(self.session, cipher)
        # relay
        self.held = HeldMessages(self.session, cipher)
        self.pairs = PairsRepository(self.session, cipher)
        self.talk_times = TalkTimesRepository(self.session, cipher)
        # matching
        self.offers = OffersRepository(self.session, cipher)
        self.queue = QueueRepository(self.session, cipher)
        self.invites = InvitesRepository(self.session, cipher)
        self.flows = FlowStore(self.session, cipher)
        # the coordinators' dashboard
        self.dashboard = DashboardRepository(self.session, cipher)
        # cluster: sends this process puts on the wire carry its name; figures for /metrics
        self.outbox.claimer = self._storage.liveness.instance_id
        self.metrics = MetricsRepository(self.session)
        # group circles
        self.circles = CirclesRepository(self.session, cipher)
        # training
        self.training = TrainingRepository(self.session, cipher, self.dialect)
        return self

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``: some statements (locks, upserts) differ."""
        return str(self._storage.engine.dialect.name)

    @property
    def cipher(self) -> Cipher:
        return self._storage.cipher

    def record(self, event: Event) -> None:
        self.published.append(event)

    def keep_rows(self) -> None:
        """Rows this unit of work loads stay in memory until it ends (see KeepingSession):
        for handling updates, which read the same few rows again and again."""
        self.session.sync_session.info[_KEEP] = True

    def now(self) -> datetime:
        return self._storage.clock.now()

    def after_commit(self, job: Callable[[Storage], Awaitable[None]]) -> None:
        """Slow work that must not keep this transaction open (on SQLite every other unit of
        work, deliveries included, waits for it): started once this one has committed and
        closed, with a unit of work of its own. Dropped if this one rolls back."""
        self._later.append(job)

    async def commit(self) -> None:
        await self.session.commit()
        self._committed = True
        if self.outbox.added:
            self._storage.notify_outbox()
        for job in self._later:
            # A task: it waits for this unit of work to release the writer gate.
            self._storage.spawn(job(self._storage))
        self._later.clear()

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
        self.sessions = async_sessionmaker(
            engine, expire_on_commit=False, sync_session_class=KeepingSession
        )
        self.gate = WriterGate(serialise=is_sqlite(str(engine.url)))
        self._outbox_listeners: list[Callable[[], None]] = []
        # Other engines this storage depends on (the person key store), closed with it.
        self.companions: list[AsyncEngine] = []
        self._tasks: set[asyncio.Task[None]] = set()
        # This process among others sharing the database (bot/storage/cluster.py).
        self.liveness = Liveness(engine, new_instance_id())

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self)

    def spawn(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("work after commit failed", exc_info=task.exception())

    async def settle(self) -> None:
        """Waits for the work started after commits (tests, and a clean shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def on_outbox(self, callback: Callable[[], None]) -> None:
        self._outbox_listeners.append(callback)

    def notify_outbox(self) -> None:
        # Wakes the dispatcher at once instead of letting it find new rows on its next poll.
        for callback in self._outbox_listeners:
            callback()

    async def checkpoint(self) -> None:
        """On SQLite, folds the WAL back into the database file so purged pages leave the disk
        (``secure_delete`` zeroes them); a checkpoint cannot run inside a transaction."""
        if not is_sqlite(str(self.engine.url)):
            return
        async with self.gate, self.engine.connect() as conn:
            raw = await conn.get_raw_connection()
            driver = raw.driver_connection
            assert driver is not None
            await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def dispose(self) -> None:
        await self.settle()
        await self.liveness.stop()
        for engine in self.companions:
            await engine.dispose()
        await self.engine.dispose()
