"""The coordinators' audit log. A detail about one person is sealed under that person's data
key (erasing them reaches it in every copy of the database); other details under the ring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.crypto import Cipher
from bot.storage.orm import AuditRow, new_id

T = "audit_log"


@dataclass(frozen=True)
class AuditEntry:
    id: str
    at: datetime
    actor_id: str | None
    action: str
    targets: str | None
    outcome: str
    about_id: str | None
    # Opened; None when there was none, or it was about someone erased since.
    detail: str | None


class AuditRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher

    async def add(
        self,
        *,
        at: datetime,
        actor_id: str | None,
        action: str,
        targets: list[str] | None,
        outcome: str,
        detail: str | None,
        about_id: str | None,
    ) -> None:
        """One line; a detail about someone erased meanwhile is dropped (it could not be
        sealed for them, and nothing about them is kept)."""
        entry_id = new_id()
        if about_id is not None and detail is not None:
            if not await self._c.person_keys.usable(about_id):
                detail = None
        self._s.add(
            AuditRow(
                id=entry_id,
                at=at,
                actor_id=actor_id,
                action=action[:32],
                targets=",".join(targets)[:200] if targets else None,
                outcome=outcome[:16],
                about_id=about_id,
                detail=self._c.encrypt_opt(
                    detail, table=T, column="detail", row_id=entry_id, owner=about_id
                ),
            )
        )

    async def recent(self, limit: int = 20, offset: int = 0) -> list[AuditEntry]:
        """The newest lines, details opened (a detail about someone erased since reads as
        empty)."""
        rows = await self._s.execute(
            select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id).limit(limit).offset(offset)
        )
        found = list(rows.scalars())
        await self._c.person_keys.load(r.about_id for r in found if r.about_id and r.detail)
        return [
            AuditEntry(
                id=r.id,
                at=r.at,
                actor_id=r.actor_id,
                action=r.action,
                targets=r.targets,
                outcome=r.outcome,
                about_id=r.about_id,
                detail=self._c.decrypt_opt(r.detail, table=T, column="detail", row_id=r.id),
            )
            for r in found
        ]

    async def count(self) -> int:
        return int((await self._s.execute(select(func.count()).select_from(AuditRow))).scalar_one())
