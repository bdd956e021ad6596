"""A circle's sessions on their schedule: reminded ``circles.reminder_minutes`` before, opened at
the start ("the circle is open, N present"), closed at the end or by the facilitator ("what was
said here stays here"), with a one-tap "was this helpful?" for each member and a debrief prompt
for the facilitators. Members say "I'm here" (late arrivals too); only they hear and are heard.
The due times live in ``circle_sessions``, so downtime delays a step, never loses or doubles it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.domain.circles import Circle, Session, SessionStatus
from bot.domain.events import CircleSessionClosed
from bot.domain.people import Person
from bot.services.circles.common import (
    ensure_attendance,
    name_in,
    people_of,
    when,
)
from bot.services.circles.creating import schedule_next
from bot.services.circles.joining import here_button
from bot.services.relay.render import close_prompt
from bot.services.shared import counts
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.repositories import PRIORITY_GROUP, OutgoingMessage
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

HELPFUL = "cc.y"


# ---- the sweep ----------------------------------------------------------------------------------


async def sweep(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Reminders, openings and closings that are due; how many steps were taken."""
    now = ctx.clock.now()
    done = 0
    ahead = now + timedelta(minutes=ctx.settings.circles.reminder_minutes)
    for session in await uow.circles.due_to_remind(now, ahead):
        await _remind(uow, ctx, session)
        done += 1
    for session in await uow.circles.due_to_open(now):
        circle = await uow.circles.get(session.circle_id)
        if circle is None:
            continue
        if session.ends_at <= now or circle.archived:
            # The bot was down for the whole session: nobody is told a stale "open" (and a
            # circle that stopped meeting holds no more sessions).
            await close(uow, ctx, circle, session, early=False, quietly=True)
        else:
            await _open(uow, ctx, circle, session)
        done += 1
    for session in await uow.circles.due_to_close(now):
        circle = await uow.circles.get(session.circle_id)
        if circle is not None:
            await close(uow, ctx, circle, session, early=False)
            done += 1
    return done


async def _remind(uow: UnitOfWork, ctx: ServiceContext, session: Session) -> None:
    session.reminded_at = ctx.clock.now()
    await uow.circles.save_session(session)
    circle = await uow.circles.get(session.circle_id)
    if circle is None or circle.archived:
        return
    for person in await people_of(uow, circle):
        if person.reachable and not person.suspended:
            text = ctx.t(
                person.language,
                "circles.reminder",
                title=circle.title,
                when=when(ctx, person, session),
            )
            await say(uow, person, text, keyboard=[[here_button(ctx, person, session.id)]])


async def _open(uow: UnitOfWork, ctx: ServiceContext, circle: Circle, session: Session) -> None:
    session.open(ctx.clock.now())
    await uow.circles.save_session(session)
    present = [a for a in await uow.circles.attendance(session.id) if a.present]
    for person in await people_of(uow, circle):
        if not person.reachable or person.suspended:
            continue
        lang = person.language
        text = ctx.t(lang, "circles.opened", title=circle.title, count=len(present))
        if circle.facilitates(person.id):
            text += "\n\n" + ctx.t(lang, "circles.facilitator_tools")
        mine = next((a for a in present if a.person_id == person.id), None)
        keyboard = None if mine else [[here_button(ctx, person, session.id)]]
        await say(uow, person, text, keyboard=keyboard)
    log.info("circle session open", extra={"circle": circle.code})


