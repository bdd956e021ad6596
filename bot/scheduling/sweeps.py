"""Periodic sweeps over due rows. The due times live in our tables, so downtime delays this
work but never loses or doubles it: each sweep runs in one transaction and marks what it did.
On Postgres the sweeps claim rows with FOR UPDATE SKIP LOCKED, so two bot processes sharing a
database never do the same work twice."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.services.circles import sessions as circle_sessions
from bot.services.escalations import reminders
from bot.services.followup import checkins, housekeeping, talk_times
from bot.services.matching import pairing as matching
from bot.services.relay import unreachable
from bot.services.shared.context import ServiceContext
from bot.services.training import debriefs as training_debriefs
from bot.services.training import path as training_path
from bot.services.training import wellbeing as training_wellbeing
from bot.storage.uow import Storage, UnitOfWork

log = logging.getLogger(__name__)

SweepFn = Callable[[UnitOfWork, ServiceContext], Awaitable[int]]


@dataclass(frozen=True)
class Sweep:
    name: str
    fn: SweepFn
    # Run on every n-th tick (scheduling.tick_seconds): cheap ones often, the purge rarely.
    every_ticks: int = 1


def default_sweeps() -> list[Sweep]:
    return [
        Sweep("unreachable", unreachable.handle_unreachable),
        Sweep("escalation-realerts", reminders.realert),
        Sweep("offers", matching.expire_offers),
        Sweep("checkins", checkins.sweep),
        Sweep("talk-reminders", talk_times.remind),
        Sweep("waiting-alerts", housekeeping.alert_long_waits),
        Sweep("silence", housekeeping.nudge_silent_pairs, every_ticks=4),
        Sweep("invites", housekeeping.clean_invites, every_ticks=20),
        Sweep("retention", housekeeping.purge, every_ticks=20),
        Sweep("circle-sessions", circle_sessions.sweep),
        # training: holds, expiry reminders; debrief offers due; the monthly question
        Sweep("training", training_path.review),
        Sweep("debrief-offers", training_debriefs.send_offers),
        Sweep("wellbeing", training_wellbeing.ask_due, every_ticks=20),
    ]


async def run_sweep(storage: Storage, services: ServiceContext, sweep: Sweep) -> int:
    """One pass; a failure is logged and retried at the next tick, never fatal."""
    try:
        async with storage.uow() as uow:
            done = await sweep.fn(uow, services)
            await uow.commit()
        if sweep.name == "retention" and done:
            await housekeeping.compact(storage)
    except Exception as exc:  # one failing sweep must not stop the others
        log.error("sweep failed", extra={"sweep": sweep.name}, exc_info=exc)
        return 0
    if done:
        log.info("sweep done", extra={"sweep": sweep.name, "count": done})
    return done


async def run_all(
    storage: Storage, services: ServiceContext, tick: int, sweeps: list[Sweep]
) -> int:
    done = 0
    for sweep in sweeps:
        if tick % sweep.every_ticks == 0:
            done += await run_sweep(storage, services, sweep)
    return done
