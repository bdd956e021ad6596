"""/healthz, /readyz and /metrics on the bot's own HTTP server (bot/delivery/http_server.py).

- ``/healthz``: the process answers and its database does; with how long ago the Bot API last
  answered a call successfully (an orchestrator restarts a process that fails this).
- ``/readyz``: the database is at this version's migration head, the keys opened the key
  canary, and intake runs (a load balancer sends webhooks only to a process that passes this;
  it fails from the moment the process is asked to stop).
- ``/metrics``: Prometheus text format (bot/delivery/metrics.py), behind an optional bearer
  token (``metrics.token``).

The answers are small JSON objects with fixed keys: nothing about anyone.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tornado.web import RequestHandler

from bot.config import Settings
from bot.delivery.http_server import Route
from bot.delivery.metrics import CONTENT_TYPE_LATEST, Metrics
from bot.storage.uow import Storage

log = logging.getLogger(__name__)


@dataclass
class Probe:
    """What the endpoints ask of the running process; bootstrap fills it in."""

    storage: Storage
    metrics: Metrics
    head: str | None
    keys_loaded: bool = False
    intake_running: Callable[[], bool] = lambda: False
    stopping: bool = False
    token: str | None = None
    started: float = field(default_factory=time.time)

    async def database(self) -> tuple[bool, str | None]:
        try:
            async with self.storage.uow() as uow:
                return True, await uow.metrics.schema_revision()
        except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
            log.warning("health check: database unreachable", extra={"error": type(exc).__name__})
            return False, None

    def api_age(self) -> float | None:
        last = self.metrics.last_api_ok
        return round(time.time() - last, 1) if last else None


class _Base(RequestHandler):
    def initialize(self, probe: Probe) -> None:
        self.probe = probe

    def answer(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body))

    def log_exception(self, *args: Any) -> None:
        log.error("health endpoint error")


class _Healthz(_Base):
    async def get(self) -> None:
        reachable, _revision = await self.probe.database()
        self.answer(
            200 if reachable else 503,
            {
                "status": "ok" if reachable else "failing",
                "database": "ok" if reachable else "unreachable",
                "bot_api_last_success_seconds_ago": self.probe.api_age(),
            },
        )


class _Readyz(_Base):
    async def get(self) -> None:
        probe = self.probe
        reachable, revision = await probe.database()
        checks = {
            "database": reachable,
            "migrations_at_head": reachable and revision == probe.head,
            "keys_loaded": probe.keys_loaded,
            "intake_running": probe.intake_running() and not probe.stopping,
        }
        ready = all(checks.values())
        self.answer(200 if ready else 503, {"status": "ready" if ready else "not ready", **checks})


class _Metrics(RequestHandler):
    def initialize(self, probe: Probe) -> None:
        self.probe = probe

    async def get(self) -> None:
        token = self.probe.token
        if token:
            given = self.request.headers.get("Authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                self.set_status(401)
                self.set_header("WWW-Authenticate", 'Bearer realm="metrics"')
                self.finish()
                return
        try:
            await self.probe.metrics.refresh(self.probe.storage)
        except Exception as exc:  # noqa: BLE001 - the process's own counters still help
            log.warning(
                "metrics: database figures unavailable", extra={"error": type(exc).__name__}
            )
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.set_header("Cache-Control", "no-store")
        self.finish(self.probe.metrics.exposition())

    def log_exception(self, *args: Any) -> None:
        log.error("metrics endpoint error")


def health_routes(probe: Probe) -> list[Route]:
    args = {"probe": probe}
    return [("/healthz", _Healthz, args), ("/readyz", _Readyz, args), ("/metrics", _Metrics, args)]


def monitoring_routes(probe: Probe | None, settings: Settings) -> list[Route]:
    """The health and metrics routes when they are served: always in webhook mode (they share
    its server), in polling mode only with ``metrics.enabled`` (no port opened otherwise)."""
    if probe is None:
        return []
    if settings.telegram.mode == "webhook" or settings.metrics.enabled:
        return health_routes(probe)
    return []
