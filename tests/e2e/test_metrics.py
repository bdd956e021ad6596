"""/metrics of the real bot process: the Prometheus text format read by prometheus_client's own
parser, figures that follow what happened, a bearer token, and nobody in it."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.sandbox import Fault
from tests.support.e2e_relay import pair_up, seat
from tests.support.round_robin import free_port

pytestmark = pytest.mark.e2e

TOKEN = "a-metrics-token-for-this-test"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def test_metrics_follow_sends_and_updates_and_name_nobody(sandbox, make_bot, storage):
    port = free_port()
    bot = make_bot(
        extra=(
            f'[http]\nlisten = "127.0.0.1"\nport = {port}\n'
            f'[metrics]\nenabled = true\ntoken = "{TOKEN}"\n'
        )
    )
    seeker_u, seeker = await seat(
        storage, sandbox, 885_000_000_001, "Maëlys", "Ondine", role="seeker"
    )
    peer_u, peer = await seat(storage, sandbox, 885_000_000_002, "Tanguy", "Basile", role="peer")
    await pair_up(storage, (seeker, peer))
    await bot.start()
    url = f"http://127.0.0.1:{port}/metrics"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient() as client:
        assert (await client.get(url)).status_code == 401
        assert (await client.get(url, headers={"Authorization": "Bearer wrong"})).status_code == 401
        before = samples((await client.get(url, headers=auth)).text)

        # Telegram refuses one copy with a 429: it is counted, then the copy goes through.
        sandbox.add_fault(Fault("429", method="copyMessage", count=1, retry_after=1))
        ids = [seeker_u.send_text(f"note {n}") for n in range(3)]
        for mid in ids:
            await peer_u.wait_for(lambda m, mid=mid: m.copied_from == (seeker_u.id, mid))
        # The last copy is in the peer's chat a moment before its outcome is recorded.
        routine = ("entraide_outbox_depth", (("priority", "routine"),))
        for _ in range(100):
            answer = await client.get(url, headers=auth)
            after = samples(answer.text)
            if after[routine] == 0:
                break
            await asyncio.sleep(0.1)
    assert answer.headers["Content-Type"].startswith("text/plain")

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after[key] - before.get(key, 0.0)

    assert grew("entraide_sends_total", result="ok") >= 3
    assert grew("entraide_sends_total", result="429") == 1
    assert grew("entraide_sends_total", result="403") == 0
    assert grew("entraide_updates_processed_total", outcome="ok") >= 3
    assert grew("entraide_updates_stored_total") >= 3
    assert after[("entraide_update_processing_seconds_count", ())] >= 3
    # Figures of the whole database: everything was delivered, nobody waits, no alert open.
    assert after[routine] == 0
    assert after[("entraide_escalations_open", (("level", "2"),))] == 0
    assert after[("entraide_waiting_seekers", ())] == 0
    assert after[("entraide_bot_api_last_success_timestamp_seconds", ())] > 0
    # Sweeps run every tick; their durations are there by name, never by person.
    assert any(name == "entraide_sweep_duration_seconds_count" for name, _ in after)
    text = answer.text
    for secret in (seeker_u.id, peer_u.id, seeker.code, peer.code, "Ondine", "Basile", "Maëlys"):
        assert str(secret) not in text
    assert await bot.stop() == 0
