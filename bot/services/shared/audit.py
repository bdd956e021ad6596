"""The coordinators' audit log: who did what, to which codes, with what outcome.

A detail about one person (the text of a /msg to them, why they were suspended, a note about
their escalation) is sealed under that person's data key (``about``), so that erasing them
reaches it in every copy of the database; other details are sealed under the key ring.
"""

from __future__ import annotations

from bot.domain.people import Person
from bot.storage.audit_repo import AuditEntry
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
    await uow.audit.add(
        at=uow.now(),
        actor_id=actor.id if actor else None,
        action=action,
        targets=targets,
        outcome=outcome,
        detail=detail,
        about_id=about.id if isinstance(about, Person) else about,
    )


async def recent(uow: UnitOfWork, limit: int = 20, offset: int = 0) -> list[AuditEntry]:
    """The newest lines, their details opened (a detail about someone erased since reads as
    empty)."""
    return await uow.audit.recent(limit, offset)
