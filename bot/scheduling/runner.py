"""APScheduler, through PTB's job queue, ticks the sweeps; the work itself is in the sweeps."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

from telegram.ext import Application

from bot.handlers.context import EntraideContext
from bot.scheduling.sweeps import Sweep, run_all, run_sweep
from bot.services.shared.context import ServiceContext
from bot.storage.uow import Storage


async def start_sweeps(
    app: Application[Any, Any, Any, Any, Any, Any],
    storage: Storage,
    services: ServiceContext,
    sweeps: list[Sweep],
    tick_seconds: float,
    observe: Callable[[str, float], None] | None = None,
) -> None:
    queue = app.job_queue
    if queue is None:
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
    ticks = itertools.count()

    async def tick(_context: EntraideContext) -> None:
        if observe is None:
            await run_all(storage, services, next(ticks), sweeps)
            return
        # Timed one by one for the metrics (each sweep's duration, by its name).
        tick = next(ticks)
        for sweep in sweeps:
            if tick % sweep.every_ticks == 0:
                started = time.perf_counter()
                await run_sweep(storage, services, sweep)
                observe(sweep.name, time.perf_counter() - started)

    # One job, not one per sweep: the sweeps share the single SQLite writer anyway, and
    # running them in a fixed order keeps their effects easy to reason about.
    queue.run_repeating(
        tick,
        interval=tick_seconds,
        first=0.5,
        name="sweeps",
        job_kwargs={"max_instances": 1, "coalesce": True},
    )
    await queue.start()


async def stop_sweeps(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    if app.job_queue is not None and app.job_queue.scheduler.running:
        await app.job_queue.stop(wait=True)
