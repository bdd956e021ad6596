"""Escalations: opened here and announced to every coordinator with a Claim button."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.people import Person, new_code
from bot.services.context import ServiceContext
from bot.services.outbox import say
from bot.storage.orm import EscalationRow, new_id
from bot.storage.uow import UnitOfWork

CLAIM_ACTION = "esc.claim"


@dataclass(frozen=True)
class Opened:
    id: str
    code: str


async def open_escalation(
    uow: UnitOfWork,
    ctx: ServiceContext,
    *,
    kind: str,
    subject: Person | None,
    opened_by: Person | None,
    reason: str | None = None,
    urgent: bool = False,
    pair_id: str | None = None,
) -> Opened:
    """Records it and alerts every coordinator; re-alerts are due ``reminder_minutes`` later."""
    now = ctx.clock.now()
    esc_id = new_id()
    code = "E" + new_code()[:5]
    uow.session.add(
        EscalationRow(
            id=esc_id,
            code=code,
            kind=kind,
            urgent=urgent,
            subject_id=subject.id if subject else None,
            opened_by=opened_by.id if opened_by else None,
            pair_id=pair_id,
            status="open",
            reason=uow.cipher.encrypt_opt(
                reason, table="escalations", column="reason", row_id=esc_id
            ),
            created_at=now,
            next_alert_at=now + timedelta(minutes=ctx.settings.escalation.reminder_minutes),
        )
    )
    await uow.session.flush()
    await alert_coordinators(uow, ctx, esc_id, code, kind, subject, urgent, now)
    return Opened(esc_id, code)


async def alert_coordinators(
    uow: UnitOfWork,
    ctx: ServiceContext,
    esc_id: str,
    code: str,
    kind: str,
    subject: Person | None,
    urgent: bool,
    now: datetime,
) -> None:
    for coordinator in await uow.people.coordinators():
        if subject is not None and coordinator.id == subject.id:
            continue
        lang = coordinator.language
        text = ctx.t(
            lang,
            "escalation.alert_urgent" if urgent else "escalation.alert",
            code=code,
            kind=ctx.t(lang, f"escalation.kind.{kind}"),
            subject=subject.code if subject else "—",
        )
        claim = ctx.buttons.button(
            coordinator.id, ctx.t(lang, "escalation.claim_button"), CLAIM_ACTION, esc_id
        )
        await say(uow, coordinator, text, keyboard=[[claim]])
