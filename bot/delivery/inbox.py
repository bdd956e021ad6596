"""Update intake and processing.

Polling: each batch from getUpdates is committed to the inbox *before* the next getUpdates,
whose offset is what confirms the batch to Telegram, so a crash never loses an update.
Processing: one transaction per batch of updates runs the handlers, writes their outbox rows and
marks the updates processed, so each update's effects happen exactly once (see Processor).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter
from telegram.ext import Application

from bot.clock import Clock, SystemClock
from bot.delivery.dispatcher import retry_seconds
from bot.delivery.limits import InboundLimiter
from bot.delivery.metrics import Metrics
from bot.storage.inbox_repo import StoredUpdate
from bot.storage.uow import Storage, UnitOfWork

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
MAX_ATTEMPTS = 3

RawCall = Callable[..., Awaitable[Any]]


@dataclass
class ProcessingState:
    """What the handlers of one update share: its transaction and what to do after commit."""

    uow: UnitOfWork
    update_id: int
    error: BaseException | None = None
    after_commit: list[Callable[[], Awaitable[object]]] = field(default_factory=list)
    # What handlers of this update worked out and others may reuse (e.g. the message as JSON).
    cache: dict[str, Any] = field(default_factory=dict)


current: contextvars.ContextVar[ProcessingState] = contextvars.ContextVar("entraide_update")


class FatalIntakeError(Exception):
    """The bot cannot receive updates at all (wrong token); start-up should stop."""


class PollingIntake:
    def __init__(
        self,
        storage: Storage,
        call: RawCall,
        clock: Clock,
        on_stored: Callable[[], None],
        poll_timeout: int = 30,
        metrics: Metrics | None = None,
    ) -> None:
        self._storage = storage
        self._metrics = metrics
        self._call = call
        self._clock = clock
        self._on_stored = on_stored
        self._timeout = poll_timeout
        self.stored = 0

    async def run(self, stop: asyncio.Event) -> None:
        offset: int | None = None
        failures = 0
        while not stop.is_set():
            params: dict[str, Any] = {"timeout": self._timeout, "allowed_updates": ALLOWED_UPDATES}
            if offset is not None:
                params["offset"] = offset
            try:
                batch = await self._call("getUpdates", params, read_timeout=self._timeout + 15)
            except InvalidToken as exc:
                raise FatalIntakeError("Telegram rejected the bot token") from exc
            except RetryAfter as exc:
                await _sleep_or_stop(stop, retry_seconds(exc.retry_after))
                continue
            except Conflict:
                log.error("getUpdates conflicts with a webhook or another poller; retrying")
                await _sleep_or_stop(stop, 5.0)
                continue
            except NetworkError as exc:
                failures += 1
                log.warning("getUpdates failed", extra={"error": type(exc).__name__})
                await _sleep_or_stop(stop, min(30.0, 0.5 * 2 ** min(failures, 6)))
                continue
            failures = 0
            if not batch:
                continue
            async with self._storage.uow() as uow:
                new = await uow.inbox.store(batch, self._clock.now())
                await uow.commit()
            self.stored += new
            if self._metrics is not None:
                self._metrics.count_stored(new)
            # Only now may Telegram forget them: the next call's offset confirms this batch.
            offset = max(int(u["update_id"]) for u in batch) + 1
            self._on_stored()


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass


class Processor:
    """Runs stored updates through the handlers, in update order.

    Several at a time in one transaction (``batch_size``), which is what lets the bot keep up
    with busy networks: one commit, and the look-ups every update starts with read for the whole
    batch at once (bot/delivery/prefetch.py), instead of some twenty statements and a commit per
    update (docs/performance.md). If any update of a batch fails, the whole batch is rolled back
    (nothing of it happened) and its updates are processed again one per transaction, where a
    failing update is retried and finally given up on its own, exactly as before batching.
    """

    def __init__(
        self,
        storage: Storage,
        application: Application[Any, Any, Any, Any, Any, Any],
        clock: Clock,
        on_failure: Callable[[UnitOfWork, dict[str, Any]], Awaitable[None]] | None = None,
        batch_size: int = 32,
        prefetch: Callable[[UnitOfWork, list[dict[str, Any]]], Awaitable[None]] | None = None,
        limiter: InboundLimiter | None = None,
        on_limited: Callable[[UnitOfWork, dict[str, Any]], Awaitable[None]] | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._storage = storage
        self._metrics = metrics
        self._app = application
        self._clock = clock
        self._on_failure = on_failure
        self._batch_size = max(1, batch_size)
        self._prefetch = prefetch
        self._limiter = limiter
        self._on_limited = on_limited
        self._wake = asyncio.Event()
        self.processed = 0
        self.failed = 0
        self.batches_rolled_back = 0
        self.deferred = 0
        self.ignored = 0
        # Whether updates deferred by the limits may be waiting: asked of the database once
        # at start (another run may have left some), then only after this process deferred.
        self._maybe_deferred = True

    def wake(self) -> None:
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self._wake.clear()
            done_before = self.processed + self.failed
            now = _limits_now()
            next_due: datetime | None = None
            async with self._storage.uow() as uow:
                batch = await uow.inbox.unprocessed(limit=200, now=now)
                if not batch and self._maybe_deferred:
                    next_due = await uow.inbox.next_deferred(now)
                    self._maybe_deferred = next_due is not None
            ignored: list[StoredUpdate] = []
            tell: list[StoredUpdate] = []
            if batch and self._limiter is not None:
                batch, ignored, tell = await self._admit(batch)
                if not batch and not ignored:
                    continue  # all deferred: on to the next ones, if any
            for start in range(0, len(batch), self._batch_size):
                if stop.is_set():
                    return
                chunk = batch[start : start + self._batch_size]
                # An update already tried and failed goes alone: it would fail the batch again.
                if len(chunk) > 1 and all(s.attempts == 0 for s in chunk):
                    if await self.process_batch(chunk):
                        continue
                for stored in chunk:
                    if stop.is_set():
                        return
                    await self.process(stored)
            if ignored:
                # After what was admitted: "slow down" comes after the answers already due.
                await self._set_aside(ignored, tell)
                continue
            if batch and self.processed + self.failed > done_before:
                continue
            # Nothing here, or all of it taken by another process sharing the database (its
            # commit does not wake this one): look again soon.
            wait = 5.0 if not batch else 0.05
            if next_due is not None:
                # A deferred update is due then: wake for it, not at the next idle poll.
                wait = min(wait, max(0.01, (next_due - _limits_now()).total_seconds()))
            waiters = [asyncio.create_task(self._wake.wait()), asyncio.create_task(stop.wait())]
            _done, pending = await asyncio.wait(
                waiters, timeout=wait, return_when=asyncio.FIRST_COMPLETED
            )
            for task in pending:
                task.cancel()

    async def _admit(
        self, batch: list[StoredUpdate]
    ) -> tuple[list[StoredUpdate], list[StoredUpdate], list[StoredUpdate]]:
        """Applies the senders' inbound limits: records when the deferred updates may be
        processed; returns those to process now, the commands to ignore, and those of them
        whose sender should hear "slow down". Each update is judged once: a deferred one is
        let through when due."""
        assert self._limiter is not None
        now = _limits_now()
        admitted: list[StoredUpdate] = []
        defer: dict[int, datetime] = {}
        ignored: list[StoredUpdate] = []
        tell: list[StoredUpdate] = []
        for stored in batch:
            # A deferred update already had its turn assigned; one that was tried before was
            # admitted before (or came before a restart): neither is charged again.
            if stored.deferred or stored.attempts:
                admitted.append(stored)
                continue
            verdict = self._limiter.judge(stored.data)
            if verdict.action == "admit":
                admitted.append(stored)
            elif verdict.action == "defer":
                defer[stored.update_id] = now + timedelta(seconds=verdict.delay)
            else:
                ignored.append(stored)
                if verdict.tell:
                    tell.append(stored)
        if defer:
            async with self._storage.uow() as uow:
                await uow.inbox.defer(defer)
                await uow.commit()
            self._maybe_deferred = True
            self.deferred += len(defer)
            log.info("updates deferred by inbound limits", extra={"count": len(defer)})
        return admitted, ignored, tell

    async def _set_aside(self, ignored: list[StoredUpdate], tell: list[StoredUpdate]) -> None:
        """Commands over their sender's limit: marked processed without running, the sender
        told once (per run of them) to slow down."""
        try:
            async with self._storage.uow() as uow:
                ids = [s.update_id for s in ignored]
                await uow.inbox.mark_processed_many(ids, self._clock.now())
                if self._on_limited is not None:
                    for stored in tell:
                        await self._on_limited(uow, stored.data)
                await uow.commit()
        except Exception as exc:  # noqa: BLE001 - left unprocessed, they are judged again
            log.warning("ignored commands not set aside", extra={"error": type(exc).__name__})
            return
        self.ignored += len(ignored)
        if self._metrics is not None:
            self._metrics.processed(len(ignored), 0.0, outcome="ignored")
        log.info("commands ignored by inbound limits", extra={"count": len(ignored)})

    async def _handle(self, uow: UnitOfWork, stored: StoredUpdate) -> ProcessingState:
        """Runs one update's handlers inside ``uow``; the state carries any error."""
        uow.outbox.update_id = stored.update_id
        state = ProcessingState(uow=uow, update_id=stored.update_id)
        token = current.set(state)
        try:
            update = Update.de_json(stored.data, self._app.bot)
            await self._app.process_update(update)
        finally:
            current.reset(token)
        return state

    async def process_batch(self, batch: list[StoredUpdate]) -> bool:
        """All of ``batch`` in one transaction, or none of it (False: process them singly)."""
        after: list[Callable[[], Awaitable[object]]] = []
        ids = [stored.update_id for stored in batch]
        try:
            async with self._storage.uow() as uow:
                uow.keep_rows()
                got = await uow.inbox.claim_many(ids, skip_locked=uow.dialect == "postgresql")
                if len(got) != len(ids):
                    # Another process holds some, or an older update of their sender: only
                    # what is ours to run now, in order; the rest is looked at again later.
                    batch = [stored for stored in batch if stored.update_id in got]
                    ids = [stored.update_id for stored in batch]
                    if not batch:
                        return True
                started = time.perf_counter()
                if self._prefetch is not None:
                    await self._prefetch(uow, [stored.data for stored in batch])
                for stored in batch:
                    state = await self._handle(uow, stored)
                    if state.error is not None:
                        self.batches_rolled_back += 1
                        return False  # leaving without commit rolls the whole batch back
                    after.extend(state.after_commit)
                await uow.inbox.mark_processed_many(ids, self._clock.now())
                await uow.commit()
        except Exception as exc:  # noqa: BLE001 - the single path retries and logs each update
            self.batches_rolled_back += 1
            log.warning("batch rolled back", extra={"error": type(exc).__name__})
            return False
        self.processed += len(batch)
        if self._metrics is not None:
            self._metrics.processed(len(batch), time.perf_counter() - started)
        await self._after(after)
        return True

    async def process(self, stored: StoredUpdate) -> bool:
        after: list[Callable[[], Awaitable[object]]] = []
        try:
            async with self._storage.uow() as uow:
                uow.keep_rows()
                if not await uow.inbox.claim(stored.update_id):
                    return False
                started = time.perf_counter()
                state = await self._handle(uow, stored)
                if state.error is not None:
                    raise state.error
                await uow.inbox.mark_processed(stored.update_id, self._clock.now())
                await uow.commit()
                after = state.after_commit
        except Exception as exc:  # noqa: BLE001 - one bad update must not stop the others
            await self._failed(stored, exc)
            return False
        self.processed += 1
        if self._metrics is not None:
            self._metrics.processed(1, time.perf_counter() - started)
        await self._after(after)
        return True

    @staticmethod
    async def _after(actions: list[Callable[[], Awaitable[object]]]) -> None:
        for action in actions:
            try:
                await action()
            except Exception as exc:  # noqa: BLE001 - best effort, e.g. a spinner answer
                log.warning("after-commit action failed", extra={"error": type(exc).__name__})

    async def _failed(self, stored: StoredUpdate, exc: BaseException) -> None:
        log.error(
            "update processing failed",
            extra={"update_id": stored.update_id, "attempt": stored.attempts + 1},
            exc_info=(type(exc), exc, exc.__traceback__),
        )
        async with self._storage.uow() as uow:
            attempts = await uow.inbox.bump_attempt(stored.update_id)
            if attempts >= MAX_ATTEMPTS:
                self.failed += 1
                if self._metrics is not None:
                    self._metrics.processed(1, 0.0, outcome="failed")
                await uow.inbox.mark_processed(
                    stored.update_id, self._clock.now(), failure=type(exc).__name__[:200]
                )
                if self._on_failure is not None:
                    await self._on_failure(uow, stored.data)
            await uow.commit()


def _limits_now() -> datetime:
    """When deferred updates fall due is wall-clock time, whatever clock the services read:
    the buckets fill by the second, and a clock an operator or the demo sets (FileClock)
    must not hold a person's messages back for as long as it stands still."""
    return SystemClock().now()
