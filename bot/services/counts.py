"""Anonymous counts that survive retention: no person, no pair, just a metric and a day."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.storage.orm import StatCountRow
from bot.storage.uow import UnitOfWork


async def bump(uow: UnitOfWork, metric: str, by: int = 1) -> None:
    # An upsert, so two processes counting the same metric on the same day never collide.
    day = uow.now().date().isoformat()
    insert = pg_insert if uow.dialect == "postgresql" else sqlite_insert
    statement = insert(StatCountRow).values(metric=metric, day=day, value=by)
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=["metric", "day"], set_={"value": StatCountRow.value + by}
        )
    )


async def totals(uow: UnitOfWork, prefix: str) -> dict[str, int]:
    """Totals over all days for every metric starting with ``prefix``."""
    rows = await uow.session.execute(
        select(StatCountRow.metric, func.sum(StatCountRow.value))
        .where(StatCountRow.metric.startswith(prefix))
        .group_by(StatCountRow.metric)
    )
    return {metric: int(total) for metric, total in rows.all()}
