"""Check-ins: every ``checkins.every_days`` each side of an active pair is asked how it goes,
in their own time zone and outside quiet hours. Rows with a due time drive it, so downtime
delays a check-in but never loses or doubles it."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, literal, select, union_all

from bot.domain.pairs import ACTIVE, Pair
from bot.domain.people import Person
from bot.domain.schedule import next_allowed, zone_or_default
from bot.services import counts
from bot.services.context import ServiceContext
from bot.services.escalations import open_escalation
from bot.services.greeting import crisis_lines
from bot.services.outbox import say
from bot.storage.orm import CheckinRow, PairRow, PersonRow, new_id
from bot.storage.pairs_repo import PairsRepository
from bot.storage.uow import UnitOfWork

PLAN_BATCH = 2000
# Any fixed number: names the Postgres advisory lock that lets one process plan at a time.
PLAN_LOCK_KEY = 0x656E_7472_6169_6465 % (2**63)

ANSWER_ACTION = "ci.a"
# Short codes: they travel in 64-byte callback data next to a row id and a signature.
SEEKER_ANSWERS = ("1", "2", "3", "4", "5", "other", "urgent")
PEER_ANSWERS = ("fine", "heavy", "break", "coord")
OPEN = ("due", "sent")


def _locked(uow: UnitOfWork, query: Any) -> Any:
    # Two bot processes on one Postgres must never take the same row.
    if uow.dialect == "postgresql":
        return query.with_for_update(skip_locked=True)
    return query


def due_time(ctx: ServiceContext, person: Person, after: datetime) -> datetime:
    return _due_in(ctx, person.timezone, after)


def _due_in(ctx: ServiceContext, timezone: str | None, after: datetime) -> datetime:
    c = ctx.settings.checkins
    zone = zone_or_default(timezone, c.timezone)
    return next_allowed(after, zone, c.quiet_start, c.quiet_end)


def _unplanned(side: Any, role: str) -> Any:
    """Active pairs whose ``side`` has no pending check-in: in steady state, none, found by
    one indexed anti-join instead of a look at every pair."""
    pending = exists().where(
        CheckinRow.pair_id == PairRow.id,
        CheckinRow.person_id == side,
        CheckinRow.status.in_((*OPEN, "stopped")),
    )
    return select(PairRow.id, side, literal(role), PairRow.created_at).where(
        PairRow.status == ACTIVE, ~pending
    )


async def plan(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Gives each side of each active pair its next check-in, unless one is pending or it has
    gone unanswered ``checkins.max_unanswered`` times in a row (then it stops, marked)."""
    c = ctx.settings.checkins
    now = ctx.clock.now()
    if uow.dialect == "postgresql":
        # Two processes planning at once would both see a side with nothing pending and
        # both give it a check-in (asked twice). One plans; the other skips this tick, and
        # its next pass, after the first one's commit, sees what was planned.
        locked = await uow.session.execute(select(func.pg_try_advisory_xact_lock(PLAN_LOCK_KEY)))
        if not locked.scalar_one():
            return 0
    # A bounded batch per pass: after a start or an import with very many unplanned pairs,
    # planning them all at once would hold the (SQLite) writer for a minute and the memory
    # of every row; the next ticks plan the rest.
    sides = (
        await uow.session.execute(
            union_all(
                _unplanned(PairRow.seeker_id, "seeker"), _unplanned(PairRow.peer_id, "peer")
            ).limit(PLAN_BATCH)
        )
    ).all()
    if not sides:
        return 0
    history: dict[tuple[str, str], list[CheckinRow]] = defaultdict(list)
    pair_ids = list({side[0] for side in sides})
    for i in range(0, len(pair_ids), 500):
        rows = await uow.session.execute(
            select(CheckinRow)
            .where(CheckinRow.pair_id.in_(pair_ids[i : i + 500]))
            .order_by(CheckinRow.due_at.desc())
        )
        for row in rows.scalars():
            history[(row.pair_id, row.person_id)].append(row)
    zones = await _timezones(uow, [side[1] for side in sides])
    planned, new_rows = 0, []
    for pair_id, person_id, role, created_at in sides:
        if person_id not in zones:
            continue
        latest = history[(pair_id, person_id)][: c.max_unanswered]
        stop = len(latest) >= c.max_unanswered and all(r.status == "expired" for r in latest)
        base = latest[0].due_at if latest else created_at
        # After downtime, one check-in now rather than one per missed period.
        due = max(base + timedelta(days=c.every_days), now)
        new_rows.append(
            CheckinRow(
                id=new_id(),
                pair_id=pair_id,
                person_id=person_id,
                role=role,
                status="stopped" if stop else "due",
                due_at=now if stop else _due_in(ctx, zones[person_id], due),
            )
        )
        planned += 0 if stop else 1
    uow.session.add_all(new_rows)
    await uow.session.flush()
    return planned


async def _timezones(uow: UnitOfWork, ids: list[str]) -> dict[str, str | None]:
    """Only the time zone of each person: opening whole profiles would cost far more."""
    wanted = list(set(ids))
    rows: list[Any] = []
    for i in range(0, len(wanted), 500):
        rows += (
            await uow.session.execute(
                select(PersonRow.id, PersonRow.timezone).where(
                    PersonRow.id.in_(wanted[i : i + 500])
                )
            )
        ).all()
    # Loaded right before use: nothing awaited between the load and the decryption.
    await uow.cipher.person_keys.load(wanted)
    return {
        person_id: uow.cipher.decrypt_opt(
            sealed, table="people", column="timezone", row_id=person_id
        )
        for person_id, sealed in rows
    }


