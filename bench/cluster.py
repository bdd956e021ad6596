"""One bot process or two sharing a Postgres database: where each saturates.

Run: .venv/bin/python -m bench.cluster --database-url postgresql+asyncpg://.../bench_cluster
                                       [--pairs 50] [--seconds 20] [--delay 0.05]

The real bot (bench.relay_bot: production code, only Telegram's global 30 messages/s bucket
lifted) runs in webhook mode, once alone and once as two processes behind a round-robin proxy
(tests/support/round_robin.py), as docs/operations.md sets them up. N seeded pairs write in
2N closed loops (each person sends their next message once the previous one reached the
other), with every Bot API answer delayed (50 ms: a round trip to Telegram). The sandbox
posts webhooks over 40 connections at once, as Telegram does by default (max_connections).

Printed per configuration: messages/s delivered in the measured window, latency p50/p95 from
send to copy, and each process's CPU (share of one core). Then the same figure with Telegram's
real ceiling applied: a bot may send about 30 messages/s in all, however many processes share
its token, so a deployment saturates at min(what the processes can do, 30/s).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from bench.common import cpu_seconds, fresh_database, machine, pct
from bench.relay import Child, copy_of, people, seed
from bot.sandbox import Sandbox, SimUser
from bot.sandbox.webhook_pool import PooledWebhookDeliverer
from bot.storage.crypto import KeyRing, generate_key
from tests.support.e2e_harness import ROOT, TOKEN, write_config
from tests.support.round_robin import RoundRobinProxy, free_port

SECRET = "bench-cluster-webhook-secret-0123456789"
TELEGRAM_CEILING = 30.0  # messages/s per bot, whatever the number of processes


async def wait_webhooks(sandbox: Sandbox, count: int, children: list[Child]) -> None:
    """Ready once each process has set its webhook (the last step before serving)."""
    deadline = time.monotonic() + 90
    while len(sandbox.calls("setWebhook")) < count:
        for child in children:
            if child.proc is not None and child.proc.returncode is not None:
                raise SystemExit(f"a bot did not start:\n{child.tail()}")
        if time.monotonic() > deadline:
            raise SystemExit("the bots did not start within 90 s")
        await asyncio.sleep(0.05)


async def start(child: Child) -> None:
    """As Child.start, without its wait for getUpdates: in webhook mode nobody polls."""
    with (child.logs / "stdout").open("wb") as out, (child.logs / "stderr").open("wb") as err:
        child.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            *child.args,
            cwd=str(ROOT),
            env=child.env,
            stdout=out,
            stderr=err,
        )


async def run(url: str, folder: Path, processes: int, args: argparse.Namespace) -> str:
    ring = KeyRing([generate_key("bench")])
    sandbox = Sandbox(token=TOKEN)
    # Webhooks over 40 connections at once, as Telegram posts them (its default
    # max_connections); the sandbox's own deliverer waits for each answer in turn.
    sandbox.webhook = PooledWebhookDeliverer(sandbox.world, connections=args.connections)
    async with sandbox:
        sandbox.response_delay = args.delay
        duos = people(sandbox, args.pairs)
        dbs = await fresh_database(url, folder, "cluster.db")
        await seed(dbs, ring, duos)
        ports = [free_port() for _ in range(processes)]
        proxy = RoundRobinProxy(ports)
        public = proxy.start()
        children = []
        for n, port in enumerate(ports):
            config = write_config(
                folder / f"bot{n}.toml",
                sandbox,
                dbs.url,
                telegram={
                    "mode": "webhook",
                    "request_timeout_seconds": 30.0,
                    "per_chat_messages_per_second": 30.0,
                    "per_chat_burst": 30,
                    "max_concurrent_sends": 64,
                },
                webhook={
                    "listen": "127.0.0.1",
                    "port": port,
                    "path": "/tg",
                    "public_url": f"http://127.0.0.1:{public}",
                    "secret_token": SECRET,
                },
            )
            logs = folder / f"logs-{processes}-{n}"
            logs.mkdir()
            env = {
                "ENTRAIDE_TELEGRAM_TOKEN": TOKEN,
                "ENTRAIDE_KEYS": ring.encoded(),
                # Not in the file: the test configuration already has a [security] table.
                "ENTRAIDE_PERSON_KEYS_URL": dbs.keys_url or "",
            }
            child = Child(["-m", "bench.relay_bot", "--config", str(config)], env, logs)
            await start(child)
            children.append(child)
        await wait_webhooks(sandbox, processes, children)
        try:
            rate, lat, cpu = await drive(sandbox, duos, children, args.seconds, args.warmup)
        finally:
            for child in children:
                await child.stop()
            await proxy.close()
    cpus = " + ".join(f"{c * 100:.0f}%" for c in cpu[:-1])
    return (
        f"  {processes} process{'es' if processes > 1 else ''}: {rate:6.0f} msg/s   "
        f"latency p50 {pct(lat, 50):5.0f} ms  p95 {pct(lat, 95):6.0f} ms   "
        f"cpu {cpus} of a core (driver {cpu[-1] * 100:.0f}%)   "
        f"with Telegram's ceiling: {min(rate, TELEGRAM_CEILING):.0f} msg/s"
    )


async def drive(
    sandbox: Sandbox,
    duos: list[tuple[SimUser, SimUser]],
    children: list[Child],
    seconds: float,
    warmup: float,
) -> tuple[float, list[float], list[float]]:
    sent_at: dict[tuple[int, int], float] = {}
    start_at = time.monotonic()
    window, stop_at = start_at + warmup, start_at + seconds

    async def loop(sender: SimUser, receiver: SimUser) -> None:
        n = 0
        while time.monotonic() < stop_at:
            message_id = sender.send_text(f"Thinking of you, note {n}.")
            sent_at[(sender.id, message_id)] = time.monotonic()
            n += 1
            try:
                await receiver.wait_for(copy_of(sender.id, message_id), timeout=120)
            except AssertionError:
                return

    async def cpu_at(delay: float) -> list[float]:
        await asyncio.sleep(delay)
        return [cpu_seconds(c.pid) for c in children]

    own: list[float] = []

    async def own_cpu() -> None:
        # The driver (sandbox, proxy, 2N loops) shares the machine: if it saturates, the
        # figure is the driver's, not the bot's.
        await asyncio.sleep(warmup)
        start = time.process_time()
        await asyncio.sleep(seconds - warmup)
        own.append((time.process_time() - start) / (seconds - warmup))

    driver = asyncio.create_task(own_cpu())
    first = asyncio.create_task(cpu_at(warmup))
    last = asyncio.create_task(cpu_at(seconds))
    await asyncio.gather(*(loop(a, b) for s, p in duos for a, b in ((s, p), (p, s))))
    cpu = [(b - a) / (stop_at - window) for a, b in zip(await first, await last, strict=True)]
    await driver
    cpu.append(own[0])
    arrivals: dict[tuple[int, int], float] = {}
    for request in sandbox.calls("copyMessage"):
        if request.status_code == 200:
            key = (int(request.params["from_chat_id"]), int(request.params["message_id"]))
            arrivals.setdefault(key, request.time)
    delivered = sum(1 for t in arrivals.values() if window <= t < stop_at)
    latencies = [
        (arrivals[k] - t) * 1000
        for k, t in sent_at.items()
        if window <= t < stop_at and k in arrivals
    ]
    return delivered / (stop_at - window), latencies, cpu


async def main_async(args: argparse.Namespace) -> None:
    print(f"machine: {machine()}")
    print(
        f"relay through 1 and 2 bot processes, Postgres, {args.pairs} pairs, Bot API answers "
        f"delayed {args.delay * 1000:.0f} ms, {args.seconds - args.warmup:.0f} s measured"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for processes in (1, 2):
            sub = Path(tmp) / f"p{processes}"
            sub.mkdir()
            print(await run(args.database_url, sub, processes, args), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True, help="Postgres; its name starts 'bench'")
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0, help="per run, warm-up included")
    parser.add_argument("--warmup", type=float, default=4.0)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--connections", type=int, default=40, help="webhook posts in flight")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
