"""Two real bot processes on one Postgres database, in webhook mode behind a round-robin proxy
(tests/support/round_robin.py), as docs/operations.md sets them up.

- 20 paired seekers each send 30 messages as fast as the sandbox delivers them (as Telegram
  does: many chats at once, one chat's updates one at a time); the proxy hands consecutive
  updates to alternate processes. In the first half of the stream one process is stopped
  (SIGTERM) and started again, in the second half the other is killed (SIGKILL) and started
  again: every peer still receives its seeker's messages in order, each exactly once, a second
  copy only where the bots counted a send as uncertain.
- /metrics of a running process, scraped before and during the stream, is parsed with
  prometheus_client's own parser, its figures move, and nobody's Telegram id, code or
  pseudonym is in it.
- 10 people go through onboarding at once across both processes, pressing every button twice
  in a row: each ends with one consistent profile.

SQLite runs a single process, so these run on Postgres only.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.delivery.dispatcher import UNCERTAIN_METRIC
from bot.domain.people import Person
from bot.sandbox import Sandbox
from bot.sandbox.webhook_pool import PooledWebhookDeliverer
from bot.services.shared import counts
from tests.support.e2e_harness import TOKEN as BOT_TOKEN
from tests.support.e2e_harness import BotProcess
from tests.support.e2e_onboarding import Chat, stored
from tests.support.e2e_relay import pair_up, seat
from tests.support.round_robin import RoundRobinProxy, free_port

pytestmark = pytest.mark.e2e

SECRET = "cluster-webhook-secret-long-enough-for-it"
TOKEN = "metrics-bearer-token-for-the-test"
SENDS = "entraide_sends_total{result=ok}"
PROCESSED = "entraide_updates_processed_total{outcome=ok}"
SEEKERS, MESSAGES = 20, 30
FIRST = ("Ondine", "Basile", "Capucine", "Anatole", "Perrine", "Gaspard", "Honorine", "Lazare")
LAST = ("Aubépine", "Bruyère", "Cyprès", "Églantine", "Fougère")


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """Webhooks posted as Telegram posts them: up to 40 at once across chats, one at a time
    within a chat (the suite's sandbox posts one update at a time, whoever it is from)."""
    sb = Sandbox(token=BOT_TOKEN, bot_username="entraide_test_bot")
    sb.webhook = PooledWebhookDeliverer(sb.world, connections=40)
    async with sb:
        yield sb


@pytest.fixture
def postgres_only(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("two bot processes share a Postgres database; SQLite runs a single one")


@pytest.fixture
async def cluster(
    postgres_only: None, sandbox: Sandbox, make_bot: Callable[..., BotProcess]
) -> AsyncIterator[tuple[list[BotProcess], list[int], RoundRobinProxy]]:
    ports = [free_port(), free_port()]
    proxy = RoundRobinProxy(ports)
    public = proxy.start()
    bots = [
        make_bot(
            # Each process's own budget at its maximum: the sandbox has no per-bot ceiling to
            # share (in production the two get 15 each, docs/operations.md §7).
            telegram={"mode": "webhook", "max_messages_per_second": 30},
            webhook={
                "listen": "127.0.0.1",
                "port": port,
                "path": "/tg",
                "public_url": f"http://127.0.0.1:{public}",
                "secret_token": SECRET,
            },
            extra=f'[metrics]\ntoken = "{TOKEN}"\n',
        )
        for port in ports
    ]
    # The second starts while the first already serves: start-up must not wait on it. (The
    # generous wait is for a shared, busy test machine, not for the bot.)
    for bot in bots:
        await start(bot)
    try:
        yield bots, ports, proxy
    finally:
        await proxy.close()


async def start(bot: BotProcess, fresh_interpreter: bool = False) -> None:
    await bot.start(wait_ready=False, fresh_interpreter=fresh_interpreter)
    await bot.wait_ready(timeout=90)


async def scrape(port: int) -> tuple[dict[str, float], str]:
    """Every sample of one process's /metrics, by name and labels, parsed by the library."""
    async with httpx.AsyncClient() as client:
        refused = await client.get(f"http://127.0.0.1:{port}/metrics")
        answer = await client.get(
            f"http://127.0.0.1:{port}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
        )
    assert refused.status_code == 401 and answer.status_code == 200
    samples: dict[str, float] = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}"] = sample.value
    return samples, answer.text


async def scrape_both(ports: list[int]) -> tuple[dict[str, float], str]:
    """The two processes' samples added up (their counters are their own), and both texts."""
    total: dict[str, float] = {}
    texts = []
    for port in ports:
        samples, text = await scrape(port)
        texts.append(text)
        for key, value in samples.items():
            total[key] = total.get(key, 0.0) + value
    return total, "".join(texts)


def copies_of(peer: Any, seeker_id: int) -> list[int]:
    """The seeker's message ids, in the order their copies reached the peer."""
    return [
        m.copied_from[1] for m in peer.received if m.copied_from and m.copied_from[0] == seeker_id
    ]


async def count_uncertain(storage: Any) -> int:
    async with storage.uow() as uow:
        return (await counts.totals(uow, UNCERTAIN_METRIC)).get(UNCERTAIN_METRIC, 0)


async def test_two_processes_relay_every_message_once_and_in_order_through_a_stop_and_a_crash(
    sandbox, storage, cluster
):
    bots, ports, proxy = cluster
    pairs: list[tuple[Any, Any, Person, Person]] = []
    for n in range(SEEKERS):
        name = f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST)]}"
        seeker_u, seeker = await seat(
            storage, sandbox, 881_000_000_100 + n, f"S{n}", f"{name} S", role="seeker"
        )
        peer_u, peer = await seat(
            storage, sandbox, 882_000_000_100 + n, f"P{n}", f"{name} P", role="peer"
        )
        pairs.append((seeker_u, peer_u, seeker, peer))
    await pair_up(storage, *[(seeker, peer) for _, _, seeker, peer in pairs])
    before, _ = await scrape_both(ports)
    sent: dict[int, list[int]] = {s.id: [] for s, _, _, _ in pairs}

    def wave(first: int, count: int) -> int:
        """Every seeker sends ``count`` messages at once; returns the deliveries to wait for."""
        for n in range(first, first + count):
            for seeker_u, _, _, _ in pairs:
                sent[seeker_u.id].append(seeker_u.send_text(f"message {n} from me"))
        return len(sandbox.webhook_deliveries) + SEEKERS * count // 3

    async def a_third_in(deliveries: int) -> None:
        while len(sandbox.webhook_deliveries) < deliveries:
            await asyncio.sleep(0.02)
        waiting = sum(len(set(sent[s.id]) - set(copies_of(p, s.id))) for s, p, _, _ in pairs)
        assert waiting > 0, "the stream was over before the stop: the test proved nothing"

    half = MESSAGES // 2
    # Half the stream, and mid-way the first process is stopped as for an upgrade (SIGTERM),
    # then started again; the other carries on alone meanwhile.
    await a_third_in(wave(0, half))
    during, _ = await scrape_both(ports)
    # A process counts an update once its batch is over, which may be just after its copies
    # went out: the counters are read again until they show the stream (or 10 s have passed).
    loop = asyncio.get_running_loop()
    settle = loop.time() + 10
    while during[PROCESSED] <= before[PROCESSED] and loop.time() < settle:
        await asyncio.sleep(0.1)
        during, _ = await scrape_both(ports)
    assert await bots[0].stop() == 0
    # Starting again on a live database takes no lock the running process would wait on: it
    # keeps relaying meanwhile.
    relayed = sum(len(copies_of(p, s.id)) for s, p, _, _ in pairs)
    # A start of its real length (a fresh interpreter, not one forked with the modules
    # loaded): what the other process relays meanwhile is what this step shows.
    await start(bots[0], fresh_interpreter=True)
    assert sum(len(copies_of(p, s.id)) for s, p, _, _ in pairs) > relayed
    # The other half, and mid-way the second process crashes (SIGKILL) and is started again.
    await a_third_in(wave(half, MESSAGES - half))
    await bots[1].kill()
    await start(bots[1])
    total = SEEKERS * MESSAGES

    deadline = loop.time() + 120
    while loop.time() < deadline:
        if all(set(copies_of(p, s.id)) >= set(sent[s.id]) for s, p, _, _ in pairs):
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)  # a late duplicate would show up here
    (after_a, _), (after_b, _) = [await scrape(port) for port in ports]
    after, text = await scrape_both(ports)

    uncertain = await count_uncertain(storage)
    duplicates = 0
    for seeker_u, peer_u, _, _ in pairs:
        got = copies_of(peer_u, seeker_u.id)
        assert set(got) == set(sent[seeker_u.id]), "a message was lost"
        duplicates += sum(n - 1 for n in Counter(got).values())
        # In order: each message's first copy comes after the first copy of the one before.
        first_seen = list(dict.fromkeys(got))
        assert first_seen == sent[seeker_u.id], "a seeker's messages were reordered"
    assert duplicates <= uncertain, f"{duplicates} duplicates, {uncertain} counted uncertain"
    # Both processes took part, and the stopped one's share went to the other.
    assert min(proxy.served.values()) > total // 10

    # The metrics moved, were parsed by the library, and name nobody.
    # Counters are per process (both were started again since the second scrape).
    assert before[SENDS] < during[SENDS] and before[PROCESSED] < during[PROCESSED]
    assert after[SENDS] > 0 and after[PROCESSED] > 0
    depth = "entraide_outbox_depth{priority=routine}"
    assert after_a[depth] == after_b[depth]  # the database's figure, the same for both
    for seeker_u, peer_u, seeker, peer in pairs:
        for secret in (seeker_u.id, peer_u.id, seeker.code, peer.code):
            assert str(secret) not in text
        for secret in (seeker.pseudonym, peer.pseudonym):
            assert secret is not None and secret not in text
    for bot in bots:
        assert await bot.stop() == 0


