"""/schedule: the two sides of a pair agree on a time to talk; both are reminded before it.

Proposals are picked from buttons (a day, then a time) in the proposer's own time zone; the
other side sees the same moment in theirs and accepts, proposes another, or declines. Every
proposed moment is a whole hour in UTC (``bot.domain.schedule.on_utc_grid``), so the time the
other side reads never gives away the proposer's UTC offset (a ":30" or ":45").
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.domain.pairs import ACTIVE, Pair
from bot.domain.people import Person
from bot.domain.schedule import TalkStatus, grid_slot, zone_or_default
from bot.services.relay import moderation
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import Keyboard, say
from bot.storage.uow import UnitOfWork

PICK_PAIR, PICK_DAY, PICK_TIME, RESPOND, CANCEL = "tt.p", "tt.d", "tt.t", "tt.r", "tt.c"
DAYS_AHEAD = 7
SLOTS = ("09:00", "12:00", "14:00", "18:00", "20:00")


def _zone(ctx: ServiceContext, person: Person) -> Any:
    return zone_or_default(person.timezone, ctx.settings.checkins.timezone)


def when_for(ctx: ServiceContext, person: Person, moment: datetime) -> str:
    """A moment as this person reads it: their zone, their language's date words."""
    local = moment.astimezone(_zone(ctx, person))
    weekday = ctx.t(person.language, f"talk.weekday_{local.weekday()}")
    return ctx.t(
        person.language,
        "talk.when",
        weekday=weekday,
        day=local.day,
        month=ctx.t(person.language, f"talk.month_{local.month}"),
        time=local.strftime("%H:%M"),
    )


