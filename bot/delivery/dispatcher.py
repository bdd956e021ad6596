"""The outbox dispatcher: delivers what services wrote to the outbox, in order per chat.

A row is ``pending`` → ``sending`` (committed before the HTTP call) → ``sent`` | ``dead`` |
``cancelled`` | ``uncertain``. A row still ``sending`` after a crash may or may not have reached
Telegram (the Bot API has no idempotency key): it is sent again, flagged and counted as
uncertain. A send whose answer timed out is retried once, then given up as ``uncertain``.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.clock import Clock
from bot.delivery.ratelimit import ChatBuckets, TokenBucket
from bot.storage.crypto import envelope_owner
from bot.storage.outbox_repo import CHAT_ID_PARAM, QueueHead
from bot.storage.uow import Storage, UnitOfWork

log = logging.getLogger(__name__)

ApiCall = Callable[[str, dict[str, Any]], Awaitable[Any]]
MAX_BACKOFF_SECONDS = 300.0
EVENT_UNREACHABLE = "recipient_unreachable"
# Sends that may have reached Telegram twice (a crash or a timeout while on the wire).
UNCERTAIN_METRIC = "delivery.uncertain"
# The Bot API methods the outbox may carry whose signature has a ``chat_id``: only these get
# the recipient's chat. Others have no such field (setMyCommands names its chat in ``scope``),
# and a call should carry only what the Bot API defines for it.
CHAT_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendChatAction",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "deleteMessage",
        "pinChatMessage",
        "unpinChatMessage",
    }
)


class DeliveryHook(Protocol):
    """Told, in one call per recorded batch, which rows of its ``ref_kind`` were delivered:
    (the row's ``ref_id``, the message id Telegram gave the copy)."""

    async def __call__(self, uow: UnitOfWork, delivered: list[tuple[str, int | None]]) -> None: ...


@dataclass
class DispatcherStats:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    unreachable: int = 0
    uncertain: int = 0
    rate_limited: int = 0
    recovered: int = 0


@dataclass
class _Claimed:
    row_id: int
    uid: str
    person_id: str
    chat_id: int
    method: str
    params: dict[str, Any]
    uncertain: bool
    attempts: int
    ref_kind: str | None = None
    ref_id: str | None = None


@dataclass
class _Outcome:
    claimed: _Claimed
    kind: str  # sent | retry | dead | unreachable | uncertain
    message_id: int | None = None
    delay: float = 0.0
    error: str | None = None
    uncertain: bool = False
    timed_out: bool = False


@dataclass
class DispatcherConfig:
    max_per_second: float = 25.0
    per_chat_per_second: float = 1.0
    per_chat_burst: float = 3.0
    max_in_flight: int = 8
    idle_poll_seconds: float = 1.0
    hooks: dict[str, DeliveryHook] = field(default_factory=dict)
    # Told the result of every send: ok, 429, 403, 400, 5xx or uncertain (the metrics).
    on_result: Callable[[str], None] | None = None
    # How often rows left on the wire by a process that is gone are looked for (Postgres).
    recover_seconds: float = 5.0


class Dispatcher:
    def __init__(
        self, storage: Storage, call: ApiCall, clock: Clock, config: DispatcherConfig
    ) -> None:
        self._storage = storage
        self._call = call
        self._clock = clock
        self._cfg = config
        self._global = TokenBucket(config.max_per_second, max(1.0, config.max_per_second / 5))
        self._chats = ChatBuckets(config.per_chat_per_second, config.per_chat_burst)
        self._wake = asyncio.Event()
        self._busy: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._outcomes: asyncio.Queue[_Outcome | None] = asyncio.Queue()
        self._paused_until = 0.0
        self._stopping = False
        self.stats = DispatcherStats()
        self._chat_ids: dict[str, int] = {}
        storage.on_outbox(self.wake)

    def wake(self) -> None:
        self._wake.set()

    # ---- start-up recovery -------------------------------------------------------------

    async def recover(self, *, at_start: bool = True) -> int:
        """Rows left ``sending`` by a crash may or may not have reached Telegram: each is sent
        again and counted as uncertain. Never given up: a message lost is worse than a message
        twice, and every crash can leave at most ``max_in_flight`` such rows."""
        async with self._storage.uow() as uow:
            count = await uow.outbox.recover(at_start=at_start)
            if count:
                await uow.stats.bump(UNCERTAIN_METRIC, uow.now().date().isoformat(), count)
            await uow.commit()
        if self._cfg.on_result is not None:
            for _ in range(count):
                self._cfg.on_result("uncertain")
        self.stats.recovered += count
        if count:
            log.warning("outbox rows of uncertain delivery taken up again", extra={"count": count})
        return count

    # ---- main loop -----------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        await self.recover()
        finisher = asyncio.create_task(self._finish_loop(), name="outbox-finisher")
        loop = asyncio.get_running_loop()
        next_recovery = loop.time() + self._cfg.recover_seconds
        try:
            while not stop.is_set():
                self._wake.clear()
                if self._storage.liveness.enabled and loop.time() >= next_recovery:
                    # Another process sharing the database may have died with sends on the wire.
                    await self.recover(at_start=False)
                    next_recovery = loop.time() + self._cfg.recover_seconds
                wait = await self._dispatch_once()
                if stop.is_set():
                    break
                waiters = [asyncio.create_task(self._wake.wait()), asyncio.create_task(stop.wait())]
                _done, pending = await asyncio.wait(
                    waiters, timeout=wait, return_when=asyncio.FIRST_COMPLETED
                )
                for task in pending:
                    task.cancel()
        finally:
            self._stopping = True
            await self.drain()
            # A sentinel, not cancel(): cancelling mid-commit would forget outcomes already
            # taken off the queue, and a clean stop must record every send that happened.
            await self._outcomes.put(None)
            await finisher

    async def drain(self, grace: float = 10.0) -> None:
        """Lets sends already on the wire finish, so their outcome is recorded, not guessed."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=grace)

    async def _dispatch_once(self) -> float:
        """Claims what may be sent now and starts it; returns how long to sleep at most."""
        loop = asyncio.get_running_loop()
        pause = self._paused_until - loop.time()
        if pause > 0:
            return pause
        room = self._cfg.max_in_flight - len(self._tasks)
        if room <= 0:
            return self._cfg.idle_poll_seconds
        claimed, next_due = await self.claim(room)
        for item in claimed:
            self._busy.add(item.person_id)
            self._chats.take(item.person_id)
            task = asyncio.create_task(self._send(item), name=f"send-{item.row_id}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        if claimed:
            return 0.0 if len(claimed) == room else self._cfg.idle_poll_seconds
        return min(next_due, self._cfg.idle_poll_seconds)

    async def claim(self, room: int) -> tuple[list[_Claimed], float]:
        """Takes up to ``room`` queue heads that may be sent now (marked as on the wire); with
        how long until the next one is due."""
        now = self._clock.now()
        next_due = self._cfg.idle_poll_seconds
        async with self._storage.uow() as uow:
            rows = await uow.outbox.queue_heads(room * 4 + len(self._busy))
            picked: list[QueueHead] = []
            gone: list[int] = []
            for row in rows:
                if row.unreachable_at is not None:
                    # They blocked the bot: trying again would only earn another 403.
                    gone.append(row.id)
                    continue
                if not row.tg_id and (row.payload is None or envelope_owner(row.payload)):
                    # Erased: only a farewell sealed with its own chat id can still go out.
                    gone.append(row.id)
                    continue
                if len(picked) >= room:
                    break
                if row.person_id in self._busy:
                    continue
                if row.not_before is not None and row.not_before > now:
                    next_due = min(next_due, (row.not_before - now).total_seconds())
                    continue
                chat_delay = self._chats.delay(row.person_id)
                if chat_delay > 0:
                    next_due = min(next_due, chat_delay)
                    continue
                picked.append(row)
            if gone:
                await uow.outbox.cancel(gone, "recipient unreachable")
            if not picked:
                if gone:
                    await uow.commit()
                    return [], 0.0
                return [], max(next_due, 0.001)
            # As stored now: marked as on the wire, one more attempt each.
            picked = await uow.outbox.mark_sending(picked)
            claimed = []
            payloads = await uow.outbox.open_payloads(picked)
            for row, params in zip(picked, payloads, strict=True):
                chat_id = params.pop(CHAT_ID_PARAM, None)
                claimed.append(
                    _Claimed(
                        row_id=row.id,
                        uid=row.uid,
                        person_id=row.person_id,
                        chat_id=chat_id or self._chat_id(row.person_id, row.tg_id),
                        method=row.method,
                        params=params,
                        uncertain=row.uncertain,
                        # ``row.attempts`` already counts this claim, so this counts it twice,
                        # as the dispatcher always has (its ORM rows were updated in place by
                        # the claim): kept, so the back-off after a failure is unchanged.
                        attempts=row.attempts + 1,
                        ref_kind=row.ref_kind,
                        ref_id=row.ref_id,
                    )
                )
            await uow.commit()
        return claimed, next_due

    def _chat_id(self, person_id: str, sealed_tg_id: bytes | None) -> int:
        cached = self._chat_ids.get(person_id)
        if cached is None:
            assert sealed_tg_id is not None  # an erased person's rows never get here
            cached = int(
                self._storage.cipher.decrypt(
                    sealed_tg_id, table="people", column="tg_id", row_id=person_id
                )
            )
            if len(self._chat_ids) > 50_000:
                self._chat_ids.clear()
            self._chat_ids[person_id] = cached
        return cached

    # ---- one send ------------------------------------------------------------------------

    async def _send(self, item: _Claimed) -> None:
        loop = asyncio.get_running_loop()
        await self._global.acquire()
        pause = self._paused_until - loop.time()
        if pause > 0:
            await asyncio.sleep(pause)
        outcome = await self._attempt(item)
        if self._cfg.on_result is not None:
            self._cfg.on_result(_result(outcome))
        await self._outcomes.put(outcome)

    async def _attempt(self, item: _Claimed) -> _Outcome:
        try:
            params = item.params
            if item.method in CHAT_METHODS:
                params = {"chat_id": item.chat_id, **params}
            result = await self._call(item.method, params)
        except RetryAfter as exc:
            wait = retry_seconds(exc.retry_after)
            loop = asyncio.get_running_loop()
            self._paused_until = max(self._paused_until, loop.time() + wait)
            self.stats.rate_limited += 1
            log.warning("telegram asked to slow down", extra={"retry_after": wait})
            return _Outcome(item, "retry", delay=wait, uncertain=item.uncertain, error="429")
        except Forbidden:
            return _Outcome(item, "unreachable", error="recipient unreachable (403)")
        except BadRequest as exc:
            if "message is not modified" in exc.message.lower():
                # An edit that changes nothing (a double press) has, in effect, been applied.
                return _Outcome(item, "sent", message_id=None)
            if "chat not found" in exc.message.lower():
                return _Outcome(item, "unreachable", error="chat not found")
            return _Outcome(item, "dead", error=exc.message[:200])
        except TimedOut:
            # The answer never came: retried once, then given up, as a third copy could follow.
            if item.uncertain:
                return _Outcome(item, "uncertain", error="no answer after a retry")
            return _Outcome(
                item, "retry", delay=_backoff(item.attempts), uncertain=True, timed_out=True
            )
        except NetworkError as exc:
            log.warning("send failed, will retry", extra={"error": type(exc).__name__})
            return _Outcome(
                item, "retry", delay=_backoff(item.attempts), uncertain=item.uncertain, error="5xx"
            )
        message_id = result.get("message_id") if isinstance(result, dict) else None
        return _Outcome(item, "sent", message_id=message_id)

    # ---- recording outcomes --------------------------------------------------------------

    async def _finish_loop(self) -> None:
        """Records outcomes in batches: whatever arrived while the last commit ran."""
        while True:
            first = await self._outcomes.get()
            batch = [first]
            while not self._outcomes.empty():
                batch.append(self._outcomes.get_nowait())
            done = [o for o in batch if o is not None]
            if done:
                await self._apply(done)
            if len(done) < len(batch):
                return

    async def _apply(self, batch: list[_Outcome]) -> None:
        now = self._clock.now()
        try:
            async with self._storage.uow() as uow:
                await self._record_sent([o for o in batch if o.kind == "sent"], uow, now)
                for outcome in batch:
                    if outcome.kind != "sent":
                        await self._record(uow, outcome, now)
                await uow.commit()
        finally:
            for outcome in batch:
                self._busy.discard(outcome.claimed.person_id)
            self.wake()

    async def _record_sent(self, sent: list[_Outcome], uow: UnitOfWork, now: datetime) -> None:
        """Every delivery of the batch in one statement (and one per hook): at full speed a
        statement per sent row was a third of the dispatcher's database time."""
        if not sent:
            return
        self.stats.sent += len(sent)
        self.stats.uncertain += sum(1 for o in sent if o.claimed.uncertain)
        # The body is only kept until delivery; the message id is what replies need.
        await uow.outbox.mark_sent([(o.claimed.row_id, o.message_id) for o in sent], now)
        by_kind: dict[str, list[tuple[str, int | None]]] = {}
        for o in sent:
            kind, ref = o.claimed.ref_kind, o.claimed.ref_id
            if kind and ref and kind in self._cfg.hooks:
                by_kind.setdefault(kind, []).append((ref, o.message_id))
        for kind, delivered in by_kind.items():
            await self._cfg.hooks[kind](uow, delivered)

    async def _record(self, uow: UnitOfWork, outcome: _Outcome, now: datetime) -> None:
        item = outcome.claimed
        if outcome.kind == "retry":
            self.stats.retried += 1
            if outcome.timed_out:
                await uow.stats.bump(UNCERTAIN_METRIC, uow.now().date().isoformat(), 1)
            await uow.outbox.retry_later(
                item.row_id,
                uncertain=outcome.uncertain,
                not_before=now + timedelta(seconds=outcome.delay),
            )
        elif outcome.kind == "dead":
            self.stats.dead += 1
            log.error("send refused, dead-lettered", extra={"outbox_id": item.row_id})
            # Kept for counts and the reason only: the body (a message, a sender's chat in
            # ``from_chat_id``) is nobody's business once it will never be sent.
            await uow.outbox.give_up(item.row_id, "dead", outcome.error)
        elif outcome.kind == "uncertain":
            self.stats.uncertain += 1
            await uow.outbox.give_up(item.row_id, "uncertain", outcome.error)
        elif outcome.kind == "unreachable":
            await self._mark_unreachable(uow, item.person_id, now, outcome.error)

    async def _mark_unreachable(
        self, uow: UnitOfWork, person_id: str, now: datetime, error: str | None
    ) -> None:
        self.stats.unreachable += 1
        await uow.outbox.cancel_for(person_id, error)
        code, first = await uow.people.mark_unreachable(person_id, now)
        if first:
            await uow.events.record(EVENT_UNREACHABLE, person_id, now)
        log.warning("recipient unreachable", extra={"person": code})


def _result(outcome: _Outcome) -> str:
    """A send's result as the metrics name it (a retry's error says which kind it was)."""
    if outcome.kind == "sent":
        return "ok"
    if outcome.kind == "uncertain" or outcome.timed_out:
        return "uncertain"
    if outcome.kind == "unreachable":
        return "400" if outcome.error == "chat not found" else "403"
    if outcome.kind == "dead":
        return "400"
    return outcome.error or "5xx"


def retry_seconds(value: Any) -> float:
    return float(value.total_seconds()) if isinstance(value, timedelta) else float(value)


def _backoff(attempts: int) -> float:
    # Exponential with full jitter: many rows failing together do not retry together.
    ceiling: float = min(MAX_BACKOFF_SECONDS, 0.5 * 2 ** min(attempts, 12))
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not security


async def pending_count(storage: Storage, statuses: Iterable[str] = ("pending", "sending")) -> int:
    async with storage.uow() as uow:
        return await uow.outbox.count(statuses)
