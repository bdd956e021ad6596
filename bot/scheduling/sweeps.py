"""Periodic sweeps over due rows. The due times live in our tables, so downtime delays this
work but never loses or doubles it: each sweep runs in one transaction and marks what it did."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.services import escalations, matching
from bot.services.context import ServiceContext
from bot.storage.uow import Storage, UnitOfWork

log = logging.getLogger(__name__)

SweepFn = Callable[[UnitOfWork, ServiceContext], Awaitable[int]]


@dataclass(frozen=True)
class Sweep:
    name: str
    fn: SweepFn
    every_seconds: float


def _unreachable() -> SweepFn:
    # Imported late: the relay feature provides it.
    from bot.services import unreachable

    return unreachable.handle_unreachable


def default_sweeps() -> list[Sweep]:
    sweeps = [Sweep("offers", matching.expire_offers, 30.0)]
    realert = getattr(escalations, "realert", None)
    if realert is not None:
        sweeps.append(Sweep("escalation-realerts", realert, 30.0))
    try:
        sweeps.append(Sweep("unreachable", _unreachable(), 5.0))
    except ImportError:
        log.warning("unreachable-partner sweep not available")
    return sweeps


async def run_sweep(storage: Storage, services: ServiceContext, sweep: Sweep) -> int:
    """One pass; a failure is logged and retried at the next tick, never fatal."""
    try:
        async with storage.uow() as uow:
            done = await sweep.fn(uow, services)
            await uow.commit()
    except Exception as exc:  # one failing sweep must not stop the others
        log.error("sweep failed", extra={"sweep": sweep.name}, exc_info=exc)
        return 0
    if done:
        log.info("sweep done", extra={"sweep": sweep.name, "count": done})
    return done
