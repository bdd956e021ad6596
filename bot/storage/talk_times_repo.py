"""Times the two sides of a pair agreed (or proposed) to talk (/schedule)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.schedule import OPEN_TALK_STATUSES, TalkSession, TalkStatus
from bot.storage.crypto import Cipher
from bot.storage.orm import SessionRow, new_id


def _session(row: SessionRow) -> TalkSession:
    return TalkSession(
        id=row.id,
        pair_id=row.pair_id,
        proposer_id=row.proposer_id,
        starts_at=row.starts_at,
        status=TalkStatus(row.status),
        remind_at=row.remind_at,
        reminded_at=row.reminded_at,
    )


class TalkTimesRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher

    async def add(
        self, pair_id: str, proposer_id: str, starts_at: datetime, now: datetime
    ) -> TalkSession:
        """A new proposal."""
        row = SessionRow(
            id=new_id(),
            pair_id=pair_id,
            proposer_id=proposer_id,
            starts_at=starts_at,
            status=TalkStatus.PROPOSED,
            created_at=now,
        )
        self._s.add(row)
        await self._s.flush()
        return _session(row)

    async def close_open(self, pair_id: str, status: TalkStatus) -> None:
        """Every proposed or agreed time of this pair gets ``status`` (replaced, ...)."""
        rows = (
            await self._s.execute(
                select(SessionRow).where(
                    SessionRow.pair_id == pair_id, SessionRow.status.in_(OPEN_TALK_STATUSES)
                )
            )
        ).scalars()
        for row in rows:
            row.status = status

    async def get(self, session_id: str) -> TalkSession | None:
        row = await self._s.get(SessionRow, session_id)
        return _session(row) if row is not None else None

    async def set_status(
        self, session_id: str, status: TalkStatus, *, remind_at: datetime | None = None
    ) -> None:
        row = await self._s.get(SessionRow, session_id)
        if row is None:
            raise LookupError(f"talk session {session_id} not found")
        row.status = status
        if remind_at is not None:
            row.remind_at = remind_at

    async def claim_due_reminders(self, now: datetime) -> list[TalkSession]:
        """Agreed times whose reminder is due and not sent, marked as reminded now. On
        Postgres the rows are locked (skipping those another process holds), so two bot
        processes never remind twice."""
        query = select(SessionRow).where(
            SessionRow.status == TalkStatus.ACCEPTED,
            SessionRow.remind_at <= now,
            SessionRow.reminded_at.is_(None),
        )
        if self._s.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = (await self._s.execute(query)).scalars().all()
        for row in rows:
            row.reminded_at = now
        return [_session(row) for row in rows]
