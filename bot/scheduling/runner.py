"""APScheduler, through PTB's job queue, ticks each sweep; the work itself is in the sweeps."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.scheduling.sweeps import Sweep, run_sweep
from bot.services.context import ServiceContext
from bot.storage.uow import Storage
from bot.transport.context import EntraideContext


async def start_sweeps(
    app: Application[Any, Any, Any, Any, Any, Any],
    storage: Storage,
    services: ServiceContext,
    sweeps: list[Sweep],
) -> None:
    queue = app.job_queue
    if queue is None:
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
    for sweep in sweeps:

        async def tick(_context: EntraideContext, sweep: Sweep = sweep) -> None:
            await run_sweep(storage, services, sweep)

        queue.run_repeating(tick, interval=sweep.every_seconds, first=1.0, name=sweep.name)
    await queue.start()


async def stop_sweeps(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    if app.job_queue is not None and app.job_queue.scheduler.running:
        await app.job_queue.stop(wait=True)
