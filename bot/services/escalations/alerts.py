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

from bot.domain.escalations import (
    ALERT_REF,
    Escalation,
    Pace,
    Status,
    due_reminder,
    due_widening,
    is_stranger,
    level_of,
    merges,
    shown_level,
)
from bot.domain.people import Person
from bot.domain.risk import RiskLevel
from bot.services.escalations import oncall
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import (
    ESC_NOTE_FLOW,
    NOTE_ACTION,
    NOTE_STEP,
    duration,
    label,
    reply,
    since,
)
from bot.services.shared.messages import say
from bot.storage.repositories import OutgoingMessage
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

CLAIM_ACTION = "esc.claim"
RESOLVE_ACTION = "esc.resolve"
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
    """Never consented, or not onboarded yet (see ``bot.domain.escalations.is_stranger``)."""
    return is_stranger(person)


def pace(ctx: ServiceContext) -> Pace:
    cfg = ctx.settings.escalation
    return Pace(
        reminder=timedelta(minutes=cfg.reminder_minutes),
        urgent_reminder=timedelta(minutes=cfg.urgent_reminder_minutes),
        to_all=timedelta(minutes=cfg.escalate_to_all_minutes),
    )


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
    value = level_of(level, urgent)
    repo = uow.escalations
    if subject is not None:
        existing = await repo.open_about(subject.id) if merges(kind) else None
        if existing is not None:
            return await _merge(uow, ctx, existing, subject, value, reason, now)
        if opened_by is not None and opened_by.id == subject.id and subject.suspended:
            # Suspension is a hard stop; the person still got the crisis lines from the caller.
            log.info("escalation refused: subject suspended", extra={"kind": kind})
            return Opened(None, None)
        if is_stranger(subject):
            window = timedelta(hours=ctx.settings.escalation.stranger_window_hours)
            if await repo.opened_since(subject.id, now - window):
                # Someone who never joined can alert coordinators once per window: a flood of
                # /sos from a stranger must not bury a real crisis (they still get the lines).
                log.info("escalation refused: stranger limit", extra={"kind": kind})
                return Opened(None, None)
    heard = await oncall.audience(uow, ctx, subject.id if subject else None, now)
    # The reason is its writer's: the opener's (a report is the reporter's data), else the
    # subject's own words (automatic); storage seals it so.
    esc = Escalation.open(
        kind=kind,
        level=value,
        now=now,
        pace=pace(ctx),
        on_duty_only=heard.on_duty_only,
        subject_id=subject.id if subject else None,
        opened_by=opened_by.id if opened_by else None,
        pair_id=pair_id,
        reason=reason,
    )
    await repo.add(esc)
    await _alert(uow, ctx, esc, subject, heard.people, "new", now)
    return Opened(esc.id, esc.code, opened=True, alerted=True)


async def _merge(
    uow: UnitOfWork,
    ctx: ServiceContext,
    esc: Escalation,
    subject: Person,
    level: int,
    reason: str | None,
    now: datetime,
) -> Opened:
    """No signal is dropped: it joins the open escalation, and the coordinators hear of it (at
    once if the level rose, else at most once per reminder period)."""
    rules = pace(ctx)
    signal = esc.add_signal(level, reason, now, rules.reminder)
    try:
        if not signal.alert:
            return Opened(esc.id, esc.code, merged=True)
        raised = signal.raised
        if esc.status is Status.CLAIMED and esc.claimed_by:
            holder = await uow.people.get(esc.claimed_by)
            if holder is not None and not holder.suspended:
                await _tell_holder(uow, ctx, esc, subject, holder, raised)
                return Opened(esc.id, esc.code, merged=True, raised=raised, alerted=True)
        if esc.status is Status.CLAIMED:
            return Opened(esc.id, esc.code, merged=True, raised=raised)
        heard = await oncall.audience(uow, ctx, subject.id, now)
        esc.rearm(now, rules, on_duty_only=heard.on_duty_only)
        await _alert(uow, ctx, esc, subject, heard.people, "raised" if raised else "again", now)
        return Opened(esc.id, esc.code, merged=True, raised=raised, alerted=True)
    finally:
        await uow.escalations.save(esc)


