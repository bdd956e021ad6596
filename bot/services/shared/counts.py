"""Anonymous counts that survive retention: no person, no pair, just a metric and a day."""

from __future__ import annotations

from bot.storage.uow import UnitOfWork


async def bump(uow: UnitOfWork, metric: str, by: int = 1) -> None:
    await uow.stats.bump(metric, uow.now().date().isoformat(), by)


async def totals(uow: UnitOfWork, prefix: str) -> dict[str, int]:
    """Totals over all days for every metric starting with ``prefix``."""
    return await uow.stats.totals(prefix)