async def send_due(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Asks every check-in now due; one found inside quiet hours (after downtime) waits for
    the morning instead."""
    now = ctx.clock.now()
    rows = (
        (
            await uow.session.execute(
                _locked(
                    uow,
                    select(CheckinRow)
                    .where(CheckinRow.status == "due", CheckinRow.due_at <= now)
                    .order_by(CheckinRow.due_at)
                    .limit(500),
                )
            )
        )
        .scalars()
        .all()
    )
    if not rows:
        return 0
    pairs = await uow.repo(PairsRepository).get_many(r.pair_id for r in rows)
    people = await uow.people.get_many(
        pid for p in pairs.values() for pid in (p.seeker_id, p.peer_id)
    )
    sent = 0
    for row in rows:
        person = people.get(row.person_id)
        pair = pairs.get(row.pair_id)
        # A suspended person is asked nothing; their next check-in is planned once the
        # suspension is lifted and the pair active again.
        if person is None or pair is None or pair.status != ACTIVE or not person.may_be_matched:
            row.status = "cancelled"
            continue
        allowed = due_time(ctx, person, now)
        if allowed > now:
            row.due_at = allowed
            continue
        other = people.get(pair.other(person.id))
        await _ask(uow, ctx, person, row, other.display_name if other else "")
        row.status = "sent"
        row.sent_at = now
        sent += 1
    return sent


async def _ask(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, row: CheckinRow, other: str
) -> None:
    lang = person.language

    def b(key: str, code: str) -> dict[str, str]:
        return ctx.buttons.button(person.id, ctx.t(lang, key), ANSWER_ACTION, row.id, code)

    if row.role == "seeker":
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
    c = ctx.settings.checkins
    now = ctx.clock.now()
    lapsed = (
        (
            await uow.session.execute(
                _locked(
                    uow,
                    # A question has a full period to be answered, from when it was asked.
                    select(CheckinRow).where(
                        CheckinRow.status == "sent",
                        CheckinRow.sent_at <= now - timedelta(days=c.every_days),
                    ),
                )
            )
        )
        .scalars()
        .all()
    )
    for row in lapsed:
        row.status = "expired"
        await counts.bump(uow, f"checkin.{row.role}.unanswered")
        await uow.session.flush()
        streak = await _expired_streak(uow, row.pair_id, row.person_id)
        if streak == c.max_unanswered:
            person = await uow.people.get(row.person_id)
            pair = await uow.repo(PairsRepository).get(row.pair_id)
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


async def _expired_streak(uow: UnitOfWork, pair_id: str, person_id: str) -> int:
    statuses = (
        await uow.session.execute(
            select(CheckinRow.status)
            .where(CheckinRow.pair_id == pair_id, CheckinRow.person_id == person_id)
            .order_by(CheckinRow.due_at.desc())
        )
    ).scalars()
    streak = 0
    for status in statuses:
        if status != "expired":
            break
        streak += 1
    return streak


async def sweep(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """The scheduler's one entry point for check-ins."""
    return await expire_unanswered(uow, ctx) + await plan(uow, ctx) + await send_due(uow, ctx)


async def answer(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, checkin_id: str, code: str
) -> None:
    """Records an answer once and acts on it; a second press says it was already noted."""
    row = await uow.session.get(CheckinRow, checkin_id)
    allowed = SEEKER_ANSWERS if row is not None and row.role == "seeker" else PEER_ANSWERS
    if row is None or row.person_id != person.id or code not in allowed:
        await say(uow, person, ctx.t(person.language, "errors.button_expired"))
        return
    if row.status != "sent":
        await say(uow, person, ctx.t(person.language, "checkin.already_answered"))
        return
    now = ctx.clock.now()
    row.status = "answered"
    row.answered_at = now
    await uow.cipher.person_keys.load([person.id])
    row.answer = uow.cipher.encrypt(
        code, table="checkins", column="answer", row_id=row.id, owner=person.id
    )
    await counts.bump(uow, f"checkin.{row.role}.{code}")
    pair = await uow.repo(PairsRepository).get(row.pair_id)
    if row.role == "seeker":
        await _seeker_answer(uow, ctx, person, pair, code)
    else:
        await _peer_answer(uow, ctx, person, pair, code)


async def _seeker_answer(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair: Pair | None, code: str
) -> None:
    lang = person.language
    if code == "urgent":
        await say(uow, person, ctx.t(lang, "checkin.urgent_reply", crisis=crisis_lines(ctx, lang)))
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
    else:
        await say(uow, person, ctx.t(lang, "checkin.thanks"))


async def answer_counts(uow: UnitOfWork) -> dict[str, int]:
    """For /stats: answers by role and kind, including those already purged."""
    return await counts.totals(uow, "checkin.")


async def pending_count(uow: UnitOfWork) -> int:
    value = (
        await uow.session.execute(
            select(func.count()).select_from(CheckinRow).where(CheckinRow.status.in_(OPEN))
        )
    ).scalar_one()
    return int(value)
