"""The sweep that keeps an unclaimed escalation from being forgotten.

One still unclaimed by the coordinators on duty after ``escalation.escalate_to_all_minutes``
goes to everyone (widening); unclaimed, it is announced again every
``escalation.urgent_reminder_minutes`` (urgent) or ``escalation.reminder_minutes`` (the rest).
A claim whose holder can no longer act (suspended, no longer a coordinator) is opened again.
"""

from __future__ import annotations

import logging

from bot.domain.escalations import due_reminder, due_widening
from bot.services.escalations import oncall
from bot.services.escalations.alerts import alert, pace
from bot.services.shared.context import ServiceContext
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)


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
            await alert(uow, ctx, esc, subject, rest, "widened", now)
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
        await alert(uow, ctx, esc, subject, people, "reminder", now)
        esc.alerted(now, rules)
        await repo.save(esc)
        done += 1
    return done
