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

Claiming and resolving (which edit these alerts) are ``claims``; the reminders and the widening
to everyone, ``reminders``.
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
    is_stranger,
    level_of,
    merges,
    shown_level,
)
from bot.domain.events import EscalationOpened
from bot.domain.people import Person
from bot.domain.risk import RiskLevel
from bot.services.escalations import oncall
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import duration
from bot.services.shared.messages import say
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

CLAIM_ACTION = "esc.claim"


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
    await alert(uow, ctx, esc, subject, heard.people, "new", now)
    await ctx.publish(uow, EscalationOpened(esc.id, kind, esc.subject_id, pair_id))
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
        await alert(uow, ctx, esc, subject, heard.people, "raised" if raised else "again", now)
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


async def alert(
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
