"""Update intake and processing.

Polling: each batch from getUpdates is committed to the inbox *before* the next getUpdates,
whose offset is what confirms the batch to Telegram, so a crash never loses an update.
Processing: one transaction per update runs the handlers, writes their outbox rows and marks
the update processed, so its effects happen exactly once.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter
from telegram.ext import Application

from bot.clock import Clock
from bot.delivery.outbox import retry_seconds
from bot.storage.repositories import StoredUpdate
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
    ) -> None:
        self._storage = storage
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
                self.stored += await uow.inbox.store(batch, self._clock.now())
                await uow.commit()
            # Only now may Telegram forget them: the next call's offset confirms this batch.
            offset = max(int(u["update_id"]) for u in batch) + 1
            self._on_stored()


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass


class Processor:
    """Runs stored updates through the handlers, in update order, each in one transaction."""

    def __init__(
        self,
        storage: Storage,
        application: Application[Any, Any, Any, Any, Any, Any],
        clock: Clock,
        on_failure: Callable[[UnitOfWork, dict[str, Any]], Awaitable[None]] | None = None,
    ) -> None:
        self._storage = storage
        self._app = application
        self._clock = clock
        self._on_failure = on_failure
        self._wake = asyncio.Event()
        self.processed = 0
        self.failed = 0

    def wake(self) -> None:
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self._wake.clear()
            async with self._storage.uow() as uow:
                batch = await uow.inbox.unprocessed(limit=200)
            for stored in batch:
                if stop.is_set():
                    return
                await self.process(stored)
            if batch:
                continue
            waiters = [asyncio.create_task(self._wake.wait()), asyncio.create_task(stop.wait())]
            _done, pending = await asyncio.wait(
                waiters, timeout=5.0, return_when=asyncio.FIRST_COMPLETED
            )
            for task in pending:
                task.cancel()

    async def process(self, stored: StoredUpdate) -> bool:
        after: list[Callable[[], Awaitable[object]]] = []
        try:
            async with self._storage.uow() as uow:
                if not await uow.inbox.claim(stored.update_id):
                    return False
                uow.outbox.update_id = stored.update_id
                state = ProcessingState(uow=uow, update_id=stored.update_id)
                token = current.set(state)
                try:
                    update = Update.de_json(stored.data, self._app.bot)
                    await self._app.process_update(update)
                finally:
                    current.reset(token)
                if state.error is not None:
                    raise state.error
                await uow.inbox.mark_processed(stored.update_id, self._clock.now())
                await uow.commit()
                after = state.after_commit
        except Exception as exc:  # noqa: BLE001 - one bad update must not stop the others
            await self._failed(stored, exc)
            return False
        self.processed += 1
        for action in after:
            try:
                await action()
            except Exception as exc:  # noqa: BLE001 - best effort, e.g. a spinner answer
                log.warning("after-commit action failed", extra={"error": type(exc).__name__})
        return True

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
                await uow.inbox.mark_processed(
                    stored.update_id, self._clock.now(), failure=type(exc).__name__[:200]
                )
                if self._on_failure is not None:
                    await self._on_failure(uow, stored.data)
            await uow.commit()
