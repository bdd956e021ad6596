"""What a facilitator can do in a live session: see who is present (/who), mute and unmute a
member (/mute CODE, /unmute CODE), remove one for this session (/remove CODE, coordinators
told), hold the room for a breathing moment (/breathe, again to go on), and close early
(/close). Codes are the session's own; anyone but a facilitator gets a kind "not yours"."""

from __future__ import annotations

import logging

from bot.domain.circles import SessionStatus, find_code
from bot.domain.people import Person
from bot.services.circles.common import Room, led_room, name_in, people_of, tell, tell_coordinators
from bot.services.circles.sessions import close as close_session
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)


async def _room(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> Room | None:
    room = await led_room(uow, person)
    if room is None:
        await say(uow, person, ctx.t(person.language, "circles.not_facilitating"))
    return room


async def who(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/who: the present members, by pseudonym and session code, with what was done."""
    room = await _room(uow, ctx, person)
    if room is None:
        return
    lang = person.language
    attendance = sorted(await uow.circles.attendance(room.session.id), key=lambda a: a.code)
    people = await uow.people.get_many([a.person_id for a in attendance])
    lines = []
    for a in attendance:
        if not a.present:
            continue
        marks = [ctx.t(lang, f"circles.mark.{m}") for m in ("muted", "removed") if getattr(a, m)]
        line = name_in(people.get(a.person_id), a)
        lines.append(f"• {line}" + (f" ({', '.join(marks)})" if marks else ""))
    body = "\n".join(lines) or ctx.t(lang, "circles.who_nobody")
    await say(uow, person, ctx.t(lang, "circles.who", title=room.circle.title, people=body))


async def _target(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, room: Room, typed: str, usage: str
) -> tuple[Person, object] | None:
    lang = person.language
    if not typed.strip():
        await say(uow, person, ctx.t(lang, usage))
        return None
    found = find_code(await uow.circles.attendance(room.session.id), typed)
    target = await uow.people.get(found.person_id) if found else None
    if found is None or target is None:
        await say(uow, person, ctx.t(lang, "circles.no_such_code", code=typed.strip()[:8]))
        return None
    if room.circle.facilitates(target.id):
        await say(uow, person, ctx.t(lang, "circles.not_a_facilitator"))
        return None
    return target, found


async def mute(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, typed: str, *, on: bool
) -> None:
    """/mute CODE, /unmute CODE"""
    room = await _room(uow, ctx, person)
    if room is None:
        return
    got = await _target(
        uow, ctx, person, room, typed, "circles.usage.mute" if on else "circles.usage.unmute"
    )
    if got is None:
        return
    target, found = got
    a = await uow.circles.attendance_of(room.session.id, target.id)
    assert a is not None and found is not None
    a.muted = on
    await uow.circles.save_attendance(a)
    shown = name_in(target, a)
    key = "circles.muted" if on else "circles.unmuted"
    await say(uow, person, ctx.t(person.language, key, name=shown))
    note = "circles.you_are_muted" if on else "circles.you_are_unmuted"
    await say(uow, target, ctx.t(target.language, note))
    log.info("circle mute", extra={"circle": room.circle.code, "on": on})


async def remove(uow: UnitOfWork, ctx: ServiceContext, person: Person, typed: str) -> None:
    """/remove CODE: the member hears and says nothing more in this session; coordinators are
    told (by codes), and may follow up."""
    room = await _room(uow, ctx, person)
    if room is None:
        return
    got = await _target(uow, ctx, person, room, typed, "circles.usage.remove")
    if got is None:
        return
    target, _found = got
    a = await uow.circles.attendance_of(room.session.id, target.id)
    assert a is not None
    a.removed = True
    await uow.circles.save_attendance(a)
    shown = name_in(target, a)
    await say(uow, person, ctx.t(person.language, "circles.removed", name=shown))
    await say(
        uow, target, ctx.t(target.language, "circles.you_are_removed", title=room.circle.title)
    )
    await tell_coordinators(
        uow,
        ctx,
        "circles.removed_coordinators",
        circle=room.circle.code,
        person=target.code,
        by=person.code,
    )
    await audit.record(uow, person, "circle.remove", targets=[room.circle.code, target.code])


async def breathe(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/breathe: the room is held for a breathing moment; /breathe again opens it."""
    room = await _room(uow, ctx, person)
    if room is None:
        return
    session = room.session
    paused = session.status is SessionStatus.PAUSED
    if paused:
        session.resume()
    else:
        session.pause()
    await uow.circles.save_session(session)
    present = [a.person_id for a in await uow.circles.attendance(session.id) if a.hears]
    everyone = [
        p for p in await people_of(uow, room.circle) if p.id in present or p.id == person.id
    ]
    key = "circles.resumed" if paused else "circles.breathing"
    await tell(uow, ctx, everyone, key, title=room.circle.title)


async def close(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/close: the facilitator ends the session early."""
    room = await _room(uow, ctx, person)
    if room is None:
        return
    await close_session(uow, ctx, room.circle, room.session, early=True)
    await audit.record(uow, person, "circle.close", targets=[room.circle.code])
