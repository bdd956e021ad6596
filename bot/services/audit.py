"""The coordinators' audit log: who did what, to which codes, with what outcome.

A detail about one person (the text of a /msg to them, why they were suspended, a note about
their escalation) is sealed under that person's data key (``about``), so that erasing them
reaches it in every copy of the database; other details are sealed under the key ring.
"""

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
    about: Person | str | None = None,
) -> None:
    """Targets are opaque codes only; free text goes in ``detail``, which is sealed (under the
    key of the person it is ``about``; dropped when that person was erased meanwhile)."""
    entry_id = new_id()
    about_id = about.id if isinstance(about, Person) else about
    if about_id is not None and detail is not None:
        if not await uow.cipher.person_keys.usable(about_id):
            detail = None
    uow.session.add(
        AuditRow(
            id=entry_id,
            at=uow.now(),
            actor_id=actor.id if actor else None,
            action=action[:32],
            targets=",".join(targets)[:200] if targets else None,
            outcome=outcome[:16],
            about_id=about_id,
            detail=uow.cipher.encrypt_opt(
                detail, table="audit_log", column="detail", row_id=entry_id, owner=about_id
            ),
        )
    )


async def recent(uow: UnitOfWork, limit: int = 20, offset: int = 0) -> list[AuditRow]:
    """The newest lines; the keys their details are sealed under are loaded (a detail about
    someone erased since reads as empty)."""
    rows = await uow.session.execute(
        select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id).limit(limit).offset(offset)
    )
    found = list(rows.scalars())
    await uow.cipher.person_keys.load(r.about_id for r in found if r.about_id and r.detail)
    return found
