"""Who gets an escalation's alert first: the coordinators on duty.

On duty means ``/oncall on`` (until ``/oncall off``) or a slot of the weekly rota
(``[[escalation.rota]]``) covering now. Alerts go to them; to every coordinator when nobody is
on duty, and, for one still unclaimed, after ``escalation.escalate_to_all_minutes`` (see
``escalations``). Never to a suspended coordinator, never to the person it is about.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import oncall as rota
from bot.domain.oncall import Audience
from bot.domain.people import Person
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import Command, duration, label, reply, usage
from bot.storage.uow import UnitOfWork


async def coordinators(uow: UnitOfWork, subject_id: str | None) -> list[Person]:
    """Every coordinator who may act on an escalation about ``subject_id``."""
    return rota.everyone(await uow.people.coordinators(), subject_id).people


async def on_duty(uow: UnitOfWork, ctx: ServiceContext, now: datetime) -> set[str]:
    """Person ids of the coordinators on duty at ``now`` (by command or by the rota)."""
    return {p.id for p in await _on_duty_people(uow, ctx, now)}


async def _on_duty_people(uow: UnitOfWork, ctx: ServiceContext, now: datetime) -> list[Person]:
    """Only the few people on duty are opened: this runs for every /sos, and a flood of them
    must stay cheap (no reading of every coordinator to learn that nobody is on duty)."""
    found = await uow.people.get_many(await uow.coord.on_duty_ids())
    people = dict(found)
    for telegram_id in rota.on_duty(ctx.settings.escalation.slots(), now):
        person = await uow.people.by_telegram_id(telegram_id)
        if person is not None:
            people[person.id] = person
    return [p for p in people.values() if rota.may_act(p)]


async def audience(
    uow: UnitOfWork, ctx: ServiceContext, subject_id: str | None, now: datetime
) -> Audience:
    first = rota.on_duty_audience(await _on_duty_people(uow, ctx, now), subject_id)
    return first or rota.everyone(await uow.people.coordinators(), subject_id)


async def next_expected(uow: UnitOfWork, ctx: ServiceContext, now: datetime) -> datetime | None:
    """When the rota next puts an active coordinator on duty; None when it cannot say."""
    if not ctx.settings.escalation.rota:
        return None
    usable = {c.telegram_id for c in await coordinators(uow, None)}
    slots = [s for s in ctx.settings.escalation.slots() if s.telegram_id in usable]
    return rota.next_on_duty(slots, now, skip=set())


async def nobody_note(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, now: datetime
) -> str | None:
    """What to tell someone asking for help when no coordinator is on duty: honestly, when one
    is next expected. None when someone is on duty."""
    if any(p.id != person.id for p in await _on_duty_people(uow, ctx, now)):
        return None
    lang = person.language
    when = await next_expected(uow, ctx, now)
    if when is None:
        return ctx.t(lang, "oncall.nobody_unknown")
    return ctx.t(lang, "oncall.nobody_next", when=duration(ctx, lang, when - now))


async def command(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command) -> None:
    """/oncall on | off, or /oncall alone: who is on duty now, and this coordinator's state."""
    now = ctx.clock.now()
    if len(cmd.words) > 1 or (cmd.words and cmd.words[0].lower() not in ("on", "off")):
        await usage(uow, ctx, coordinator, "oncall")
        return
    if cmd.words:
        on = cmd.words[0].lower() == "on"
        await uow.coord.set_on_duty(coordinator.id, on, now)
        await audit.record(uow, coordinator, "oncall.on" if on else "oncall.off")
        if on:
            await reply(uow, ctx, coordinator, "oncall.now_on")
        elif coordinator.id in await on_duty(uow, ctx, now):
            await reply(uow, ctx, coordinator, "oncall.still_by_rota")
        else:
            await reply(uow, ctx, coordinator, "oncall.now_off")
        return
    # Reading who is on duty is access to coordinators' names, logged like the other lists.
    await audit.record(uow, coordinator, "view.oncall")
    duty = await on_duty(uow, ctx, now)
    active = await coordinators(uow, None)
    names = ", ".join(label(c) for c in active if c.id in duty)
    lang = coordinator.language
    you = ctx.t(lang, "oncall.you_on" if coordinator.id in duty else "oncall.you_off")
    if names:
        await reply(uow, ctx, coordinator, "oncall.status", who=names, you=you)
    else:
        await reply(uow, ctx, coordinator, "oncall.status_nobody", you=you)
