"""Peers' own wellbeing: once every ``training.wellbeing_every_days`` each active peer is asked
how they are doing. Answers are sealed under their key and counted anonymously (stat_counts
``wellbeing.<answer>``); two low answers in a row suggest /away and tell the coordinators.

The first question comes one period after training was introduced (never a flood of
questions on the day of an upgrade), and never inside a peer's quiet hours.
"""

from __future__ import annotations

from datetime import timedelta

from bot.domain import supervision as rules
from bot.domain.people import Person
from bot.domain.schedule import in_quiet_hours, zone_or_default
from bot.services.shared import counts
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import label
from bot.services.shared.messages import say
from bot.services.training.path import GRACE_GIVEN
from bot.storage.uow import UnitOfWork

ANSWER = "tr.w"


def _quiet_now(ctx: ServiceContext, person: Person) -> bool:
    settings = ctx.settings.checkins
    zone = zone_or_default(person.timezone, settings.timezone)
    local = ctx.clock.now().astimezone(zone).time()
    return in_quiet_hours(local, settings.quiet_start, settings.quiet_end)


async def ask_due(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """The sweep: the monthly question to every peer due for it."""
    now = ctx.clock.now()
    started = await uow.training.meta(GRACE_GIVEN)
    period = timedelta(days=ctx.settings.training.wellbeing_every_days)
    if started is None or now - started < period:
        return 0
    asked = 0
    for person_id in await uow.training.wellbeing_due(now - period, joined_before=now - period):
        peer = await uow.people.get(person_id)
        if peer is None or _quiet_now(ctx, peer):
            continue
        check_id = await uow.training.ask_wellbeing(peer.id, now)
        lang = peer.language
        # The answer's index, not its name: a check's UUID leaves little room in a button.
        rows = [
            [ctx.buttons.button(peer.id, ctx.t(lang, f"wellbeing.{a}"), ANSWER, check_id, str(n))]
            for n, a in enumerate(rules.WELLBEING_ANSWERS)
        ]
        await say(uow, peer, ctx.t(lang, "wellbeing.question"), keyboard=rows)
        asked += 1
    return asked


async def answer(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, check_id: str, choice: str
) -> None:
    """An answer button (``choice``: the answer's index)."""
    lang = person.language
    now = ctx.clock.now()
    known = choice.isdigit() and int(choice) < len(rules.WELLBEING_ANSWERS)
    name = rules.WELLBEING_ANSWERS[int(choice)] if known else ""
    if not known or not await uow.training.answer_wellbeing(check_id, person.id, name, now):
        await say(uow, person, ctx.t(lang, "errors.button_expired"))
        return
    await counts.bump(uow, f"wellbeing.{name}")
    latest = await uow.training.wellbeing_answers(person.id)
    if not rules.suggest_a_break(latest):
        await say(uow, person, ctx.t(lang, "wellbeing.thanks"))
        return
    await say(uow, person, ctx.t(lang, "wellbeing.suggest_away"))
    for coordinator in await uow.people.coordinators():
        if coordinator.has_coordinator_power() and coordinator.id != person.id:
            await say(
                uow,
                coordinator,
                ctx.t(coordinator.language, "wellbeing.coord_low", who=label(person)),
            )