async def _tell_holder(
    uow: UnitOfWork,
    ctx: ServiceContext,
    esc: Escalation,
    subject: Person,
    holder: Person,
    raised: bool,
) -> None:
    lang = holder.language
    text = ctx.t(
        lang,
        "escalation.again_claimed_urgent" if raised else "escalation.again_claimed",
        code=esc.code,
        kind=ctx.t(lang, f"escalation.kind.{esc.kind}"),
        subject=subject.code,
        signals=esc.signals,
    )
    await say(uow, holder, text, urgent=esc.urgent)


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
    esc: Escalation,
    subject: Person | None,
    people: list[Person],
    what: str,
    now: datetime,
) -> None:
    """One alert with a Claim button to each of ``people`` (never the subject)."""
    level = shown_level(esc.level)
    for coordinator in people:
        if subject is not None and coordinator.id == subject.id:
            continue
        lang = coordinator.language
        text = ctx.t(
            lang,
            _TEXTS[what][level],
            code=esc.code,
            kind=ctx.t(lang, f"escalation.kind.{esc.kind}"),
            subject=subject.code if subject else "—",
            waited=duration(ctx, lang, now - esc.created_at),
            signals=esc.signals,
        )
        claim = ctx.buttons.button(
            coordinator.id, ctx.t(lang, "escalation.claim_button"), CLAIM_ACTION, esc.id
        )
        await say(
            uow,
            coordinator,
            text,
            keyboard=[[claim]],
            ref=(ALERT_REF, esc.id),
            urgent=level >= RiskLevel.URGENT,
        )


async def realert(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """The sweep: escalations unclaimed by the coordinators on duty after
    ``escalate_to_all_minutes`` go to everyone; unclaimed ones are announced again when due
    (urgent every ``urgent_reminder_minutes``). Returns how many alerts rounds were sent."""
    now = ctx.clock.now()
    repo = uow.escalations
    rules = pace(ctx)
    done = 0
    for esc in await repo.orphaned_claims():
        # Its holder was suspended or stopped being a coordinator: open again, announced to
        # everyone at once below.
        log.info("escalation reopened: holder can no longer act", extra={"code": esc.code})
        esc.reopen(now)
        await repo.save(esc)
    for esc in await repo.due_widenings(now):
        if not due_widening(esc, now):
            continue
        subject = await uow.people.get(esc.subject_id) if esc.subject_id else None
        alerted = await repo.alerted_people(esc.id)
        rest = [c for c in await oncall.coordinators(uow, esc.subject_id) if c.id not in alerted]
        esc.widen_at = None
        if rest:
            await _alert(uow, ctx, esc, subject, rest, "widened", now)
            esc.alerted(now, rules)
            done += 1
        await repo.save(esc)
    for esc in await repo.due_reminders(now):
        if not due_reminder(esc, now):
            continue
        subject = await uow.people.get(esc.subject_id) if esc.subject_id else None
        if esc.widen_at is not None:
            heard = await oncall.audience(uow, ctx, esc.subject_id, now)
            if not heard.on_duty_only:
                esc.widen_at = None
            people = heard.people
        else:
            people = await oncall.coordinators(uow, esc.subject_id)
        await _alert(uow, ctx, esc, subject, people, "reminder", now)
        esc.alerted(now, rules)
        await repo.save(esc)
        done += 1
    return done


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


def _may_act(person: Person) -> bool:
    return person.is_coordinator and not person.suspended


async def ask_note(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc_id: str) -> None:
    """The Resolve button: refused for an escalation about the coordinator pressing it (a
    crafted callback), else the note is asked for."""
    esc = await uow.escalations.get(esc_id)
    if esc is not None and await refuse_own(uow, ctx, coordinator, esc, "esc.resolve"):
        return
    await ask_resolution_note(uow, ctx, coordinator, esc_id)


async def ask_resolution_note(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc_id: str
) -> None:
    """The next text this coordinator sends becomes the note (see ``coord_notes``)."""
    esc = await uow.escalations.get(esc_id)
    if esc is None or not _may_act(coordinator):
        await reply(uow, ctx, coordinator, "errors.button_expired")
        return
    if esc.status is Status.RESOLVED:
        await reply(uow, ctx, coordinator, "escalation.already_resolved", code=esc.code)
        return
    state = await uow.flows.set(
        coordinator.id, ESC_NOTE_FLOW, NOTE_STEP, {"esc_id": esc.id}, ctx.clock.now()
    )
    cancel = ctx.buttons.button(
        coordinator.id,
        ctx.t(coordinator.language, "coord.note.cancel"),
        NOTE_ACTION,
        state.nonce,
        "cancel",
    )
    await reply(uow, ctx, coordinator, "escalation.ask_note", code=esc.code, keyboard=[[cancel]])


async def refuse_own(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation, action: str
) -> bool:
    """A coordinator never acts on an escalation about themselves; True when refused."""
    if not esc.about(coordinator.id):
        return False
    await reply(uow, ctx, coordinator, "escalation.about_you")
    await audit.record(uow, coordinator, action, targets=[esc.code], outcome="own")
    return True


# ---- claiming and resolving ----------------------------------------------------------------


async def claim(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation) -> bool:
    """Claims for this coordinator; anyone else who was alerted sees it claimed."""
    if not _may_act(coordinator):
        # A Claim button kept from before this person stopped being a coordinator.
        await reply(uow, ctx, coordinator, "errors.button_expired")
        return False
    if await refuse_own(uow, ctx, coordinator, esc, "esc.claim"):
        return False
    repo = uow.escalations
    now = ctx.clock.now()
    if esc.status is not Status.OPEN or not await repo.claim(esc.id, coordinator.id, now):
        fresh = await repo.get(esc.id) or esc
        outcome = await _already(uow, ctx, coordinator, fresh)
        await audit.record(uow, coordinator, "esc.claim", targets=[esc.code], outcome=outcome)
        return False
    esc.claim(coordinator.id, now)
    await audit.record(uow, coordinator, "esc.claim", targets=[esc.code])
    await _show_state(uow, ctx, esc, coordinator, "escalation.alert_claimed")
    await send_details(uow, ctx, coordinator, esc)
    return True


async def _already(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation
) -> str:
    """Answers a claim that came too late; returns the audit outcome."""
    if esc.status is Status.RESOLVED:
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
    if esc.about(coordinator.id):
        return
    lang = coordinator.language
    subject = await uow.people.get(esc.subject_id) if esc.subject_id else None
    opener = await uow.people.get(esc.opened_by) if esc.opened_by else None
    pair_code = "—"
    if esc.pair_id:
        pair = await uow.pairs.get(esc.pair_id)
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
        level=ctx.t(lang, f"escalation.level.{shown_level(esc.level)}"),
        signals=esc.signals,
        ago=since(ctx, lang, esc.created_at),
        subject_code=subject.code if subject else "CODE",
    )
    resolve = ctx.buttons.button(
        coordinator.id, ctx.t(lang, "escalation.resolve_button"), RESOLVE_ACTION, esc.id
    )
    await say(uow, coordinator, text, keyboard=[[resolve]])


