"""Escalations: open → claimed → resolved (with a note).

Opening one alerts every coordinator with a Claim button; unclaimed, it is announced again every
``escalation.reminder_minutes``. The alerts are outbox rows with ``ref_kind="esc_alert"``: once
delivered they carry their Telegram message id, so claiming or resolving edits every alert in
place (the button disappears and the state shows); an alert not delivered yet gets a short
follow-up message instead. Alerts show only the kind and the person's code; the reason and the
person's pseudonym go to the coordinator who claims it (need to know).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.domain.people import Person, new_code
from bot.services import audit
from bot.services.context import ServiceContext
from bot.services.coord_common import duration, label, reply, since
from bot.services.coord_store import CLAIMED, OPEN, RESOLVED, CoordStore, Escalation
from bot.services.outbox import say
from bot.storage.orm import EscalationRow, OutboxRow, escalation_reason_owner, new_id
from bot.storage.pairs_repo import PairsRepository
from bot.storage.repositories import OutgoingMessage
from bot.storage.uow import UnitOfWork

CLAIM_ACTION = "esc.claim"
RESOLVE_ACTION = "esc.resolve"
ALERT_REF = "esc_alert"
# Reasons that are a participant's own message: dropped once the escalation is resolved.
MESSAGE_REASONS = frozenset({"automatic"})


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
    # The reason is its writer's: the opener's (a report is the reporter's data), else the
    # subject's own words (automatic).
    reason_owner = escalation_reason_owner(
        opened_by.id if opened_by else None, subject.id if subject else None
    )
    if reason_owner is not None:
        await uow.cipher.person_keys.load([reason_owner])
    uow.session.add(
        EscalationRow(
            id=esc_id,
            code=code,
            kind=kind,
            urgent=urgent,
            subject_id=subject.id if subject else None,
            opened_by=opened_by.id if opened_by else None,
            pair_id=pair_id,
            status=OPEN,
            reason=uow.cipher.encrypt_opt(
                reason,
                table="escalations",
                column="reason",
                row_id=esc_id,
                owner=reason_owner,
            ),
            created_at=now,
            next_alert_at=now + timedelta(minutes=ctx.settings.escalation.reminder_minutes),
        )
    )
    await uow.session.flush()
    await alert_coordinators(uow, ctx, esc_id, code, kind, subject, urgent, now)
    return Opened(esc_id, code)


async def _on_duty(uow: UnitOfWork, subject_id: str | None) -> list[Person]:
    return [
        c
        for c in await uow.people.coordinators()
        if not c.suspended and (subject_id is None or c.id != subject_id)
    ]


async def alert_coordinators(
    uow: UnitOfWork,
    ctx: ServiceContext,
    esc_id: str,
    code: str,
    kind: str,
    subject: Person | None,
    urgent: bool,
    now: datetime,
    *,
    waited: timedelta | None = None,
) -> None:
    """Every coordinator on duty (never the subject) gets the alert with a Claim button."""
    for coordinator in await _on_duty(uow, subject.id if subject else None):
        lang = coordinator.language
        values = {
            "code": code,
            "kind": ctx.t(lang, f"escalation.kind.{kind}"),
            "subject": subject.code if subject else "—",
        }
        if waited is not None:
            text = ctx.t(lang, "escalation.realert", waited=duration(ctx, lang, waited), **values)
        else:
            text = ctx.t(
                lang, "escalation.alert_urgent" if urgent else "escalation.alert", **values
            )
        claim = ctx.buttons.button(
            coordinator.id, ctx.t(lang, "escalation.claim_button"), CLAIM_ACTION, esc_id
        )
        await say(uow, coordinator, text, keyboard=[[claim]], ref=(ALERT_REF, esc_id))


async def realert(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Escalations still unclaimed at ``next_alert_at`` are announced again to every
    coordinator; the next reminder is due ``reminder_minutes`` later. Returns how many."""
    now = ctx.clock.now()
    postgres = uow.session.get_bind().dialect.name == "postgresql"
    rows = await uow.repo(CoordStore).due_realerts(now, postgres)
    for row in rows:
        subject = await uow.people.get(row.subject_id) if row.subject_id else None
        await alert_coordinators(
            uow,
            ctx,
            row.id,
            row.code,
            row.kind,
            subject,
            row.urgent,
            now,
            waited=now - row.created_at,
        )
        row.next_alert_at = now + timedelta(minutes=ctx.settings.escalation.reminder_minutes)
    return len(rows)


# ---- claiming and resolving ----------------------------------------------------------------


