"""What the circles' use cases share: finding the live session someone is in, naming a member,
telling a circle's people and the coordinators."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.circles import Attendance, Circle, Session, session_code
from bot.domain.people import Person
from bot.services.followup.talk_times import when_for
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import Keyboard, say
from bot.storage.uow import UnitOfWork


@dataclass(frozen=True)
class Room:
    """A live session with its circle, as one person is in it."""

    circle: Circle
    session: Session
    me: Attendance | None

    @property
    def facilitating(self) -> bool:
        return self.me is not None and self.circle.facilitates(self.me.person_id)


async def rooms_of(uow: UnitOfWork, person: Person) -> list[Room]:
    """The live sessions of circles this person belongs to or leads."""
    out = []
    for session in await uow.circles.live_sessions_of(person.id):
        circle = await uow.circles.get(session.circle_id)
        if circle is not None:
            me = await uow.circles.attendance_of(session.id, person.id)
            out.append(Room(circle, session, me))
    return out


async def led_room(uow: UnitOfWork, person: Person) -> Room | None:
    """The live session this person facilitates (the one a facilitator command acts on)."""
    for session in await uow.circles.live_sessions_of(person.id):
        circle = await uow.circles.get(session.circle_id)
        if circle is not None and circle.facilitates(person.id):
            me = await ensure_attendance(uow, session, person.id)
            return Room(circle, session, me)
    return None


async def ensure_attendance(uow: UnitOfWork, session: Session, person_id: str) -> Attendance:
    """This person's place in the session, with a fresh per-session code the first time."""
    found = await uow.circles.attendance_of(session.id, person_id)
    if found is not None:
        return found
    taken = {a.code for a in await uow.circles.attendance(session.id)}
    made = Attendance(session.id, person_id, session_code(taken))
    await uow.circles.save_attendance(made)
    return made


def name_in(person: Person | None, attendance: Attendance) -> str:
    """How a member is shown in a session: pseudonym and the session's code for them."""
    pseudonym = person.pseudonym if person and person.pseudonym else "?"
    return f"{pseudonym} · {attendance.code}"


async def people_of(uow: UnitOfWork, circle: Circle) -> list[Person]:
    """Members and facilitators, each once, facilitators first."""
    ids = list(dict.fromkeys([*circle.facilitator_ids, *await uow.circles.member_ids(circle.id)]))
    found = await uow.people.get_many(ids)
    return [found[i] for i in ids if i in found]


async def tell(
    uow: UnitOfWork,
    ctx: ServiceContext,
    people: list[Person],
    key: str,
    *,
    keyboard_for: dict[str, Keyboard] | None = None,
    **values: object,
) -> None:
    for person in people:
        if person.reachable and not person.suspended:
            keyboard = (keyboard_for or {}).get(person.id)
            await say(uow, person, ctx.t(person.language, key, **values), keyboard=keyboard)


async def tell_coordinators(
    uow: UnitOfWork, ctx: ServiceContext, key: str, *, skip: str | None = None, **values: object
) -> None:
    for coordinator in await uow.people.coordinators():
        if coordinator.has_coordinator_power() and coordinator.id != skip:
            await say(uow, coordinator, ctx.t(coordinator.language, key, **values))


def when(ctx: ServiceContext, person: Person, session: Session) -> str:
    """A session's start as this person reads it (their time zone, their language)."""
    return when_for(ctx, person, session.starts_at)
