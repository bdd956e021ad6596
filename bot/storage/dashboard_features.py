"""The dashboard's queries on circles and training (part of ``uow.dashboard``): plain rows with
a LIMIT, never a word said in a circle nor a debrief's answers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.circles import SessionStatus
from bot.domain.supervision import DebriefStatus
from bot.storage.orm import CircleMemberRow, CircleSessionRow, DebriefRow


@dataclass(frozen=True)
class HeldSession:
    """A closed circle session: anonymous counts only."""

    circle_id: str
    starts_at: datetime
    present: int
    helpful_yes: int
    helpful_no: int


@dataclass(frozen=True)
class WaitingDebrief:
    id: str
    code: str
    peer_id: str
    trigger: str
    sent_at: datetime | None


class FeatureQueries:
    _s: AsyncSession

    async def members_counts(self, circle_ids: Iterable[str]) -> dict[str, int]:
        """Members who joined (invitations not counted), per circle."""
        wanted = sorted(set(circle_ids))
        if not wanted:
            return {}
        rows = await self._s.execute(
            select(CircleMemberRow.circle_id, func.count())
            .where(CircleMemberRow.circle_id.in_(wanted), CircleMemberRow.joined_at.is_not(None))
            .group_by(CircleMemberRow.circle_id)
        )
        return {cid: int(n) for cid, n in rows.all()}

    async def held_sessions(self, limit: int, since: datetime | None = None) -> list[HeldSession]:
        """The most recently closed sessions that someone attended, newest first."""
        when = [] if since is None else [CircleSessionRow.starts_at >= since]
        rows = await self._s.execute(
            select(
                CircleSessionRow.circle_id,
                CircleSessionRow.starts_at,
                CircleSessionRow.present_count,
                CircleSessionRow.helpful_yes,
                CircleSessionRow.helpful_no,
            )
            .where(
                CircleSessionRow.status == SessionStatus.CLOSED.value,
                CircleSessionRow.present_count > 0,
                *when,
            )
            .order_by(CircleSessionRow.starts_at.desc())
            .limit(limit)
        )
        return [HeldSession(c, s, int(p), int(y), int(n)) for c, s, p, y, n in rows.all()]

    async def waiting_debriefs(self, limit: int) -> tuple[list[WaitingDebrief], int]:
        """Debriefs sent to the coordinators and not claimed yet, oldest first."""
        waiting = DebriefRow.status == DebriefStatus.WAITING.value
        rows = await self._s.execute(
            select(
                DebriefRow.id,
                DebriefRow.code,
                DebriefRow.peer_id,
                DebriefRow.trigger,
                DebriefRow.sent_at,
            )
            .where(waiting)
            .order_by(DebriefRow.sent_at, DebriefRow.code)
            .limit(limit)
        )
        lines = [WaitingDebrief(*r) for r in rows.all()]
        total = (
            await self._s.execute(select(func.count()).select_from(DebriefRow).where(waiting))
        ).scalar_one()
        return lines, int(total)
