"""The *Circles* page: each active circle's next session (in the coordinator's own time zone)
and its members against capacity, then the attendance of recent sessions. Counts only: never
who attended, never a word said. Read-only."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.people import Person
from bot.services.dashboard.access import viewed
from bot.services.dashboard.lines import label_of
from bot.services.followup.talk_times import when_for
from bot.services.shared.context import ServiceContext
from bot.storage.uow import UnitOfWork

CIRCLES_SHOWN = 50
SESSIONS_SHOWN = 20


@dataclass(frozen=True)
class CircleRow:
    code: str
    title: str
    language: str
    facilitator: str
    next_session: str  # "—" when none is planned
    members: int
    capacity: int


@dataclass(frozen=True)
class HeldRow:
    code: str
    title: str
    when: str
    present: int
    helpful_yes: int
    helpful_no: int


@dataclass(frozen=True)
class CirclesView:
    circles: list[CircleRow]
    total: int
    held: list[HeldRow]


async def circles(uow: UnitOfWork, ctx: ServiceContext, viewer: Person) -> CirclesView:
    active = await uow.circles.active()
    shown = active[:CIRCLES_SHOWN]
    board = uow.dashboard
    people = await board.who(c.facilitator_id for c in shown)
    members = await board.members_counts(c.id for c in shown)
    rows = []
    for c in shown:
        upcoming = await uow.circles.upcoming(c.id)
        rows.append(
            CircleRow(
                code=c.code,
                title=c.title,
                language=c.language,
                facilitator=label_of(people.get(c.facilitator_id)),
                next_session=when_for(ctx, viewer, upcoming.starts_at) if upcoming else "—",
                members=members.get(c.id, 0),
                capacity=c.capacity,
            )
        )
    held = await board.held_sessions(SESSIONS_SHOWN)
    named = {c.id: c for c in active}
    for circle_id in {h.circle_id for h in held} - named.keys():
        # An archived circle's past sessions still count.
        found = await uow.circles.get(circle_id)
        if found is not None:
            named[circle_id] = found
    held_rows = [
        HeldRow(
            code=named[h.circle_id].code if h.circle_id in named else "—",
            title=named[h.circle_id].title if h.circle_id in named else "—",
            when=when_for(ctx, viewer, h.starts_at),
            present=h.present,
            helpful_yes=h.helpful_yes,
            helpful_no=h.helpful_no,
        )
        for h in held
    ]
    await viewed(uow, viewer, "circles")
    return CirclesView(rows, len(active), held_rows)
