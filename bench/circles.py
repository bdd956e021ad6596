"""Group circles at Telegram's limits: three circles of ten present members talking at a human
pace while a hundred pairs relay, through the real bot and its outbox.

Run: .venv/bin/python -m bench.circles [--seconds 90] [--pairs 100] [--circles 3] [--size 10]
                                      [--database-url postgresql+asyncpg://.../bench_circles]

Everyone writes at a human pace (each person every 20–40 s, at random), open loop: nobody waits
for an answer. One circle message is nine sends (one per other present member); the bot runs
with the production limits of its configuration (``telegram.max_messages_per_second``, below
Telegram's ~30/s per bot, and ``per_chat_messages_per_second`` of 1 with a small burst), which
the figures are printed against. The same pair traffic runs twice, without and with the
circles, so what circles cost the pairs is measured rather than guessed.

Printed: p95 (and max) from a member's send to the *last* recipient's copy, the pairs' send→copy
latency without and with circles and the difference, messages lost (not delivered 60 s after
the last send), the busiest second's send rate and the busiest chat's rate over any second.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from pathlib import Path

from bench.common import Databases, backend_name, fresh_database, machine, open_storage, pct
from bench.relay import Child
from bot.domain.circles import Access, Attendance, Cadence, Circle, Schedule, Session, session_code
from bot.sandbox import Sandbox, SimUser
from bot.storage.crypto import KeyRing, generate_key
from bot.storage.repositories import new_id
from tests.support.e2e_harness import TOKEN, write_config
from tests.support.factories import add_pair, add_person

FIRST_ID = 720_000_000_000
GRACE = 60.0  # seconds after the last send: a copy not there by then is lost
PACE = (20.0, 40.0)  # seconds between one person's messages


@dataclass
class Run:
    circle_sent: dict[str, tuple[float, int]] = field(default_factory=dict)  # token → (t, copies)
    pair_sent: dict[tuple[int, int], float] = field(default_factory=dict)  # (chat, msg) → t


def accounts(sandbox: Sandbox, start: int, count: int, name: str) -> list[SimUser]:
    out = []
    for n in range(count):
        user = sandbox.user(FIRST_ID + start + n, first_name=f"{name}{n}", language_code="en")
        user.started = True
        out.append(user)
    return out


async def seed(
    dbs: Databases, ring: KeyRing, duos: list[tuple[SimUser, SimUser]], circles: list[list[SimUser]]
) -> None:
    """Pairs, and circles whose session is open now with every member present."""
    storage = await open_storage(dbs, ring)
    now = datetime.now(UTC)
    async with storage.uow() as uow:
        for n, (a, b) in enumerate(duos):
            seeker = await add_person(uow, a.id, f"Seeker {n}", seeker=True)
            peer = await add_person(uow, b.id, f"Peer {n}", peer=True)
            await add_pair(uow, seeker, peer)
        for c, members in enumerate(circles):
            people = [
                await add_person(uow, u.id, f"Member {c}-{i}", peer=i == 0, seeker=i > 0)
                for i, u in enumerate(members)
            ]
            schedule = Schedule(Cadence.WEEKLY, date.today(), wall(0, 0), 240, "UTC")
            circle = Circle(
                new_id(), f"CB{c}", f"Circle {c}", ["burnout"], "en", people[0].id,
                schedule, len(people), Access.OPEN, now,
            )  # fmt: skip
            await uow.circles.add(circle)
            session = Session(new_id(), circle.id, now, now + timedelta(hours=3))
            session.open(now)
            await uow.circles.add_session(session)
            await uow.circles.save_session(session)
            taken: set[str] = set()
            for person in people:
                await uow.circles.join(circle.id, person.id, now)
                code = session_code(taken)
                taken.add(code)
                await uow.circles.save_attendance(
                    Attendance(session.id, person.id, code, present=True)
                )
        await uow.commit()
    await storage.dispose()


async def talk(user: SimUser, stop_at: float, on_send: Callable[[SimUser, int], None]) -> None:
    await asyncio.sleep(random.uniform(0, PACE[1]))
    n = 0
    while time.monotonic() < stop_at:
        on_send(user, n)
        n += 1
        await asyncio.sleep(random.uniform(*PACE))


async def one_run(
    url: str | None, folder: Path, args: argparse.Namespace, with_circles: bool
) -> tuple[Run, Sandbox, float]:
    ring = KeyRing([generate_key("bench")])
    run = Run()
    async with Sandbox(token=TOKEN) as sandbox:
        users = accounts(sandbox, 0, 2 * args.pairs, "P")
        duos = [(users[2 * i], users[2 * i + 1]) for i in range(args.pairs)]
        circles = (
            [accounts(sandbox, 10_000 + 100 * c, args.size, f"C{c}m") for c in range(args.circles)]
            if with_circles
            else []
        )
        name = f"circles-{int(with_circles)}"
        dbs = await fresh_database(url, folder, f"{name}.db")
        await seed(dbs, ring, duos, circles)
        # The production limits: nothing lifted (unlike bench.relay, which measures the bot).
        config = write_config(
            folder / f"{name}.toml",
            sandbox,
            dbs.url,
            telegram={"poll_timeout_seconds": 10, "request_timeout_seconds": 30.0},
        )
        # The key store's line joins the [security] section the test configuration writes.
        keys = dbs.config_extra().removeprefix("[security]\n")
        text = config.read_text(encoding="utf-8").replace("[security]\n", "[security]\n" + keys)
        for key in ("per_chat_messages_per_second", "per_chat_burst"):
            text = "\n".join(line for line in text.splitlines() if not line.startswith(key))
        config.write_text(text + "\n", encoding="utf-8")
        logs = folder / name
        logs.mkdir()
        child = Child(
            ["-m", "bot", "run", "--config", str(config)],
            {"ENTRAIDE_TELEGRAM_TOKEN": TOKEN, "ENTRAIDE_KEYS": ring.encoded()},
            logs,
        )
        await child.start(sandbox)
        stop_at = time.monotonic() + args.seconds

        def pair_send(user: SimUser, n: int) -> None:
            message_id = user.send_text(f"Thinking of you, note {n}.")
            run.pair_sent[(user.id, message_id)] = time.monotonic()

        def circle_send(user: SimUser, n: int) -> None:
            token = f"[{user.id % 100_000}-{n}]"
            user.send_text(f"Thank you all for listening {token}")
            run.circle_sent[token] = (time.monotonic(), args.size - 1)

        talkers = [talk(u, stop_at, pair_send) for u in users]
        talkers += [talk(u, stop_at, circle_send) for members in circles for u in members]
        await asyncio.gather(*talkers)
        await settle(sandbox, run, GRACE)
        await child.stop()
        return run, sandbox, stop_at


async def settle(sandbox: Sandbox, run: Run, grace: float) -> None:
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        circle, pairs = arrivals(sandbox)
        done = all(len(circle.get(t, [])) >= n for t, (_s, n) in run.circle_sent.items())
        if done and all(k in pairs for k in run.pair_sent):
            return
        await asyncio.sleep(1.0)


def arrivals(sandbox: Sandbox) -> tuple[dict[str, list[float]], dict[tuple[int, int], float]]:
    circle: dict[str, list[float]] = defaultdict(list)
    pairs: dict[tuple[int, int], float] = {}
    for r in sandbox.requests:
        if r.status_code != 200:
            continue
        if r.method == "copyMessage":
            key = (int(r.params["from_chat_id"]), int(r.params["message_id"]))
            pairs.setdefault(key, r.time)
        elif r.method == "sendMessage" and "[" in str(r.params.get("text", "")):
            token = "[" + str(r.params["text"]).rsplit("[", 1)[1]
            circle[token].append(r.time)
    return circle, pairs


def rates(sandbox: Sandbox) -> tuple[int, float]:
    """The most sends in any one second, and the busiest chat's most sends in any 10 s / 10."""
    sends = [r for r in sandbox.requests if r.method in ("sendMessage", "copyMessage")]
    per_second = Counter(int(r.time) for r in sends)
    per_chat = Counter((r.params.get("chat_id"), int(r.time // 10)) for r in sends)
    return max(per_second.values(), default=0), max(per_chat.values(), default=0) / 10


def pair_latencies(run: Run, pairs: dict[tuple[int, int], float]) -> tuple[list[float], int]:
    lat = [(pairs[k] - t) * 1000 for k, t in run.pair_sent.items() if k in pairs]
    return lat, sum(1 for k in run.pair_sent if k not in pairs)


async def main_async(args: argparse.Namespace) -> None:
    print(f"machine: {machine()}")
    backend = backend_name(args.database_url or "sqlite")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        alone, sb_alone, _ = await one_run(args.database_url, folder, args, with_circles=False)
        mixed, sb_mixed, _ = await one_run(args.database_url, folder, args, with_circles=True)
    _c, pairs_alone = arrivals(sb_alone)
    circle, pairs_mixed = arrivals(sb_mixed)
    base, lost_base = pair_latencies(alone, pairs_alone)
    with_c, lost_pairs = pair_latencies(mixed, pairs_mixed)
    last = [
        (max(circle[t]) - sent) * 1000
        for t, (sent, n) in mixed.circle_sent.items()
        if len(circle.get(t, [])) >= n
    ]
    lost_circle = sum(
        n - len(circle.get(t, []))
        for t, (_s, n) in mixed.circle_sent.items()
        if len(circle.get(t, [])) < n
    )
    peak, chat_peak = rates(sb_mixed)
    copies = sum(n for _t, n in mixed.circle_sent.values())
    print(
        f"\ncircles, {backend}: {args.circles} circles of {args.size} present members and "
        f"{args.pairs} pairs, everyone writing every {PACE[0]:.0f}-{PACE[1]:.0f} s, "
        f"{args.seconds:.0f} s"
    )
    print(
        "  limits: telegram.max_messages_per_second = 25 (Telegram: ~30/s per bot), "
        "per_chat_messages_per_second = 1 with a burst of 3 (Telegram: ~1/s per chat)"
    )
    print(
        f"  circle messages: {len(mixed.circle_sent)} ({copies} copies)"
        f"   send → last copy: p50 {pct(last, 50):.0f} ms  p95 {pct(last, 95):.0f} ms  "
        f"max {max(last, default=0):.0f} ms   (target p95 ≤ 3000 ms)"
    )
    print(
        f"  pair messages: {len(mixed.pair_sent)}   send → copy p95 without circles "
        f"{pct(base, 95):.0f} ms, with circles {pct(with_c, 95):.0f} ms; "
        f"max {max(base, default=0):.0f} → {max(with_c, default=0):.0f} ms; "
        f"delay caused by circles at p95 {pct(with_c, 95) - pct(base, 95):+.0f} ms, at max "
        f"{max(with_c, default=0) - max(base, default=0):+.0f} ms   (target ≤ 1000 ms)"
    )
    print(
        f"  lost: {lost_circle} circle copies, {lost_pairs} pair copies "
        f"({lost_base} in the run without circles)"
    )
    print(
        f"  observed: busiest second {peak} sends; busiest chat {chat_peak:.1f} sends/s over 10 s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--circles", type=int, default=3)
    parser.add_argument("--size", type=int, default=10)
    parser.add_argument("--database-url", default=None)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
