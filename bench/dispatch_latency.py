"""Idle-outbox latency: time from a committed outbox row to the Bot API request that sends it.

Run: .venv/bin/python -m bench.dispatch_latency [--n 300] [--database-url URL]
Prints p50/p95/p99/max in milliseconds. The sandbox Bot API answers at once, so the figure
is the bot's own overhead: the wake-up on commit, the claim transaction and the HTTP call.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from telegram import Bot

from bot.clock import SystemClock
from bot.delivery.dispatcher import Dispatcher, DispatcherConfig
from bot.domain.people import Person, new_code
from bot.sandbox import Sandbox
from bot.storage import migrate
from bot.storage.crypto import Cipher, KeyRing, generate_key
from bot.storage.engine import create_engine
from bot.storage.orm import new_id
from bot.storage.repositories import OutgoingMessage
from bot.storage.uow import Storage


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def measure(url: str, n: int) -> list[float]:
    await migrate.upgrade(url)
    storage = Storage(create_engine(url), Cipher(KeyRing([generate_key("b1")])), SystemClock())
    async with Sandbox(token="123456:BENCH") as sb:
        user = sb.user(4242, first_name="Bench")
        user.started = True
        person = Person(
            id=new_id(), code=new_code(), telegram_id=user.id, created_at=storage.clock.now()
        )
        async with storage.uow() as uow:
            await uow.people.add(person)
            await uow.commit()
        bot = Bot(sb.token, base_url=sb.base_url, base_file_url=sb.base_file_url)
        await bot.initialize()

        async def call(method, params, **kw):
            return await bot._post(method, api_kwargs=params, **kw)

        config = DispatcherConfig(
            max_per_second=30.0,
            per_chat_per_second=1000.0,
            per_chat_burst=1000,
            idle_poll_seconds=60.0,
        )
        dispatcher = Dispatcher(storage, call, SystemClock(), config)
        stop = asyncio.Event()
        task = asyncio.create_task(dispatcher.run(stop))
        await asyncio.sleep(0.3)
        latencies = []
        for i in range(n):
            async with storage.uow() as uow:
                await uow.outbox.add(OutgoingMessage(person.id, "sendMessage", {"text": f"m{i}"}))
                await uow.commit()
                committed = time.monotonic()
            await user.wait_for(f"m{i}", timeout=10)
            sent_at = sb.calls("sendMessage")[-1].time
            latencies.append((sent_at - committed) * 1000)
            # Stay under the global rate so the bucket never delays a send: this measures idle.
            await asyncio.sleep(0.04)
        stop.set()
        await task
        await bot.shutdown()
    await storage.dispose()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        lat = asyncio.run(measure(url, args.n))
    backend = url.split(":", 1)[0]
    print(f"dispatch latency, idle outbox, {backend}, n={len(lat)}")
    print(
        f"  p50 {pct(lat, 50):.2f} ms  p95 {pct(lat, 95):.2f} ms  p99 {pct(lat, 99):.2f} ms  "
        f"max {max(lat):.2f} ms  mean {statistics.fmean(lat):.2f} ms"
    )


if __name__ == "__main__":
    main()
