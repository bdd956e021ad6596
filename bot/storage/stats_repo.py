"""The figures /stats draws on, and the anonymous daily counts that outlive retention."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.escalations import Status
from bot.storage.orm import EscalationRow, PairRow, PersonRow, StatCountRow


@dataclass(frozen=True)
class EscalationTimes:
    status: Status
    level: int
    created_at: datetime
    claimed_at: datetime | None


@dataclass(frozen=True)
class PairHistory:
    """One pair ever made, as the figures need it (no names, no texts)."""

    seeker_id: str
    status: str
    created_at: datetime
    ended_at: datetime | None
    seeker_rating: int | None
    peer_rating: int | None


class StatsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def waiting_since(self) -> list[datetime]:
        """When each seeker now waiting started waiting (those with a time)."""
        found = await self._s.execute(
            select(PersonRow.waiting_since).where(PersonRow.seeker_state == "waiting")
        )
        return [since for since in found.scalars() if since is not None]

    async def escalation_times(self) -> list[EscalationTimes]:
        """Status, level, creation and claim time of every escalation."""
        rows = await self._s.execute(
            select(
                EscalationRow.status,
                EscalationRow.level,
                EscalationRow.created_at,
                EscalationRow.claimed_at,
            )
        )
        return [EscalationTimes(Status(s), lv, c, cl) for s, lv, c, cl in rows.all()]

    async def pair_history(self) -> list[PairHistory]:
        """Every pair, by seeker then oldest first."""
        rows = await self._s.execute(
            select(
                PairRow.seeker_id,
                PairRow.status,
                PairRow.created_at,
                PairRow.ended_at,
                PairRow.seeker_rating,
                PairRow.peer_rating,
            ).order_by(PairRow.seeker_id, PairRow.created_at)
        )
        return [PairHistory(*row) for row in rows.all()]

    async def first_contacts(self, person_ids: Iterable[str]) -> dict[str, datetime]:
        """When each of these people first wrote to the bot."""
        ids = set(person_ids)
        if not ids:
            return {}
        found = await self._s.execute(
            select(PersonRow.id, PersonRow.created_at).where(PersonRow.id.in_(ids))
        )
        return {pid: created for pid, created in found.all()}

    # ---- anonymous counts ------------------------------------------------------------------

    async def bump(self, metric: str, day: str, by: int = 1) -> None:
        # An upsert, so two processes counting the same metric on the same day never collide.
        postgres = self._s.get_bind().dialect.name == "postgresql"
        insert = pg_insert if postgres else sqlite_insert
        statement = insert(StatCountRow).values(metric=metric, day=day, value=by)
        await self._s.execute(
            statement.on_conflict_do_update(
                index_elements=["metric", "day"], set_={"value": StatCountRow.value + by}
            )
        )

    async def totals(self, prefix: str) -> dict[str, int]:
        """Totals over all days for every metric starting with ``prefix``."""
        rows = await self._s.execute(
            select(StatCountRow.metric, func.sum(StatCountRow.value))
            .where(StatCountRow.metric.startswith(prefix))
            .group_by(StatCountRow.metric)
        )
        return {metric: int(total) for metric, total in rows.all()}
