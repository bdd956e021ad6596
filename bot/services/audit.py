"""The coordinators' audit log: who did what, to which codes, with what outcome."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.people import Person
from bot.storage.orm import AuditRow, new_id
from bot.storage.uow import UnitOfWork


async def record(
    uow: UnitOfWork,
    actor: Person | None,
    action: str,
    *,
    targets: list[str] | None = None,
    outcome: str = "ok",
    detail: str | None = None,
) -> None:
    """Targets are opaque codes only; free text goes in ``detail``, which is sealed."""
    entry_id = new_id()
    uow.session.add(
        AuditRow(
            id=entry_id,
            at=uow.now(),
            actor_id=actor.id if actor else None,
            action=action[:32],
            targets=",".join(targets)[:200] if targets else None,
            outcome=outcome[:16],
            detail=uow.cipher.encrypt_opt(
                detail, table="audit_log", column="detail", row_id=entry_id
            ),
        )
    )


async def recent(uow: UnitOfWork, limit: int = 20, offset: int = 0) -> list[AuditRow]:
    rows = await uow.session.execute(
        select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id).limit(limit).offset(offset)
    )
    return list(rows.scalars())
