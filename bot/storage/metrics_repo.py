"""The figures /metrics reports from the database: counts and ages only, never who."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.escalations import Status, shown_level
from bot.domain.people import SeekerState
from bot.storage.orm import EscalationRow, InboxUpdateRow, OutboxRow, PersonRow


@dataclass(frozen=True)
class Backlog:
    count: int
    oldest: datetime | None


class MetricsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def inbox(self) -> Backlog:
        count, oldest = (
            await self._s.execute(
                select(func.count(), func.min(InboxUpdateRow.received_at)).where(
                    InboxUpdateRow.processed_at.is_(None)
                )
            )
        ).one()
        return Backlog(int(count), oldest)

    async def outbox(self) -> dict[int, Backlog]:
        """Rows waiting or on the wire, by priority."""
        rows = (
            await self._s.execute(
                select(OutboxRow.priority, func.count(), func.min(OutboxRow.created_at))
                .where(OutboxRow.status.in_(("pending", "sending")))
                .group_by(OutboxRow.priority)
            )
        ).all()
        return {int(p): Backlog(int(n), oldest) for p, n, oldest in rows}

    async def escalations(self) -> dict[int, tuple[int, Backlog]]:
        """By level as shown (0, 1, 2): (unresolved count, the unclaimed ones and the oldest)."""
        rows = (
            await self._s.execute(
                select(
                    EscalationRow.level,
                    EscalationRow.status,
                    func.count(),
                    func.min(EscalationRow.created_at),
                )
                .where(EscalationRow.status.in_((Status.OPEN.value, Status.CLAIMED.value)))
                .group_by(EscalationRow.level, EscalationRow.status)
            )
        ).all()
        out: dict[int, tuple[int, Backlog]] = {}
        for level, status, count, oldest in rows:
            shown = shown_level(int(level))
            total, unclaimed = out.get(shown, (0, Backlog(0, None)))
            total += int(count)
            if status == Status.OPEN.value:
                first = min((d for d in (unclaimed.oldest, oldest) if d is not None), default=None)
                unclaimed = Backlog(unclaimed.count + int(count), first)
            out[shown] = (total, unclaimed)
        return out

    async def waiting_seekers(self) -> int:
        value = (
            await self._s.execute(
                select(func.count())
                .select_from(PersonRow)
                .where(PersonRow.seeker_state == SeekerState.WAITING.value)
            )
        ).scalar_one()
        return int(value)

    async def schema_revision(self) -> str | None:
        """The migration the database is at (Alembic's own table); also proves it answers."""
        value = (await self._s.execute(text("SELECT version_num FROM alembic_version"))).scalar()
        return str(value) if value is not None else None