async def claim(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation) -> bool:
    """Claims for this coordinator; anyone else who was alerted sees it claimed."""
    if not coordinator.is_coordinator or coordinator.suspended:
        # A Claim button kept from before this person stopped being a coordinator.
        await reply(uow, ctx, coordinator, "errors.button_expired")
        return False
    store = uow.repo(CoordStore)
    now = ctx.clock.now()
    if esc.status != OPEN or not await store.claim(esc.id, coordinator.id, now):
        fresh = await store.escalation(esc.id) or esc
        outcome = await _already(uow, ctx, coordinator, fresh)
        await audit.record(uow, coordinator, "esc.claim", targets=[esc.code], outcome=outcome)
        return False
    esc.status, esc.claimed_by, esc.claimed_at = CLAIMED, coordinator.id, now
    await audit.record(uow, coordinator, "esc.claim", targets=[esc.code])
    await _show_state(uow, ctx, esc, coordinator, "escalation.alert_claimed")
    await send_details(uow, ctx, coordinator, esc)
    return True


async def _already(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation
) -> str:
    """Answers a claim that came too late; returns the audit outcome."""
    if esc.status == RESOLVED:
        await reply(uow, ctx, coordinator, "escalation.already_resolved", code=esc.code)
        return "resolved"
    holder = await uow.people.get(esc.claimed_by) if esc.claimed_by else None
    if holder is not None and holder.id == coordinator.id:
        await send_details(uow, ctx, coordinator, esc)
        return "mine"
    await reply(
        uow, ctx, coordinator, "escalation.already_claimed", code=esc.code, by=label(holder)
    )
    return "taken"


async def send_details(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation
) -> None:
    """What the coordinator in charge needs: who, why, which conversation, and what next."""
    lang = coordinator.language
    subject = await uow.people.get(esc.subject_id) if esc.subject_id else None
    opener = await uow.people.get(esc.opened_by) if esc.opened_by else None
    pair_code = "—"
    if esc.pair_id:
        pair = await uow.repo(PairsRepository).get(esc.pair_id)
        pair_code = pair.code if pair else "—"
    text = ctx.t(
        lang,
        "escalation.details",
        code=esc.code,
        kind=ctx.t(lang, f"escalation.kind.{esc.kind}"),
        subject=label(subject),
        opener=label(opener),
        pair=pair_code,
        reason=esc.reason or "—",
        ago=since(ctx, lang, esc.created_at),
        subject_code=subject.code if subject else "CODE",
    )
    resolve = ctx.buttons.button(
        coordinator.id, ctx.t(lang, "escalation.resolve_button"), RESOLVE_ACTION, esc.id
    )
    await say(uow, coordinator, text, keyboard=[[resolve]])


async def resolve(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation, note: str
) -> bool:
    if esc.status == RESOLVED:
        await reply(uow, ctx, coordinator, "escalation.already_resolved", code=esc.code)
        await audit.record(uow, coordinator, "esc.resolve", targets=[esc.code], outcome="done")
        return False
    now = ctx.clock.now()
    await uow.repo(CoordStore).resolve(
        esc, coordinator.id, note, now, drop_reason=esc.kind in MESSAGE_REASONS
    )
    esc.status = RESOLVED
    await audit.record(
        uow, coordinator, "esc.resolve", targets=[esc.code], detail=note, about=esc.subject_id
    )
    await _show_state(uow, ctx, esc, coordinator, "escalation.alert_resolved")
    await reply(uow, ctx, coordinator, "escalation.resolved", code=esc.code)
    return True


async def _show_state(
    uow: UnitOfWork, ctx: ServiceContext, esc: Escalation, actor: Person, key: str
) -> None:
    """Edits every alert of this escalation to show its state (the Claim button goes away);
    a coordinator whose alert has no message id yet gets one short message instead."""
    rows = (
        await uow.session.execute(
            select(OutboxRow.person_id, OutboxRow.tg_message_id, OutboxRow.status).where(
                OutboxRow.ref_kind == ALERT_REF, OutboxRow.ref_id == esc.id
            )
        )
    ).all()
    subject = await uow.people.get(esc.subject_id) if esc.subject_id else None
    told: set[str] = set()
    for person_id, message_id, status in rows:
        if status in ("dead", "cancelled"):
            continue
        coordinator = await uow.people.get(person_id)
        if coordinator is None:
            continue
        lang = coordinator.language
        text = ctx.t(
            lang,
            key,
            code=esc.code,
            kind=ctx.t(lang, f"escalation.kind.{esc.kind}"),
            subject=subject.code if subject else "—",
            by=label(actor),
        )
        if message_id is not None:
            await uow.outbox.add(
                OutgoingMessage(
                    coordinator.id, "editMessageText", {"message_id": message_id, "text": text}
                )
            )
        elif coordinator.id not in told and coordinator.id != actor.id:
            await say(uow, coordinator, text)
        told.add(coordinator.id)
