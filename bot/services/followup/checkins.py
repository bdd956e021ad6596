"""Check-ins: every ``checkins.every_days`` each side of an active pair is asked how it goes,
in their own time zone and outside quiet hours. Rows with a due time drive it, so downtime
delays a check-in but never loses or doubles it."""

from __future__ import annotations

from bot.domain.checkins import (
    AskAction,
    Checkin,
    CheckinPolicy,
    CheckinStatus,
    Side,
    ask_decision,
    plan_checkins,
    unanswered_streak,
)
from bot.domain.events import HeavyCheckin
from bot.domain.pairs import Pair
from bot.domain.people import Person
from bot.services.escalations.alerts import open_escalation
from bot.services.shared import counts, directory
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.checkins_repo import PLAN_BATCH as PLAN_BATCH
from bot.storage.uow import UnitOfWork

ANSWER_ACTION = "ci.a"


def policy(ctx: ServiceContext) -> CheckinPolicy:
    c = ctx.settings.checkins
    return CheckinPolicy(
        every_days=c.every_days,
        max_unanswered=c.max_unanswered,
        quiet_start=c.quiet_start,
        quiet_end=c.quiet_end,
        default_zone=c.timezone,
    )


async def plan(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Gives each side of each active pair its next check-in, unless one is pending or it has
    gone unanswered ``checkins.max_unanswered`` times in a row (then it stops, marked)."""
    if not await uow.checkins.take_planning_lock():
        return 0
    sides = await uow.checkins.unplanned_sides()
    if not sides:
        return 0
    history = await uow.checkins.history(side.pair_id for side in sides)
    zones = await uow.checkins.timezones(side.person_id for side in sides)
    decided = plan_checkins(sides, history, zones, policy(ctx), ctx.clock.now())
    await uow.checkins.add_planned(decided.planned)
    return decided.asked


async def send_due(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Asks every check-in now due; one found inside quiet hours (after downtime) waits for
    the morning instead."""
    now = ctx.clock.now()
    due = await uow.checkins.due(now)
    if not due:
        return 0
    pairs = await uow.pairs.get_many(c.pair_id for c in due)
    people = await uow.people.get_many(
        pid for p in pairs.values() for pid in (p.seeker_id, p.peer_id)
    )
    rules = policy(ctx)
    sent = 0
    for checkin in due:
        person = people.get(checkin.person_id)
        pair = pairs.get(checkin.pair_id)
        decision = ask_decision(person, pair, rules, now)
        if decision.action == AskAction.CANCEL:
            checkin.cancel()
        elif decision.action == AskAction.WAIT:
            assert decision.at is not None
            checkin.postpone(decision.at)
        else:
            assert person is not None and pair is not None
            other = people.get(pair.other(person.id))
            await _ask(uow, ctx, person, checkin, other.display_name if other else "")
            checkin.mark_sent(now)
            sent += 1
        await uow.checkins.save(checkin)
    return sent


async def _ask(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, checkin: Checkin, other: str
) -> None:
    lang = person.language

    def b(key: str, code: str) -> dict[str, str]:
        return ctx.buttons.button(person.id, ctx.t(lang, key), ANSWER_ACTION, checkin.id, code)

    if checkin.role == Side.SEEKER:
        text = ctx.t(lang, "checkin.seeker_question", name=other)
        keyboard = [
            [b(f"checkin.score_{n}", str(n)) for n in range(1, 6)],
            [b("checkin.another", "other")],
            [b("checkin.urgent", "urgent")],
        ]
    else:
        text = ctx.t(lang, "checkin.peer_question", name=other)
        keyboard = [
            [b("checkin.fine", "fine"), b("checkin.heavy", "heavy")],
            [b("checkin.break", "break")],
            [b("checkin.coordinator", "coord")],
        ]
    await say(uow, person, text, keyboard=keyboard)


async def expire_unanswered(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """A question left unanswered until the next one is due lapses; after
    ``checkins.max_unanswered`` in a row the coordinators are told (once)."""
    rules = policy(ctx)
    # A question has a full period to be answered, from when it was asked.
    lapsed = await uow.checkins.asked_before(ctx.clock.now() - rules.period)
    for checkin in lapsed:
        checkin.expire()
        await uow.checkins.save(checkin)
        await counts.bump(uow, f"checkin.{checkin.role}.unanswered")
        streak = unanswered_streak(await uow.checkins.statuses(checkin.pair_id, checkin.person_id))
        if streak == rules.max_unanswered:
            person = await uow.people.get(checkin.person_id)
            pair = await uow.pairs.get(checkin.pair_id)
            for coordinator in await uow.people.coordinators():
                await say(
                    uow,
                    coordinator,
                    ctx.t(
                        coordinator.language,
                        "checkin.unanswered_alert",
                        code=person.code if person else "?",
                        pair=pair.code if pair else "?",
                        count=streak,
                    ),
                )
    return len(lapsed)


async def sweep(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """The scheduler's one entry point for check-ins."""
    return await expire_unanswered(uow, ctx) + await plan(uow, ctx) + await send_due(uow, ctx)


async def answer(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, checkin_id: str, code: str
) -> None:
    """Records an answer once and acts on it; a second press says it was already noted."""
    checkin = await uow.checkins.get(checkin_id)
    if checkin is None or not checkin.accepts(person.id, code):
        await say(uow, person, ctx.t(person.language, "errors.button_expired"))
        return
    if checkin.status != CheckinStatus.SENT:
        await say(uow, person, ctx.t(person.language, "checkin.already_answered"))
        return
    checkin.record_answer(ctx.clock.now())
    await uow.checkins.save(checkin, answer=code)
    await counts.bump(uow, f"checkin.{checkin.role}.{code}")
    pair = await uow.pairs.get(checkin.pair_id)
    if checkin.role == Side.SEEKER:
        await _seeker_answer(uow, ctx, person, pair, code)
    else:
        await _peer_answer(uow, ctx, person, pair, code)


async def _seeker_answer(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair: Pair | None, code: str
) -> None:
    lang = person.language
    if code == "urgent":
        await say(
            uow,
            person,
            ctx.t(
                lang, "checkin.urgent_reply", crisis=await directory.crisis_lines(uow, ctx, lang)
            ),
        )
        await open_escalation(
            uow,
            ctx,
            kind="checkin",
            subject=person,
            opened_by=person,
            urgent=True,
            pair_id=pair.id if pair else None,
            reason="check-in: urgent help",
        )
    elif code == "1":
        await say(uow, person, ctx.t(lang, "checkin.low_reply"))
        await open_escalation(
            uow,
            ctx,
            kind="checkin",
            subject=person,
            opened_by=person,
            pair_id=pair.id if pair else None,
            reason="check-in: 1/5",
        )
    elif code == "other":
        await say(uow, person, ctx.t(lang, "checkin.another_reply"))
    else:
        await say(uow, person, ctx.t(lang, "checkin.thanks"))


async def _peer_answer(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair: Pair | None, code: str
) -> None:
    lang = person.language
    if code == "break":
        person.peer_away = True
        await uow.people.save(person)
        await say(uow, person, ctx.t(lang, "checkin.break_reply"))
        for coordinator in await uow.people.coordinators():
            await say(
                uow,
                coordinator,
                ctx.t(coordinator.language, "checkin.break_alert", code=person.code),
            )
    elif code == "coord":
        await open_escalation(
            uow,
            ctx,
            kind="checkin",
            subject=person,
            opened_by=person,
            pair_id=pair.id if pair else None,
            reason="check-in: peer asks for a coordinator",
        )
        await say(uow, person, ctx.t(lang, "checkin.coordinator_reply"))
    elif code == "heavy":
        await say(uow, person, ctx.t(lang, "checkin.heavy_reply"))
        await ctx.publish(uow, HeavyCheckin(person.id))
    else:
        await say(uow, person, ctx.t(lang, "checkin.thanks"))


async def answer_counts(uow: UnitOfWork) -> dict[str, int]:
    """For /stats: answers by role and kind, including those already purged."""
    return await counts.totals(uow, "checkin.")


async def pending_count(uow: UnitOfWork) -> int:
    return await uow.checkins.open_count()