def is_spam(note: str) -> bool:
    """``/resolve CODE spam``: the note that closes all of someone's escalations at once."""
    return note.strip().lower() == SPAM


async def resolve(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation, note: str
) -> bool:
    """Resolves with ``note``. A spam note closes every unresolved escalation of that person
    (``resolve_spam``); suspending them is the caller's part (``coord_people.resolve``)."""
    if not _may_act(coordinator):
        await reply(uow, ctx, coordinator, "errors.button_expired")
        return False
    if await refuse_own(uow, ctx, coordinator, esc, "esc.resolve"):
        return False
    if is_spam(note):
        return await resolve_spam(uow, ctx, coordinator, esc)
    if esc.status is Status.RESOLVED:
        await reply(uow, ctx, coordinator, "escalation.already_resolved", code=esc.code)
        await audit.record(uow, coordinator, "esc.resolve", targets=[esc.code], outcome="done")
        return False
    esc.resolve(coordinator.id, note, ctx.clock.now())
    await uow.escalations.save(esc)
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
    sent = await uow.escalations.alerts(esc.id)
    subject = await uow.people.get(esc.subject_id) if esc.subject_id else None
    told: set[str] = set()
    for alert in sent:
        if alert.status in ("dead", "cancelled"):
            continue
        coordinator = await uow.people.get(alert.person_id)
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
        if alert.message_id is not None:
            await uow.outbox.add(
                OutgoingMessage(
                    coordinator.id,
                    "editMessageText",
                    {"message_id": alert.message_id, "text": text},
                )
            )
        elif coordinator.id not in told and coordinator.id != actor.id:
            await say(uow, coordinator, text)
        told.add(coordinator.id)


async def resolve_spam(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation
) -> bool:
    """``/resolve CODE spam``: every unresolved escalation of that person is closed in one go
    (the suspension that goes with it is ``coord_people.resolve``'s)."""
    subject = await uow.people.get(esc.subject_id) if esc.subject_id else None
    if subject is None:
        await reply(uow, ctx, coordinator, "escalation.spam_nobody", code=esc.code)
        await audit.record(uow, coordinator, "esc.spam", targets=[esc.code], outcome="refused")
        return False
    repo = uow.escalations
    now = ctx.clock.now()
    closed = []
    for one in await repo.unresolved_of(subject.id):
        one.resolve(coordinator.id, SPAM, now, spam=True)
        await repo.save(one)
        await _show_state(uow, ctx, one, coordinator, "escalation.alert_resolved")
        closed.append(one.code)
    await audit.record(
        uow, coordinator, "esc.spam", targets=[subject.code, *closed[:10]], detail=SPAM
    )
    await reply(uow, ctx, coordinator, "escalation.spam_done", count=len(closed), who=subject.code)
    return True
