"""APScheduler, through PTB's job queue, ticks the sweeps; the work itself is in the sweeps."""

from __future__ import annotations

import itertools
from typing import Any

from telegram.ext import Application

from bot.handlers.context import EntraideContext
from bot.scheduling.sweeps import Sweep, run_all
from bot.services.shared.context import ServiceContext
from bot.storage.uow import Storage


async def start_sweeps(
    app: Application[Any, Any, Any, Any, Any, Any],
    storage: Storage,
    services: ServiceContext,
    sweeps: list[Sweep],
    tick_seconds: float,
) -> None:
    queue = app.job_queue
    if queue is None:
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
    ticks = itertools.count()

    async def tick(_context: EntraideContext) -> None:
        await run_all(storage, services, next(ticks), sweeps)

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
