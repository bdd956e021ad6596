"""Escalations: open → claimed → resolved (with a note), by level, one per person at a time.

Each has a level: urgent (``/sos``, a message assessed urgent, "in danger" answers), concern
(worrying words) or routine (a referral, a report, a low check-in). A new signal about someone
with an unresolved escalation is **added to it** (reason appended, counted, level raised if
higher) instead of opening another: a rise in level re-alerts at once, as urgent; otherwise the
coordinators hear of it at most once per ``escalation.reminder_minutes``. A report is never
merged: it is about someone's conduct and its words belong to the reporter. Someone who never
consented (a stranger) opens at most one escalation per ``escalation.stranger_window_hours``;
a suspended person none.

Alerts go to the coordinators on duty (``oncall``), or to every coordinator when nobody is;
one still unclaimed after ``escalation.escalate_to_all_minutes`` goes to everyone. Unclaimed,
it is announced again every ``escalation.urgent_reminder_minutes`` (urgent) or
``escalation.reminder_minutes`` (the rest). Urgent alerts overtake routine messages queued for
the same coordinator. Never to the person it is about.

The alerts are outbox rows with ``ref_kind="esc_alert"``: once delivered they carry their
Telegram message id, so claiming or resolving edits every alert in place (the button disappears
and the state shows); an alert not delivered yet gets a short follow-up message instead. Alerts
show only the kind and the person's code; the reason and the person's pseudonym go to the
coordinator who claims it (need to know).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.domain.people import Person, new_code
from bot.domain.risk import RiskLevel
from bot.services import audit, oncall
from bot.services.context import ServiceContext
from bot.services.coord_common import Command, duration, label, reply, since
from bot.services.coord_store import CLAIMED, OPEN, RESOLVED, CoordStore, Escalation
from bot.services.outbox import say
from bot.storage.orm import EscalationRow, OutboxRow, escalation_reason_owner, new_id
from bot.storage.pairs_repo import PairsRepository
from bot.storage.repositories import OutgoingMessage
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

CLAIM_ACTION = "esc.claim"
RESOLVE_ACTION = "esc.resolve"
ALERT_REF = "esc_alert"
# Reasons that are a participant's own message: dropped once the escalation is resolved.
MESSAGE_REASONS = frozenset({"automatic"})
# The merged reasons of one escalation stay readable: the newest words are kept.
REASON_MAX = 2000
SPAM = "spam"


@dataclass(frozen=True)
class Opened:
    """What a signal did: ``id``/``code`` of the escalation it opened or joined (None when it
    was refused: a stranger over the limit, a suspended person)."""

    id: str | None
    code: str | None
    opened: bool = False
    merged: bool = False
    raised: bool = False
    alerted: bool = False


def stranger(person: Person) -> bool:
    """Never consented, or not onboarded yet: no role in the network (a seeker becomes one at
    the end of onboarding, a peer on approval)."""
    if person.consent_at is None:
        return True
    return not (person.is_seeker or person.is_peer or person.is_coordinator)


def _level(level: RiskLevel | int | None, urgent: bool) -> int:
    value = int(level) if level is not None else int(RiskLevel.NONE)
    return max(value, int(RiskLevel.URGENT)) if urgent else value


def _reminder(ctx: ServiceContext, level: int) -> timedelta:
    cfg = ctx.settings.escalation
    urgent = level >= RiskLevel.URGENT
    return timedelta(minutes=cfg.urgent_reminder_minutes if urgent else cfg.reminder_minutes)


async def open_escalation(
    uow: UnitOfWork,
    ctx: ServiceContext,
    *,
    kind: str,
    subject: Person | None,
    opened_by: Person | None,
    reason: str | None = None,
    urgent: bool = False,
    level: RiskLevel | int | None = None,
    pair_id: str | None = None,
) -> Opened:
    """A signal about ``subject``: joins their unresolved escalation, or opens one and alerts
    the coordinators on duty (everyone when nobody is)."""
    now = ctx.clock.now()
    value = _level(level, urgent)
    store = uow.repo(CoordStore)
    if subject is not None:
        await uow.cipher.person_keys.load([subject.id])
        existing = await store.open_about(subject.id) if kind != "report" else None
        if existing is not None:
            return await _merge(uow, ctx, existing, subject, value, reason, now)
        if opened_by is not None and opened_by.id == subject.id and subject.suspended:
            # Suspension is a hard stop; the person still got the crisis lines from the caller.
            log.info("escalation refused: subject suspended", extra={"kind": kind})
            return Opened(None, None)
        if stranger(subject):
            window = timedelta(hours=ctx.settings.escalation.stranger_window_hours)
            if await store.opened_since(subject.id, now - window):
                # Someone who never joined can alert coordinators once per window: a flood of
                # /sos from a stranger must not bury a real crisis (they still get the lines).
                log.info("escalation refused: stranger limit", extra={"kind": kind})
                return Opened(None, None)
    esc_id = new_id()
    code = "E" + new_code()[:5]
    # The reason is its writer's: the opener's (a report is the reporter's data), else the
    # subject's own words (automatic).
    reason_owner = escalation_reason_owner(
        opened_by.id if opened_by else None, subject.id if subject else None
    )
    if reason_owner is not None:
        await uow.cipher.person_keys.load([reason_owner])
    heard = await oncall.audience(uow, ctx, subject.id if subject else None, now)
    to_all = timedelta(minutes=ctx.settings.escalation.escalate_to_all_minutes)
    row = EscalationRow(
        id=esc_id,
        code=code,
        kind=kind,
        level=value,
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
        next_alert_at=now + _reminder(ctx, value),
        signals=1,
        last_signal_at=now,
        alerted_at=now,
        widen_at=now + to_all if heard.on_duty_only else None,
    )
    uow.session.add(row)
    await uow.session.flush()
    await _alert(uow, ctx, row, subject, heard.people, "new", now)
    return Opened(esc_id, code, opened=True, alerted=True)


async def _merge(
    uow: UnitOfWork,
    ctx: ServiceContext,
    row: EscalationRow,
    subject: Person,
    level: int,
    reason: str | None,
    now: datetime,
) -> Opened:
    """No signal is dropped: it joins the open escalation, and the coordinators hear of it (at
    once if the level rose, else at most once per reminder period)."""
    row.signals += 1
    row.last_signal_at = now
    if reason:
        # The reason stays its first writer's (a referral's words are the referrer's).
        owner = escalation_reason_owner(row.opened_by, row.subject_id) or subject.id
        await uow.cipher.person_keys.load([owner])
        old = uow.cipher.decrypt_opt(
            row.reason, table="escalations", column="reason", row_id=row.id
        )
        merged = f"{old}\n— {reason}" if old else reason
        if len(merged) > REASON_MAX:
            merged = "…" + merged[-(REASON_MAX - 1) :]
        row.reason = uow.cipher.encrypt(
            merged, table="escalations", column="reason", row_id=row.id, owner=owner
        )
    raised = level > row.level
    if raised:
        row.level = level
    pace = timedelta(minutes=ctx.settings.escalation.reminder_minutes)
    due = raised or row.alerted_at is None or now - row.alerted_at >= pace
    if not due:
        return Opened(row.id, row.code, merged=True)
    row.alerted_at = now
    if row.status == CLAIMED and row.claimed_by:
        holder = await uow.people.get(row.claimed_by)
        if holder is not None and not holder.suspended:
            await _tell_holder(uow, ctx, row, subject, holder, raised)
            return Opened(row.id, row.code, merged=True, raised=raised, alerted=True)
    if row.status == CLAIMED:
        return Opened(row.id, row.code, merged=True, raised=raised)
    heard = await oncall.audience(uow, ctx, subject.id, now)
    if not heard.on_duty_only:
        row.widen_at = None
    row.next_alert_at = now + _reminder(ctx, row.level)
    await _alert(uow, ctx, row, subject, heard.people, "raised" if raised else "again", now)
    return Opened(row.id, row.code, merged=True, raised=raised, alerted=True)


async def _tell_holder(
    uow: UnitOfWork,
    ctx: ServiceContext,
    row: EscalationRow,
    subject: Person,
    holder: Person,
    raised: bool,
) -> None:
    lang = holder.language
    text = ctx.t(
        lang,
        "escalation.again_claimed_urgent" if raised else "escalation.again_claimed",
        code=row.code,
        kind=ctx.t(lang, f"escalation.kind.{row.kind}"),
        subject=subject.code,
        signals=row.signals,
    )
    await say(uow, holder, text, urgent=row.level >= RiskLevel.URGENT)


_TEXTS = {
    "new": {
        int(RiskLevel.URGENT): "escalation.alert_urgent",
        int(RiskLevel.CONCERN): "escalation.alert_concern",
        int(RiskLevel.NONE): "escalation.alert",
    },
    "raised": {level: "escalation.raised" for level in (0, 1, 2)},
    "again": {level: "escalation.again" for level in (0, 1, 2)},
    "reminder": {
        int(RiskLevel.URGENT): "escalation.realert_urgent",
        int(RiskLevel.CONCERN): "escalation.realert",
        int(RiskLevel.NONE): "escalation.realert",
    },
    "widened": {level: "escalation.widened" for level in (0, 1, 2)},
}


async def _alert(
    uow: UnitOfWork,
    ctx: ServiceContext,
    row: EscalationRow,
    subject: Person | None,
    people: list[Person],
    what: str,
    now: datetime,
) -> None:
    """One alert with a Claim button to each of ``people`` (never the subject)."""
    level = min(max(row.level, 0), int(RiskLevel.URGENT))
    for coordinator in people:
        if subject is not None and coordinator.id == subject.id:
            continue
        lang = coordinator.language
        text = ctx.t(
            lang,
            _TEXTS[what][level],
            code=row.code,
            kind=ctx.t(lang, f"escalation.kind.{row.kind}"),
            subject=subject.code if subject else "—",
            waited=duration(ctx, lang, now - row.created_at),
            signals=row.signals,
        )
        claim = ctx.buttons.button(
            coordinator.id, ctx.t(lang, "escalation.claim_button"), CLAIM_ACTION, row.id
        )
        await say(
            uow,
            coordinator,
            text,
            keyboard=[[claim]],
            ref=(ALERT_REF, row.id),
            urgent=level >= RiskLevel.URGENT,
        )


async def realert(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """The sweep: escalations unclaimed by the coordinators on duty after
    ``escalate_to_all_minutes`` go to everyone; unclaimed ones are announced again when due
    (urgent every ``urgent_reminder_minutes``). Returns how many alerts rounds were sent."""
    now = ctx.clock.now()
    postgres = uow.session.get_bind().dialect.name == "postgresql"
    store = uow.repo(CoordStore)
    done = 0
    for row in await store.orphaned_claims():
        # Its holder was suspended or stopped being a coordinator: open again, announced to
        # everyone at once below.
        log.info("escalation reopened: holder can no longer act", extra={"code": row.code})
        row.status, row.claimed_by, row.claimed_at = OPEN, None, None
        row.next_alert_at, row.widen_at = now, None
    for row in await store.due_widenings(now, postgres):
        subject = await uow.people.get(row.subject_id) if row.subject_id else None
        alerted = await _alerted_ids(uow, row.id)
        rest = [c for c in await oncall.coordinators(uow, row.subject_id) if c.id not in alerted]
        row.widen_at = None
        if rest:
            await _alert(uow, ctx, row, subject, rest, "widened", now)
            row.alerted_at = now
            row.next_alert_at = now + _reminder(ctx, row.level)
            done += 1
    for row in await store.due_realerts(now, postgres):
        subject = await uow.people.get(row.subject_id) if row.subject_id else None
        if row.widen_at is not None:
            heard = await oncall.audience(uow, ctx, row.subject_id, now)
            if not heard.on_duty_only:
                row.widen_at = None
            people = heard.people
        else:
            people = await oncall.coordinators(uow, row.subject_id)
        await _alert(uow, ctx, row, subject, people, "reminder", now)
        row.alerted_at = now
        row.next_alert_at = now + _reminder(ctx, row.level)
        done += 1
    return done


async def _alerted_ids(uow: UnitOfWork, esc_id: str) -> set[str]:
    rows = await uow.session.execute(
        select(OutboxRow.person_id).where(
            OutboxRow.ref_kind == ALERT_REF, OutboxRow.ref_id == esc_id
        )
    )
    return set(rows.scalars())


async def sos(uow: UnitOfWork, ctx: ServiceContext, person: Person, crisis: str) -> None:
    """/sos: the crisis lines are the very next message, every time (with, when nobody is on
    duty, when a coordinator is next expected); then an urgent escalation, or the person's open
    one updated."""
    await urgent_lines(uow, ctx, person, ctx.t(person.language, "sos.resources", crisis=crisis))
    await open_escalation(uow, ctx, kind="sos", subject=person, opened_by=person, urgent=True)


async def urgent_lines(uow: UnitOfWork, ctx: ServiceContext, person: Person, text: str) -> None:
    """Crisis lines ahead of anything else queued for this person; an honest word about who
    is on duty after them."""
    note = await oncall.nobody_note(uow, ctx, person, ctx.clock.now())
    await say(uow, person, f"{text}\n\n{note}" if note else text, urgent=True)


async def ask_note(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc_id: str) -> None:
    """The Resolve button: refused for an escalation about the coordinator pressing it (a
    crafted callback), else the note is asked for."""
    esc = await uow.repo(CoordStore).escalation(esc_id)
    if esc is not None and await refuse_own(uow, ctx, coordinator, esc, "esc.resolve"):
        return
    # Imported here: coord_notes imports this module.
    from bot.services import coord_notes

    await coord_notes.ask_resolution_note(uow, ctx, coordinator, esc_id)


def _about_self(coordinator: Person, esc: Escalation) -> bool:
    return esc.subject_id is not None and esc.subject_id == coordinator.id


async def refuse_own(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation, action: str
) -> bool:
    """A coordinator never acts on an escalation about themselves; True when refused."""
    if not _about_self(coordinator, esc):
        return False
    await reply(uow, ctx, coordinator, "escalation.about_you")
    await audit.record(uow, coordinator, action, targets=[esc.code], outcome="own")
    return True


# ---- claiming and resolving ----------------------------------------------------------------


async def claim(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation) -> bool:
    """Claims for this coordinator; anyone else who was alerted sees it claimed."""
    if not coordinator.is_coordinator or coordinator.suspended:
        # A Claim button kept from before this person stopped being a coordinator.
        await reply(uow, ctx, coordinator, "errors.button_expired")
        return False
    if await refuse_own(uow, ctx, coordinator, esc, "esc.claim"):
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
    if _about_self(coordinator, esc):
        return
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
        level=ctx.t(lang, f"escalation.level.{min(max(esc.level, 0), 2)}"),
        signals=esc.signals,
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
    if not coordinator.is_coordinator or coordinator.suspended:
        await reply(uow, ctx, coordinator, "errors.button_expired")
        return False
    if await refuse_own(uow, ctx, coordinator, esc, "esc.resolve"):
        return False
    if note.strip().lower() == SPAM:
        return await resolve_spam(uow, ctx, coordinator, esc)
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


async def resolve_spam(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation
) -> bool:
    """``/resolve CODE spam``: every unresolved escalation of that person is closed in one go,
    and the person suspended (the ordinary suspension, audited there)."""
    subject = await uow.people.get(esc.subject_id) if esc.subject_id else None
    if subject is None:
        await reply(uow, ctx, coordinator, "escalation.spam_nobody", code=esc.code)
        await audit.record(uow, coordinator, "esc.spam", targets=[esc.code], outcome="refused")
        return False
    store = uow.repo(CoordStore)
    now = ctx.clock.now()
    closed = []
    for one in await store.unresolved_of(subject.id):
        await store.resolve(one, coordinator.id, SPAM, now, drop_reason=True)
        one.status = RESOLVED
        await _show_state(uow, ctx, one, coordinator, "escalation.alert_resolved")
        closed.append(one.code)
    await audit.record(
        uow, coordinator, "esc.spam", targets=[subject.code, *closed[:10]], detail=SPAM
    )
    await reply(uow, ctx, coordinator, "escalation.spam_done", count=len(closed), who=subject.code)
    if not subject.suspended:
        # Through the one suspension there is, so it holds (and is audited) like any other.
        # Imported here: coord_people imports conversation, which opens escalations.
        from bot.services import coord_people

        await coord_people.suspend(
            uow, ctx, coordinator, Command.parse(f"/suspend {subject.code} {SPAM}")
        )
    return True