async def start(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/schedule: pick the conversation (if several), then a day."""
    if await moderation.held_back(uow, ctx, person, command=True):
        return
    pairs = [p for p in await uow.pairs.open_for(person.id) if p.status == ACTIVE]
    if not pairs:
        await say(uow, person, ctx.t(person.language, "talk.no_pair"))
        return
    focused = [p for p in pairs if p.id == person.focus_pair_id]
    if len(pairs) == 1 or focused:
        await _ask_day(uow, ctx, person, (focused or pairs)[0])
        return
    rows = []
    for pair in pairs:
        other = await uow.people.get(pair.other(person.id))
        label = other.display_name if other else pair.code
        rows.append([ctx.buttons.button(person.id, label, PICK_PAIR, pair.id)])
    await say(uow, person, ctx.t(person.language, "talk.which_pair"), keyboard=rows)


async def _member_pair(uow: UnitOfWork, person: Person, pair_id: str) -> Pair | None:
    pair = await uow.pairs.get(pair_id)
    if pair is None or not pair.has(person.id) or pair.status != ACTIVE:
        return None
    return pair


async def pick_pair(uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str) -> None:
    pair = await _member_pair(uow, person, pair_id)
    if pair is None:
        await say(uow, person, ctx.t(person.language, "errors.button_expired"))
        return
    await _ask_day(uow, ctx, person, pair)


def day_buttons(ctx: ServiceContext, person: Person, action: str, *args: str) -> Keyboard:
    """The next ``DAYS_AHEAD`` days in the person's own time, as buttons ``action`` with
    ``args`` and the day's offset (shared by every flow that agrees on a time: /schedule, a
    debrief)."""
    today = ctx.clock.now().astimezone(_zone(ctx, person))
    buttons = []
    for offset in range(DAYS_AHEAD):
        day = today + timedelta(days=offset)
        label = ctx.t(
            person.language,
            "talk.day_label",
            weekday=ctx.t(person.language, f"talk.weekday_{day.weekday()}"),
            day=day.day,
        )
        buttons.append(ctx.buttons.button(person.id, label, action, *args, str(offset)))
    return [buttons[i : i + 4] for i in range(0, len(buttons), 4)]


def time_buttons(
    ctx: ServiceContext, person: Person, offset: int, action: str, *args: str
) -> list[dict[str, str]]:
    """The slots of the day ``offset`` days ahead still to come, as buttons ``action`` with
    ``args``, the offset and the time (HHMM); empty when that day is over."""
    now = ctx.clock.now()
    day = now + timedelta(days=offset)
    zone = _zone(ctx, person)
    buttons = []
    shown: set[str] = set()
    for slot in SLOTS:
        hour, minute = (int(x) for x in slot.split(":"))
        moment = grid_slot(day, hour, minute, zone)
        # The label is the grid moment in the proposer's own time (08:45 in Kathmandu).
        label = moment.astimezone(zone).strftime("%H:%M")
        if moment <= now or label in shown:
            continue
        shown.add(label)
        buttons.append(
            ctx.buttons.button(person.id, label, action, *args, str(offset), label.replace(":", ""))
        )
    return buttons


def slot_moment(ctx: ServiceContext, person: Person, offset: str, hhmm: str) -> datetime | None:
    """The moment a day-and-time button names, on the grid whatever the button says (an old or
    crafted one cannot leak an offset); None when it is malformed."""
    if not (offset.isdigit() and len(hhmm) == 4 and hhmm.isdigit()):
        return None
    if int(offset) >= DAYS_AHEAD or int(hhmm[:2]) > 23 or int(hhmm[2:]) > 59:
        return None
    day = ctx.clock.now() + timedelta(days=int(offset))
    return grid_slot(day, int(hhmm[:2]), int(hhmm[2:]), _zone(ctx, person))


async def _ask_day(uow: UnitOfWork, ctx: ServiceContext, person: Person, pair: Pair) -> None:
    rows = day_buttons(ctx, person, PICK_DAY, pair.code)
    await say(uow, person, ctx.t(person.language, "talk.pick_day"), keyboard=rows)


async def pick_day(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_code: str, offset: str
) -> None:
    pair = await uow.pairs.by_code(pair_code)
    if pair is None or await _member_pair(uow, person, pair.id) is None or not offset.isdigit():
        await say(uow, person, ctx.t(person.language, "errors.button_expired"))
        return
    buttons = time_buttons(ctx, person, int(offset), PICK_TIME, pair.code)
    if not buttons:
        await say(uow, person, ctx.t(person.language, "talk.day_over"))
        await _ask_day(uow, ctx, person, pair)
        return
    await say(uow, person, ctx.t(person.language, "talk.pick_time"), keyboard=[buttons])


async def pick_time(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_code: str, offset: str, hhmm: str
) -> None:
    """Records the proposal (replacing an earlier one of this pair) and asks the other side."""
    if await moderation.held_back(uow, ctx, person, command=True):
        return
    pair = await uow.pairs.by_code(pair_code)
    valid = offset.isdigit() and len(hhmm) == 4 and hhmm.isdigit()
    if pair is None or not valid or await _member_pair(uow, person, pair.id) is None:
        await say(uow, person, ctx.t(person.language, "errors.button_expired"))
        return
    now = ctx.clock.now()
    # On the grid whatever the button says, so an old or crafted button cannot leak the offset.
    starts = grid_slot(
        now + timedelta(days=int(offset)), int(hhmm[:2]), int(hhmm[2:]), _zone(ctx, person)
    )
    if starts <= now:
        await say(uow, person, ctx.t(person.language, "talk.day_over"))
        return
    await uow.talk_times.close_open(pair.id, TalkStatus.REPLACED)
    proposal = await uow.talk_times.add(pair.id, person.id, starts, now)
    other = await uow.people.get(pair.other(person.id))
    if other is None:
        return
    await say(
        uow, person, ctx.t(person.language, "talk.proposed", when=when_for(ctx, person, starts))
    )
    lang = other.language
    keyboard = [
        [ctx.buttons.button(other.id, ctx.t(lang, "talk.accept"), RESPOND, proposal.id, "yes")],
        [
            ctx.buttons.button(
                other.id, ctx.t(lang, "talk.other_time"), RESPOND, proposal.id, "other"
            )
        ],
        [ctx.buttons.button(other.id, ctx.t(lang, "talk.decline"), RESPOND, proposal.id, "no")],
    ]
    await say(
        uow,
        other,
        ctx.t(lang, "talk.proposal", name=person.display_name, when=when_for(ctx, other, starts)),
        keyboard=keyboard,
    )


async def respond(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, session_id: str, choice: str
) -> None:
    if await moderation.held_back(uow, ctx, person, command=True):
        return
    talk = await uow.talk_times.get(session_id)
    pair = await _member_pair(uow, person, talk.pair_id) if talk is not None else None
    if talk is None or pair is None or not talk.may_answer(person.id):
        await say(uow, person, ctx.t(person.language, "errors.button_expired"))
        return
    proposer = await uow.people.get(talk.proposer_id)
    if proposer is None:
        return
    if choice == "yes":
        before = timedelta(minutes=ctx.settings.checkins.session_reminder_minutes)
        remind_at = talk.reminder_at(before)
        await uow.talk_times.set_status(talk.id, TalkStatus.ACCEPTED, remind_at=remind_at)
        for who in (person, proposer):
            cancel = ctx.buttons.button(who.id, ctx.t(who.language, "talk.cancel"), CANCEL, talk.id)
            await say(
                uow,
                who,
                ctx.t(who.language, "talk.agreed", when=when_for(ctx, who, talk.starts_at)),
                keyboard=[[cancel]],
            )
    elif choice == "other":
        await uow.talk_times.set_status(talk.id, TalkStatus.REPLACED)
        await say(
            uow, proposer, ctx.t(proposer.language, "talk.counter_coming", name=person.display_name)
        )
        await _ask_day(uow, ctx, person, pair)
    else:
        await uow.talk_times.set_status(talk.id, TalkStatus.DECLINED)
        await say(uow, person, ctx.t(person.language, "talk.declined_self"))
        await say(
            uow, proposer, ctx.t(proposer.language, "talk.declined", name=person.display_name)
        )


async def cancel(uow: UnitOfWork, ctx: ServiceContext, person: Person, session_id: str) -> None:
    """Either side may cancel an agreed time; the other is told."""
    if await moderation.held_back(uow, ctx, person, command=True):
        return
    talk = await uow.talk_times.get(session_id)
    pair = await uow.pairs.get(talk.pair_id) if talk is not None else None
    if talk is None or pair is None or not pair.has(person.id) or not talk.may_cancel:
        await say(uow, person, ctx.t(person.language, "errors.button_expired"))
        return
    await uow.talk_times.set_status(talk.id, TalkStatus.CANCELLED)
    other = await uow.people.get(pair.other(person.id))
    await say(uow, person, ctx.t(person.language, "talk.cancelled_self"))
    if other is not None:
        await say(
            uow,
            other,
            ctx.t(
                other.language,
                "talk.cancelled",
                name=person.display_name,
                when=when_for(ctx, other, talk.starts_at),
            ),
        )


async def remind(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Reminds both sides ``checkins.session_reminder_minutes`` before an agreed time."""
    now = ctx.clock.now()
    due = await uow.talk_times.claim_due_reminders(now)
    for talk in due:
        pair = await uow.pairs.get(talk.pair_id)
        if pair is None or pair.status != ACTIVE or talk.starts_at < now:
            continue
        for person_id in (pair.seeker_id, pair.peer_id):
            who = await uow.people.get(person_id)
            if who is None or who.suspended:
                continue  # a suspended person is reminded of nothing
            other = await uow.people.get(pair.other(person_id))
            await say(
                uow,
                who,
                ctx.t(
                    who.language,
                    "talk.reminder",
                    name=other.display_name if other else "",
                    when=when_for(ctx, who, talk.starts_at),
                ),
            )
    return len(due)
