"""/healthz and /readyz of the real bot process, in polling mode on the [http] port."""

from __future__ import annotations

import httpx
import pytest

from tests.support.round_robin import free_port

pytestmark = pytest.mark.e2e


def polling_with_metrics(port: int, enabled: bool = True) -> str:
    flag = "true" if enabled else "false"
    return f'[http]\nlisten = "127.0.0.1"\nport = {port}\n[metrics]\nenabled = {flag}\n'


async def test_a_running_bot_is_healthy_and_ready(sandbox, make_bot):
    port = free_port()
    bot = make_bot(extra=polling_with_metrics(port))
    await bot.start()
    user = sandbox.user(884_000_000_001, first_name="Health", language_code="en")
    user.send_command("/start")
    await user.wait_for(lambda m: "welcome" in m.content.lower())
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        health = await client.get("/healthz")
        ready = await client.get("/readyz")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    # getUpdates and the welcome both went through: the Bot API answered moments ago.
    assert body["bot_api_last_success_seconds_ago"] is not None
    assert body["bot_api_last_success_seconds_ago"] < 30
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ready",
        "database": True,
        "migrations_at_head": True,
        "keys_loaded": True,
        "intake_running": True,
    }
    assert await bot.stop() == 0


async def test_polling_without_metrics_enabled_opens_no_port(sandbox, make_bot):
    port = free_port()
    bot = make_bot(extra=polling_with_metrics(port, enabled=False))
    await bot.start()
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as client:
            await client.get(f"http://127.0.0.1:{port}/healthz")
    assert await bot.stop() == 0
