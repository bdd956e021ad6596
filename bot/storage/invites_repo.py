"""Invites, found by a keyed HMAC of their code only; never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.onboarding import Invite
from bot.storage.crypto import Cipher
from bot.storage.orm import InviteRow

PURPOSE = "invite"


class InvitesRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher

    @staticmethod
    def _open(row: InviteRow) -> Invite:
        return Invite(
            id=row.id,
            role=row.role,
            created_by=row.created_by,
            created_at=row.created_at,
            expires_at=row.expires_at,
            used_at=row.used_at,
            used_by=row.used_by,
        )

    async def add(self, invite: Invite, code: str) -> None:
        """Stores the invite under the HMAC of ``code``; the code itself is never stored."""
        self._s.add(
            InviteRow(
                id=invite.id,
                code_index=self._c.blind_index(code, purpose=PURPOSE),
                role=invite.role,
                created_by=invite.created_by,
                created_at=invite.created_at,
                expires_at=invite.expires_at,
                used_at=invite.used_at,
                used_by=invite.used_by,
            )
        )

    async def by_code(self, code: str) -> Invite | None:
        candidates = self._c.blind_index_candidates(code, purpose=PURPOSE)
        row = (
            await self._s.execute(select(InviteRow).where(InviteRow.code_index.in_(candidates)))
        ).scalar_one_or_none()
        return self._open(row) if row else None

    async def use(self, invite_id: str, person_id: str, now: datetime) -> bool:
        """Uses the invite up for this person, if nobody has yet: a conditional update, so two
        people opening the same link at once cannot both get in."""
        result = await self._s.execute(
            update(InviteRow)
            .where(InviteRow.id == invite_id, InviteRow.used_at.is_(None))
            .values(used_at=now, used_by=person_id)
        )
        return bool(getattr(result, "rowcount", 0))

    async def used_by(self, person_id: str, role: str) -> bool:
        """Whether this person came in through an invite for ``role``."""
        found = await self._s.execute(
            select(InviteRow.id)
            .where(InviteRow.used_by == person_id, InviteRow.role == role)
            .limit(1)
        )
        return found.first() is not None
