"""/circles lists the circles a person may join, in their language, with the next session in
their own time zone; joining shows the ground rules and asks to accept them; /leave leaves."""

from __future__ import annotations

import logging

from bot.domain.circles import Circle, listed_for, may_join
from bot.domain.people import Person
from bot.services.circles.common import ensure_attendance, when
from bot.services.relay.render import close_prompt
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

JOIN, ACCEPT, NOT_NOW, LEAVE, HERE = "cc.j", "cc.a", "cc.n", "cc.l", "cc.h"


def invite_button(ctx: ServiceContext, person: Person, circle: Circle) -> dict[str, str]:
    text = ctx.t(person.language, "circles.join_button", title=circle.title[:40])
    return ctx.buttons.button(person.id, text, JOIN, circle.id)


def here_button(ctx: ServiceContext, person: Person, session_id: str) -> dict[str, str]:
    return ctx.buttons.button(
        person.id, ctx.t(person.language, "circles.here_button"), HERE, session_id
    )


async def list_circles(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/circles"""
    lang = person.language
    lines, rows = [], []
    for circle in await uow.circles.active():
        invited = await uow.circles.is_invited(circle.id, person.id)
        member = await uow.circles.is_member(circle.id, person.id)
        if not (
            member or circle.facilitates(person.id) or listed_for(person, circle, invited=invited)
        ):
            continue
        session = await uow.circles.upcoming(circle.id)
        next_line = when(ctx, person, session) if session else ctx.t(lang, "circles.no_session")
        members = await uow.circles.count_members(circle.id)
        key = "circles.item_member" if member or circle.facilitates(person.id) else "circles.item"
        lines.append(
            ctx.t(
                lang,
                key,
                title=circle.title,
                topics=", ".join(circle.topics),
                when=next_line,
                members=members,
                capacity=circle.capacity,
            )
        )
        if not member and not circle.facilitates(person.id):
            rows.append([invite_button(ctx, person, circle)])
    if not lines:
        await say(uow, person, ctx.t(lang, "circles.none"))
        return
    text = ctx.t(lang, "circles.list_head") + "\n\n" + "\n\n".join(lines)
    await say(uow, person, text, keyboard=rows or None)


async def _refusal(uow: UnitOfWork, person: Person, circle: Circle) -> str | None:
    refused = may_join(
        person,
        circle,
        members=await uow.circles.count_members(circle.id),
        member=await uow.circles.is_member(circle.id, person.id),
        invited=await uow.circles.is_invited(circle.id, person.id),
    )
    return None if refused is None else f"circles.refused.{refused.value}"


async def ask_rules(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, circle_id: str, prompt_id: int | None
) -> None:
    """The Join button: the ground rules, to accept before joining."""
    lang = person.language
    circle = await uow.circles.get(circle_id)
    if circle is None:
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "circles.gone"))
        return
    refused = await _refusal(uow, person, circle)
    if refused is not None:
        await say(uow, person, ctx.t(lang, refused, title=circle.title))
        return
    keyboard = [
        [
            ctx.buttons.button(person.id, ctx.t(lang, "circles.accept"), ACCEPT, circle.id),
            ctx.buttons.button(person.id, ctx.t(lang, "circles.not_now"), NOT_NOW, circle.id),
        ]
    ]
    await say(uow, person, ctx.t(lang, "circles.rules", title=circle.title), keyboard=keyboard)


async def accept(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, circle_id: str, prompt_id: int | None
) -> None:
    """The rules accepted: the person is a member; told when the next session is."""
    lang = person.language
    circle = await uow.circles.get(circle_id)
    if circle is None:
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "circles.gone"))
        return
    refused = await _refusal(uow, person, circle)
    if refused is not None:
        await close_prompt(uow, person, prompt_id, ctx.t(lang, refused, title=circle.title))
        return
    await uow.circles.join(circle.id, person.id, ctx.clock.now())
    await close_prompt(uow, person, prompt_id, ctx.t(lang, "circles.rules_accepted"))
    session = await uow.circles.upcoming(circle.id)
    if session is not None and session.live:
        await ensure_attendance(uow, session, person.id)
        await say(
            uow,
            person,
            ctx.t(lang, "circles.joined_live", title=circle.title),
            keyboard=[[here_button(ctx, person, session.id)]],
        )
    else:
        next_line = when(ctx, person, session) if session else ctx.t(lang, "circles.no_session")
        await say(uow, person, ctx.t(lang, "circles.joined", title=circle.title, when=next_line))
    log.info("circle joined", extra={"circle": circle.code, "person": person.code})


async def not_now(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, prompt_id: int | None
) -> None:
    await close_prompt(uow, person, prompt_id, ctx.t(person.language, "circles.maybe_later"))


async def leave(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, typed: str, prompt_id: int | None = None
) -> None:
    """/leave [CIRCLE], or the button naming one: the person leaves the circle."""
    lang = person.language
    mine = [
        c
        for c in await uow.circles.circles_of(person.id)
        if await uow.circles.is_member(c.id, person.id)
    ]
    wanted = typed.strip()
    chosen = [c for c in mine if wanted and wanted in (c.id, c.code, c.code.upper())]
    if not mine:
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "circles.leave_none"))
        return
    if not chosen and len(mine) > 1:
        rows = [[ctx.buttons.button(person.id, c.title[:40], LEAVE, c.id)] for c in mine]
        await say(uow, person, ctx.t(lang, "circles.leave_which"), keyboard=rows)
        return
    circle = chosen[0] if chosen else mine[0]
    await uow.circles.leave(circle.id, person.id)
    session = await uow.circles.upcoming(circle.id)
    if session is not None and session.live:
        found = await uow.circles.attendance_of(session.id, person.id)
        if found is not None:
            found.present = False
            await uow.circles.save_attendance(found)
    await close_prompt(uow, person, prompt_id, ctx.t(lang, "circles.left", title=circle.title))
    log.info("circle left", extra={"circle": circle.code, "person": person.code})
