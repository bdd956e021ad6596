"""Relay throughput and latency: the real bot against a bare python-telegram-bot baseline.

Run: .venv/bin/python -m bench.relay [--pairs 100] [--seconds 15] [--delays 0,0.05]
                                     [--database-url postgresql+asyncpg://.../bench_relay]

N pairs are seeded in the database; both people of every pair write to the bot over the sandbox
Bot API, each sending their next message as soon as the previous one reached the other person
(2N closed loops). The bot runs in its own process, with its durable inbox and outbox and
encryption at rest, and only Telegram's global 30 messages/s bucket lifted (bench.relay_bot).
The baseline (bench.echo_bot) runs the same traffic through a bare PTB Application that copies
each message to the partner from an in-memory map, once handling updates one at a time and once
with ``concurrent_updates``. Every configuration runs with the sandbox answering at once and
with every Bot API answer delayed (50 ms by default: a round trip to Telegram).

Printed per run: messages/s delivered in the measured window (after a warm-up), latency from a
person's send to the copy reaching the other person (p50/p95/p99), the bot process's CPU (share
of one core over the window) and peak resident memory, and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import (
    Databases,
    backend_name,
    cpu_seconds,
    fresh_database,
    machine,
    memory_kib,
    open_storage,
    pct,
)
from bench.relay_bot import CENSUS_ENV
from bot.sandbox import BotMessage, Sandbox, SimUser
from bot.storage.crypto import KeyRing, generate_key
from tests.support.e2e_harness import ROOT, TOKEN, write_config
from tests.support.factories import add_pair, add_person

FIRST_ID = 710_000_000_000
LOST_AFTER = 120.0  # seconds: a copy not there by then is counted as lost


@dataclass
class Result:
    label: str
    delivered: int
    seconds: float
    latencies: list[float]
    cpu: float
    peak_kib: int
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.delivered / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        lat = self.latencies
        return (
            f"  {self.label:<28} {self.rate:7.0f} msg/s   latency p50 {pct(lat, 50):6.0f} ms  "
            f"p95 {pct(lat, 95):6.0f} ms  p99 {pct(lat, 99):6.0f} ms   "
            f"cpu {self.cpu * 100:4.0f}% of a core   peak rss {self.peak_kib / 1024:5.0f} MB"
        )


class Child:
    """A bot process (ours or the baseline), its output kept in files for when it fails."""

    def __init__(self, args: Sequence[str], env: dict[str, str], logs: Path) -> None:
        self.args = list(args)
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **env}
        self.env.pop("ENTRAIDE_DATABASE_URL", None)
        self.logs = logs
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self, sandbox: Sandbox, patience: float = 30.0) -> None:
        polls = len(sandbox.calls("getUpdates"))
        with (self.logs / "stdout").open("wb") as out, (self.logs / "stderr").open("wb") as err:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, *self.args, cwd=str(ROOT), env=self.env, stdout=out, stderr=err
            )
        deadline = time.monotonic() + patience
        # Ready once it polls: from then on every update it is sent is handled.
        while len(sandbox.calls("getUpdates")) <= polls:
            if self.proc.returncode is not None or time.monotonic() > deadline:
                raise SystemExit(f"{self.args[1]} did not start:\n{self.tail()}")
            await asyncio.sleep(0.05)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def tail(self) -> str:
        return (self.logs / "stderr").read_text(encoding="utf-8", errors="replace")[-3000:]

    async def stop(self) -> None:
        assert self.proc is not None
        self.proc.terminate()
        try:
            code = await asyncio.wait_for(self.proc.wait(), 30)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
            raise SystemExit(f"{self.args[1]} did not stop:\n{self.tail()}") from None
        if code != 0:
            raise SystemExit(f"{self.args[1]} exited with {code}:\n{self.tail()}")


def copy_of(user_id: int, message_id: int) -> Callable[[BotMessage], bool]:
    """The copy the bot made of this person's message, in the other person's chat."""
    return lambda message: message.copied_from == (user_id, message_id)


def people(sandbox: Sandbox, pairs: int) -> list[tuple[SimUser, SimUser]]:
    made = []
    for n in range(pairs):
        seeker = sandbox.user(FIRST_ID + 2 * n, first_name=f"Seeker{n}", language_code="en")
        peer = sandbox.user(FIRST_ID + 2 * n + 1, first_name=f"Peer{n}", language_code="en")
        seeker.started = peer.started = True
        made.append((seeker, peer))
    return made


async def seed(dbs: Databases, ring: KeyRing, duos: list[tuple[SimUser, SimUser]]) -> None:
    storage = await open_storage(dbs, ring)
    async with storage.uow() as uow:
        for n, (seeker_u, peer_u) in enumerate(duos):
            seeker = await add_person(uow, seeker_u.id, f"Seeker {n}", seeker=True)
            peer = await add_person(uow, peer_u.id, f"Peer {n}", peer=True)
            await add_pair(uow, seeker, peer)
        await uow.commit()
    await storage.dispose()


async def drive(
    sandbox: Sandbox,
    duos: list[tuple[SimUser, SimUser]],
    child: Child,
    seconds: float,
    warmup: float,
    label: str,
) -> Result:
    """2N closed loops for `seconds`; counts what arrived after `warmup`."""
    sent_at: dict[tuple[int, int], float] = {}
    lost: list[tuple[int, int]] = []
    start = time.monotonic()
    window_start, stop_at = start + warmup, start + seconds
    cpu_start: list[float] = []

    async def mark_window() -> None:
        await asyncio.sleep(warmup)
        cpu_start.append(cpu_seconds(child.pid))

    async def loop(sender: SimUser, receiver: SimUser) -> None:
        n = 0
        while time.monotonic() < stop_at:
            message_id = sender.send_text(f"Thinking of you, note {n}.")
            sent_at[(sender.id, message_id)] = time.monotonic()
            n += 1
            # A slow bot leaves messages queued for a long time: that is what is measured.
            try:
                await receiver.wait_for(copy_of(sender.id, message_id), timeout=LOST_AFTER)
            except AssertionError:
                # Counted, not fatal: a bot that drops messages must still get its figures.
                lost.append((sender.id, message_id))
                return

    marker = asyncio.create_task(mark_window())
    loops = [loop(a, b) for seeker, peer in duos for a, b in ((seeker, peer), (peer, seeker))]
    cpu_end: list[float] = []

    async def mark_end() -> None:
        await asyncio.sleep(seconds)
        cpu_end.append(cpu_seconds(child.pid))

    ender = asyncio.create_task(mark_end())
    await asyncio.gather(*loops)
    await marker
    await ender
    peak = memory_kib(child.pid)
    arrivals: dict[tuple[int, int], float] = {}
    for request in sandbox.calls("copyMessage"):
        if request.status_code == 200:
            key = (int(request.params["from_chat_id"]), int(request.params["message_id"]))
            arrivals.setdefault(key, request.time)
    delivered = sum(1 for t in arrivals.values() if window_start <= t < stop_at)
    latencies = [
        (arrivals[key] - t) * 1000
        for key, t in sent_at.items()
        if window_start <= t < stop_at and key in arrivals
    ]
    result = Result(
        label,
        delivered,
        stop_at - window_start,
        latencies,
        (cpu_end[0] - cpu_start[0]) / (stop_at - window_start),
        peak,
    )
    if lost:
        result.notes.append(f"{len(lost)} messages never arrived within {LOST_AFTER:.0f} s")
    return result


async def run_bot(
    url: str | None,
    folder: Path,
    pairs: int,
    delay: float,
    seconds: float,
    warmup: float,
    profile: Path | None = None,
    statements: Path | None = None,
) -> Result:
    ring = KeyRing([generate_key("bench")])
    async with Sandbox(token=TOKEN) as sandbox:
        sandbox.response_delay = delay
        duos = people(sandbox, pairs)
        dbs = await fresh_database(url, folder, f"relay-{delay}.db")
        await seed(dbs, ring, duos)
        config = write_config(
            folder / "relay.toml",
            sandbox,
            dbs.url,
            extra=dbs.config_extra(),
            telegram={
                "poll_timeout_seconds": 10,
                "request_timeout_seconds": 30.0,
                # The configuration's own maxima: the benchmark measures the bot, not the buckets.
                "per_chat_messages_per_second": 30.0,
                "per_chat_burst": 30,
                "max_concurrent_sends": 64,
            },
        )
        logs = folder / f"bot-{delay}"
        logs.mkdir()
        child = Child(
            ["-m", "bench.relay_bot", "--config", str(config)],
            {
                "ENTRAIDE_TELEGRAM_TOKEN": TOKEN,
                "ENTRAIDE_KEYS": ring.encoded(),
                **({CENSUS_ENV: f"{statements}.{delay}.txt"} if statements else {}),
            },
            logs,
        )
        await child.start(sandbox)
        spy = None
        if profile is not None:
            # Sampling from outside (py-spy, on PATH) changes the bot's speed only a little.
            spy = await asyncio.create_subprocess_exec(
                "py-spy",
                "record",
                "--pid",
                str(child.pid),
                "--format",
                "raw",
                "--rate",
                "200",
                "--gil",
                "--duration",
                str(int(seconds)),
                "--output",
                f"{profile}.{delay}.txt",
                stdout=asyncio.subprocess.DEVNULL,
            )
        try:
            result = await drive(sandbox, duos, child, seconds, warmup, "entraide bot")
        finally:
            await child.stop()
            if spy is not None:
                await spy.wait()
        errors = [r for r in sandbox.requests if r.status_code >= 400 and r.method != "getUpdates"]
        if errors:
            result.notes.append(f"{len(errors)} Bot API calls refused (first: {errors[0]})")
        return result


async def run_baseline(
    folder: Path, pairs: int, delay: float, seconds: float, warmup: float, concurrent: bool
) -> Result:
    async with Sandbox(token=TOKEN) as sandbox:
        sandbox.response_delay = delay
        duos = people(sandbox, pairs)
        partners = {str(s.id): p.id for s, p in duos} | {str(p.id): s.id for s, p in duos}
        mode = "concurrent" if concurrent else "sequential"
        path = folder / f"partners-{mode}-{delay}.json"
        path.write_text(json.dumps(partners), encoding="utf-8")
        logs = folder / f"baseline-{mode}-{delay}"
        logs.mkdir()
        args = ["-m", "bench.echo_bot", "--base-url", sandbox.base_url, "--partners", str(path)]
        child = Child(
            [*args, "--concurrent"] if concurrent else args,
            {"ENTRAIDE_TELEGRAM_TOKEN": TOKEN},
            logs,
        )
        await child.start(sandbox)
        try:
            return await drive(sandbox, duos, child, seconds, warmup, f"baseline PTB, {mode}")
        finally:
            await child.stop()


async def main_async(args: argparse.Namespace) -> None:
    delays = [float(d) for d in args.delays.split(",")]
    backend = backend_name(args.database_url or "sqlite")
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        for delay in delays:
            print(
                f"\nrelay, {backend}, {args.pairs} pairs ({2 * args.pairs} people writing), "
                f"Bot API answers delayed {delay * 1000:.0f} ms, "
                f"{args.seconds - args.warmup:.0f} s measured after {args.warmup:.0f} s warm-up"
            )
            results = {}
            sub = folder / f"d{delay}"
            sub.mkdir()
            for concurrent in (False, True) if args.baseline else ():
                result = await run_baseline(
                    sub, args.pairs, delay, args.seconds, args.warmup, concurrent
                )
                results[concurrent] = result
                print(result.line(), flush=True)
                for note in result.notes:
                    print(f"    note: {note}")
            bot = await run_bot(
                args.database_url,
                sub,
                args.pairs,
                delay,
                args.seconds,
                args.warmup,
                args.profile,
                args.statements,
            )
            print(bot.line())
            for note in bot.notes:
                print(f"    note: {note}")
            if not results:
                continue
            best = max(results.values(), key=lambda r: r.rate)
            ratio = bot.rate / best.rate if best.rate else 0.0
            print(
                f"  ratio to the faster baseline ({best.label}): {ratio:.2f}   "
                f"targets: >= 300 msg/s on SQLite ({'met' if bot.rate >= 300 else 'MISSED'}), "
                f">= 0.6 of the baseline ({'met' if ratio >= 0.6 else 'MISSED'})"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=15.0, help="per run, warm-up included")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--delays", default="0,0.05", help="Bot API answer delays, seconds")
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--no-baseline", dest="baseline", action="store_false", help="only the bot's figures"
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep databases and bot logs in this new folder"
    )
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        help="py-spy's collapsed stacks to PROFILE.<delay>.txt",
    )
    parser.add_argument(
        "--statements",
        type=Path,
        default=None,
        help="how often the bot ran each SQL statement, to STATEMENTS.<delay>.txt",
    )
    args = parser.parse_args()
    if args.statements is not None:
        args.statements = args.statements.resolve()  # the bot runs from the repository root
    if args.keep is not None:
        args.keep.mkdir(parents=True)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
