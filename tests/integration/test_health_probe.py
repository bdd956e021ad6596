"""/healthz and /readyz saying no: a schema behind this version, a process asked to stop, a
database that does not answer. Served by the bot's own HTTP server class, on a real port."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from bot.delivery.health import Probe, health_routes
from bot.delivery.http_server import HttpServer
from bot.delivery.metrics import Metrics
from bot.storage import migrate
from bot.storage.crypto import Cipher, KeyRing
from bot.storage.engine import create_engine
from bot.storage.uow import Storage


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Probe], httpx.AsyncClient]]:
    servers: list[HttpServer] = []
    clients: list[httpx.AsyncClient] = []

    def start(probe: Probe) -> httpx.AsyncClient:
        server = HttpServer(health_routes(probe))
        port = server.listen("127.0.0.1", 0)
        servers.append(server)
        client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}")
        clients.append(client)
        return client

    yield start
    for client in clients:
        await client.aclose()
    for server in servers:
        await server.close()


def ready_probe(storage: Storage, head: str | None) -> Probe:
    probe = Probe(storage, Metrics(), head)
    probe.keys_loaded = True
    probe.intake_running = lambda: True
    return probe


async def test_ready_only_at_this_versions_migration_head_and_not_once_stopping(
    storage, db_url, serve
):
    head = migrate.head_revision(db_url)
    ready = ready_probe(storage, head)
    client = serve(ready)
    assert (await client.get("/readyz")).status_code == 200
    ready.stopping = True
    answer = await client.get("/readyz")
    assert answer.status_code == 503 and answer.json()["intake_running"] is False

    newer = serve(ready_probe(storage, "9999"))  # a version whose migration was not run
    answer = await newer.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["migrations_at_head"] is False and answer.json()["database"] is True
    # Still alive: a supervisor must not restart it for that.
    assert (await newer.get("/healthz")).status_code == 200


async def test_an_unreachable_database_fails_health(key_ring: KeyRing, serve):
    # A port nothing listens on: every connection is refused.
    gone = Storage(create_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none"), Cipher(key_ring))
    try:
        client = serve(ready_probe(gone, "0010"))
        health = await client.get("/healthz")
        ready = await client.get("/readyz")
    finally:
        await gone.dispose()
    assert health.status_code == 503 and health.json()["database"] == "unreachable"
    assert ready.status_code == 503 and ready.json()["database"] is False