STEPS: list[tuple[str, str]] = [
    ("press", "I'm looking for support"),
    ("press", "✓ English"),
    ("press", "I understand, let's go on"),
    ("press", "I agree"),
    ("type", ""),  # the pseudonym: each person's own
    ("toggle", "Burnout"),
    ("press", "Done"),
    ("press", "Done"),
    ("press", "Non-binary"),
    ("press", "It's a must"),
    ("press", "It doesn't matter"),
    ("toggle", "Mornings"),
    ("press", "Done"),
    ("type", "america/montreal"),
    ("press", "No"),
]


async def onboard(chat: Chat, pseudonym: str) -> None:
    """Every step answered as soon as it shows; every button pressed twice in a row, so the
    second press races the first across the two processes."""
    chat.user.send_command("/start")
    await chat.said("welcome")
    for kind, what in STEPS:
        if kind == "type":
            chat.after_last()
            chat.type(what or pseudonym)
        elif kind == "toggle":
            await chat.toggle(what)
        else:
            message = await chat.question(what, timeout=20)
            chat.user.press(message, button_text=what)
            chat.user.press(message, button_text=what)
            chat.mark = message.message_id + 1
    await chat.said("we are now looking for a peer for you", timeout=20)


async def test_ten_people_onboarding_at_once_across_two_processes_end_consistent(
    sandbox, storage, cluster
):
    names = [f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]}" for n in range(10)]
    users = [
        sandbox.user(883_000_000_100 + n, first_name=f"O{n}", language_code="en") for n in range(10)
    ]
    await asyncio.gather(*(onboard(Chat(u), name) for u, name in zip(users, names, strict=True)))
    for user, name in zip(users, names, strict=True):
        person = await stored(storage, user.id)
        profile = person.seeker_profile
        assert (person.seeker_state, person.pseudonym, person.timezone) == (
            "waiting",
            name,
            "America/Montreal",
        )
        assert profile is not None and profile.experiences == ["burnout"]
        assert profile.availability == ["mornings"]
        assert {k: (c.value, c.must) for k, c in profile.criteria.items()} == {
            "gender": ("nonbinary", True)
        }
        # One confirmation of the search, however often the last button was pressed.
        done = [m for m in user.received if "we are now looking for a peer" in m.content]
        assert len(done) == 1
    _bots, _ports, proxy = cluster
    assert len(proxy.served) == 2, "both processes must have taken part"
