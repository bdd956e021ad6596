"""A coordinator creates a circle (``/newcircle``) and invites people to one kept by invitation
(``/circleinvite``). Bad input gets one kind line naming what is wrong, and the usage."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.domain.circles import (
    Circle,
    NewCircle,
    Session,
    new_circle_code,
    parse_new_circle,
)
from bot.domain.people import Person
from bot.services.circles.common import when
from bot.services.circles.joining import invite_button
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.repositories import new_id
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)


async def _wrong(
    uow: UnitOfWork, ctx: ServiceContext, who: Person, what: str, usage: str, **values: object
) -> None:
    lang = who.language
    line = ctx.t(lang, f"circles.bad.{what}", **values)
    await say(uow, who, ctx.t(lang, "circles.bad", what=line, usage=ctx.t(lang, usage)))


async def _facilitators(uow: UnitOfWork, codes: list[str]) -> tuple[list[Person], str | None]:
    found = []
    for code in codes:
        person = await uow.people.by_code(code)
        if person is None or person.suspended:
            return [], code
        if not (person.approved_peer or person.is_coordinator):
            return [], code
        found.append(person)
    return found, None


async def new_circle(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, text: str
) -> Circle | None:
    """``/newcircle TITLE | TOPICS | LANG | FACILITATOR[,CO] | SCHEDULE [| CAPACITY] [| ACCESS]``"""
    now = ctx.clock.now()
    parsed = parse_new_circle(
        text, now.date(), ctx.settings.network.languages, ctx.settings.circles.default_capacity
    )
    if isinstance(parsed, str):
        await _wrong(uow, ctx, coordinator, parsed, "circles.usage.newcircle")
        return None
    facilitators, bad = await _facilitators(uow, parsed.facilitator_codes)
    if bad is not None:
        await _wrong(uow, ctx, coordinator, "facilitator", "circles.usage.newcircle", code=bad)
        return None
    circle = await _create(uow, ctx, parsed, facilitators)
    if circle is None:
        await _wrong(uow, ctx, coordinator, "date_past", "circles.usage.newcircle")
        return None
    session = await uow.circles.upcoming(circle.id)
    assert session is not None
    lang = coordinator.language
    await say(
        uow,
        coordinator,
        ctx.t(
            lang,
            "circles.created",
            code=circle.code,
            title=circle.title,
            when=when(ctx, coordinator, session),
            access=ctx.t(lang, f"circles.access.{circle.access.value}"),
        ),
    )
    for person in facilitators:
        await say(
            uow,
            person,
            ctx.t(
                person.language,
                "circles.you_facilitate",
                title=circle.title,
                when=when(ctx, person, session),
            ),
        )
    await audit.record(uow, coordinator, "circle.create", targets=[circle.code])
    log.info("circle created", extra={"circle": circle.code})
    return circle


async def _create(
    uow: UnitOfWork, ctx: ServiceContext, parsed: NewCircle, facilitators: list[Person]
) -> Circle | None:
    now = ctx.clock.now()
    first = parsed.schedule.next_start(now)
    if first is None:
        return None
    code = new_circle_code()
    while await uow.circles.code_taken(code):
        code = new_circle_code()
    circle = Circle(
        id=new_id(),
        code=code,
        title=parsed.title,
        topics=parsed.topics,
        language=parsed.language,
        facilitator_id=facilitators[0].id,
        cofacilitator_id=facilitators[1].id if len(facilitators) > 1 else None,
        schedule=parsed.schedule,
        capacity=parsed.capacity,
        access=parsed.access,
        created_at=now,
    )
    await uow.circles.add(circle)
    await schedule_next(uow, circle, first)
    return circle


async def schedule_next(uow: UnitOfWork, circle: Circle, start: datetime) -> None:
    """The circle's next session, starting at ``start``."""
    session = Session(new_id(), circle.id, start, circle.schedule.end_of(start))
    await uow.circles.add_session(session)


async def invite(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, text: str) -> None:
    """``/circleinvite CIRCLE PERSON``: the person is offered the circle's rules and a Join
    button; a circle kept by invitation is only ever shown to people invited to it."""
    words = text.split()
    usage = "circles.usage.circleinvite"
    if len(words) != 2:
        await _wrong(uow, ctx, coordinator, "shape", usage)
        return
    circle = await uow.circles.by_code(words[0])
    if circle is None or circle.archived:
        await _wrong(uow, ctx, coordinator, "circle", usage, code=words[0])
        return
    person = await uow.people.by_code(words[1].upper())
    if person is None or not (person.is_seeker or person.is_peer) or person.suspended:
        await _wrong(uow, ctx, coordinator, "person", usage, code=words[1])
        return
    await uow.circles.invite(circle.id, person.id)
    await say(
        uow,
        person,
        ctx.t(person.language, "circles.invited", title=circle.title),
        keyboard=[[invite_button(ctx, person, circle)]],
    )
    await say(
        uow,
        coordinator,
        ctx.t(coordinator.language, "circles.invite_sent", code=circle.code),
    )
    await audit.record(uow, coordinator, "circle.invite", targets=[circle.code, person.code])