async def close(
    uow: UnitOfWork,
    ctx: ServiceContext,
    circle: Circle,
    session: Session,
    *,
    early: bool,
    quietly: bool = False,
) -> None:
    """Closes a session (on time, or ``/close``): what was said is forgotten (the copies'
    links go), members are asked whether it helped, facilitators get a debrief prompt, and
    the next session is put in the calendar."""
    now = ctx.clock.now()
    session.close(now, early=early)
    await uow.circles.save_session(session)
    attendance = await uow.circles.attendance(session.id)
    present = [a for a in attendance if a.present]
    await uow.circles.record_close(session.id, len(present))
    await uow.circles.purge_links(session.id)
    if not quietly:
        people = await uow.people.get_many([a.person_id for a in present])
        for a in present:
            person = people.get(a.person_id)
            if person is None or not person.reachable or a.removed:
                continue
            await _ask_helpful(uow, ctx, person, circle, session)
        for fid in circle.facilitator_ids:
            facilitator = await uow.people.get(fid)
            if facilitator is not None and facilitator.reachable:
                text = ctx.t(
                    facilitator.language, "circles.debrief", title=circle.title, count=len(present)
                )
                await say(uow, facilitator, text)
    if present:
        await counts.bump(uow, "circles.sessions_held")
        await counts.bump(uow, "circles.attendance", len(present))
    await ctx.publish(uow, CircleSessionClosed(circle.id, circle.facilitator_ids))
    following = circle.schedule.next_start(max(now, session.starts_at))
    if following is not None and not circle.archived:
        await schedule_next(uow, circle, following)
    log.info("circle session closed", extra={"circle": circle.code, "early": early})


async def _ask_helpful(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, circle: Circle, session: Session
) -> None:
    lang = person.language
    keyboard = [
        [
            ctx.buttons.button(
                person.id, ctx.t(lang, "circles.helpful_yes"), HELPFUL, session.id, "1"
            ),
            ctx.buttons.button(
                person.id, ctx.t(lang, "circles.helpful_no"), HELPFUL, session.id, "0"
            ),
        ]
    ]
    # In the circle's own outbox lane: the last words said in the session reach each member
    # before "the circle is closed".
    params = {
        "text": ctx.t(lang, "circles.closed", title=circle.title),
        "reply_markup": {"inline_keyboard": keyboard},
    }
    await uow.outbox.add(OutgoingMessage(person.id, "sendMessage", params, priority=PRIORITY_GROUP))


async def helpful(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    session_id: str,
    answer: str,
    prompt_id: int | None,
) -> None:
    """One tap after a session; counted once, anonymously."""
    lang = person.language
    mine = await uow.circles.attendance_of(session_id, person.id)
    if mine is None or not mine.present or mine.helpful is not None or answer not in ("0", "1"):
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "circles.helpful_already"))
        return
    mine.helpful = answer == "1"
    await uow.circles.save_attendance(mine)
    await uow.circles.count_helpful(session_id, mine.helpful)
    await close_prompt(uow, person, prompt_id, ctx.t(lang, "circles.helpful_thanks"))


# ---- "I'm here" ---------------------------------------------------------------------------------


async def here(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    session_id: str | None,
    prompt_id: int | None = None,
) -> None:
    """The "I'm here" button (or /here): the member takes part from now on."""
    lang = person.language
    session = await _session_for(uow, person, session_id)
    circle = await uow.circles.get(session.circle_id) if session else None
    if session is None or circle is None or session.status is SessionStatus.CLOSED:
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "circles.no_live"))
        return
    member = await uow.circles.is_member(circle.id, person.id)
    if not (member or circle.facilitates(person.id)):
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "circles.not_member"))
        return
    if person.suspended or not person.may_reach_others:
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "circles.refused.suspended"))
        return
    mine = await ensure_attendance(uow, session, person.id)
    if mine.removed:
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "circles.removed_already"))
        return
    if mine.present:
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "circles.here_again"))
        return
    mine.present = True
    await uow.circles.save_attendance(mine)
    present = [a for a in await uow.circles.attendance(session.id) if a.present]
    shown = name_in(person, mine)
    if session.live:
        text = ctx.t(lang, "circles.here_ok", name=shown, count=len(present))
    else:
        text = ctx.t(lang, "circles.here_early", when=when(ctx, person, session))
    await close_prompt(uow, person, prompt_id, text)
    if session.live:
        for fid in circle.facilitator_ids:
            facilitator = await uow.people.get(fid)
            if facilitator is not None and fid != person.id and facilitator.reachable:
                await say(
                    uow,
                    facilitator,
                    ctx.t(facilitator.language, "circles.arrived", name=shown, count=len(present)),
                )


async def _session_for(uow: UnitOfWork, person: Person, session_id: str | None) -> Session | None:
    if session_id is not None:
        return await uow.circles.get_session(session_id)
    live = await uow.circles.live_sessions_of(person.id)
    return live[0] if len(live) == 1 else None
