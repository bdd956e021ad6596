"""What one bot process tells Prometheus: counts, durations and ages, never who.

Each process has its own ``CollectorRegistry`` (never the library's global one, which would
mix in whatever else a process imports, and which tests running several bots in one process
would share). Counters live in the process; the figures that belong to the whole database
(outbox depth, escalations, waiting seekers) are read just before each scrape.

Privacy rule: no label value ever comes from a person. Labels are fixed words (a result, a
priority lane, a level number, a sweep's name); tests/integration/test_metrics.py scans a real
scrape for Telegram ids, codes and pseudonyms.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

from bot.storage.metrics_repo import Backlog
from bot.storage.outbox_repo import PRIORITY_URGENT
from bot.storage.uow import Storage

# The results a send can have (docs/operations.md, "Alerts").
SEND_RESULTS = ("ok", "429", "403", "400", "5xx", "uncertain")
LANES = {PRIORITY_URGENT: "urgent"}
LEVELS = ("0", "1", "2")

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]


def _lane(priority: int) -> str:
    return LANES.get(priority, "routine")


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.last_api_ok: float | None = None
        r = self.registry
        self.updates_stored = Counter(
            "entraide_updates_stored", "Updates written to the inbox by this process", registry=r
        )
        self.updates_processed = Counter(
            "entraide_updates_processed",
            "Updates this process ran through the handlers, by outcome",
            ["outcome"],
            registry=r,
        )
        self.processing_seconds = Histogram(
            "entraide_update_processing_seconds",
            "Time to process one update (a batch's time shared by its updates)",
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=r,
        )
        self.sends = Counter(
            "entraide_sends", "Bot API sends by this process, by result", ["result"], registry=r
        )
        self.sweep_seconds = Histogram(
            "entraide_sweep_duration_seconds",
            "Duration of each scheduled sweep",
            ["sweep"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=r,
        )
        self.api_last_ok = Gauge(
            "entraide_bot_api_last_success_timestamp_seconds",
            "When this process last had a successful answer from the Bot API (Unix time)",
            registry=r,
        )
        self.inbox_backlog = Gauge(
            "entraide_inbox_backlog", "Updates stored and not yet processed", registry=r
        )
        self.inbox_oldest = Gauge(
            "entraide_inbox_oldest_age_seconds", "Age of the oldest unprocessed update", registry=r
        )
        self.outbox_depth = Gauge(
            "entraide_outbox_depth",
            "Sends waiting or on the wire, by lane",
            ["priority"],
            registry=r,
        )
        self.outbox_oldest = Gauge(
            "entraide_outbox_oldest_age_seconds",
            "Age of the oldest send waiting or on the wire, by lane",
            ["priority"],
            registry=r,
        )
        self.escalations_open = Gauge(
            "entraide_escalations_open",
            "Unresolved escalations by level (0 none, 1 concern, 2 urgent)",
            ["level"],
            registry=r,
        )
        self.escalation_unclaimed_oldest = Gauge(
            "entraide_escalation_oldest_unclaimed_age_seconds",
            "Age of the oldest escalation nobody has claimed, by level",
            ["level"],
            registry=r,
        )
        self.waiting_seekers = Gauge(
            "entraide_waiting_seekers", "Seekers waiting for a peer", registry=r
        )
        # Every labelled series exists from the start, at zero: a rate over a series that
        # appears only with its first event would miss that event.
        for result in SEND_RESULTS:
            self.sends.labels(result=result)
        for outcome in ("ok", "failed", "ignored"):
            self.updates_processed.labels(outcome=outcome)
        for lane in ("urgent", "routine"):
            self.outbox_depth.labels(priority=lane)
            self.outbox_oldest.labels(priority=lane)
        for level in LEVELS:
            self.escalations_open.labels(level=level)
            self.escalation_unclaimed_oldest.labels(level=level)

    # ---- hooks the delivery code calls -----------------------------------------------------

    def count_send(self, result: str) -> None:
        self.sends.labels(result=result).inc()

    def count_stored(self, n: int = 1) -> None:
        self.updates_stored.inc(n)

    def processed(self, count: int, seconds: float, outcome: str = "ok") -> None:
        if count <= 0:
            return
        self.updates_processed.labels(outcome=outcome).inc(count)
        if outcome == "ok":
            for _ in range(count):
                self.processing_seconds.observe(seconds / count)

    def observe_sweep(self, name: str, seconds: float) -> None:
        self.sweep_seconds.labels(sweep=name).observe(seconds)

    def api_ok(self) -> None:
        self.last_api_ok = time.time()
        self.api_last_ok.set(self.last_api_ok)

    # ---- the scrape -------------------------------------------------------------------------

    async def refresh(self, storage: Storage) -> None:
        """The whole database's figures, read now."""
        now = storage.clock.now()
        async with storage.uow() as uow:
            inbox = await uow.metrics.inbox()
            outbox = await uow.metrics.outbox()
            escalations = await uow.metrics.escalations()
            waiting = await uow.metrics.waiting_seekers()
        self.inbox_backlog.set(inbox.count)
        self.inbox_oldest.set(_age(now, inbox.oldest))
        lanes: dict[str, tuple[int, float]] = {"urgent": (0, 0.0), "routine": (0, 0.0)}
        for priority, backlog in outbox.items():
            count, age = lanes[_lane(priority)]
            lanes[_lane(priority)] = (count + backlog.count, max(age, _age(now, backlog.oldest)))
        for lane, (count, age) in lanes.items():
            self.outbox_depth.labels(priority=lane).set(count)
            self.outbox_oldest.labels(priority=lane).set(age)
        for level in LEVELS:
            total, unclaimed = escalations.get(int(level), (0, Backlog(0, None)))
            self.escalations_open.labels(level=level).set(total)
            self.escalation_unclaimed_oldest.labels(level=level).set(_age(now, unclaimed.oldest))
        self.waiting_seekers.set(waiting)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def _age(now: datetime, since: datetime | None) -> float:
    if since is None:
        return 0.0
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return max(0.0, (now - since).total_seconds())
