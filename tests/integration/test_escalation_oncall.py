"""On call, in real storage on both backends: alerts go to whoever is on duty (``/oncall on``
or the weekly rota), to everyone when nobody is or when still unclaimed after
``escalate_to_all_minutes``; someone asking for help when nobody is on duty is told honestly
when a coordinator is next expected, after the crisis lines."""

from __future__ import annotations

from bot.services.coordination import commands as coordination
from bot.services.escalations import reminders
from bot.services.onboarding import greeting
from bot.storage.orm import PersonRow
from tests.support.context import make_ctx
from tests.support.coord import add, audit_rows, person, run, texts

# The FakeClock starts on Monday 2026-01-05 at 09:00 UTC (10:00 in Paris).
ROTA_NOW = {"coordinator": 1, "days": ["mon"], "start": "08:00", "end": "18:00"}
ROTA_TUESDAY = {"coordinator": 1, "days": ["tue"], "start": "09:00", "end": "18:00"}


async def network(storage, clock, **escalation):
    ctx = make_ctx(clock, storage, **({"escalation": escalation} if escalation else {}))
    a = person(clock, 1, role="coordinator", pseudonym="Alix")
    b = person(clock, 2, role="coordinator", pseudonym="Bea")
    c = person(clock, 3, role="coordinator", pseudonym="Cyd")
    seeker = person(clock, 10, pseudonym="Lune")
    await add(storage, a, b, c, seeker)
    return ctx, a, b, c, seeker


def alerts(sent):
    return [t for t in sent if "Press Claim" in t]


async def test_the_rota_routes_the_alert_to_the_coordinator_on_duty_then_to_everyone(
    storage, clock
):
    ctx, a, b, c, seeker = await network(storage, clock, rota=[ROTA_NOW], escalate_to_all_minutes=7)
    await run(storage, greeting.sos, ctx, seeker)
    assert len(alerts(await texts(storage, a))) == 1
    assert alerts(await texts(storage, b)) == [] and alerts(await texts(storage, c)) == []
    # Someone is on duty: no "nobody is on duty" words to the seeker.
    assert "no coordinator is on duty" not in (await texts(storage, seeker))[-1]
    clock.advance(minutes=5)
    await run(storage, reminders.realert, ctx)  # the urgent reminder: still only Alix
    assert len(alerts(await texts(storage, a))) == 2 and alerts(await texts(storage, b)) == []
    clock.advance(minutes=2)
    await run(storage, reminders.realert, ctx)
    for other in (b, c):
        [widened] = alerts(await texts(storage, other))
        assert widened.startswith("⏰ No one on duty has claimed escalation")
    assert len(alerts(await texts(storage, a))) == 2, "Alix already has it"
    clock.advance(minutes=5)
    await run(storage, reminders.realert, ctx)
    for other in (b, c):
        assert len(alerts(await texts(storage, other))) == 2, "reminders now go to everyone"


async def test_nobody_on_duty_alerts_everyone_and_says_when_one_is_expected(storage, clock):
    ctx, a, b, c, seeker = await network(storage, clock, rota=[ROTA_TUESDAY])
    await run(storage, greeting.sos, ctx, seeker)
    for coordinator in (a, b, c):
        assert len(alerts(await texts(storage, coordinator))) == 1
    answer = (await texts(storage, seeker))[-1]
    # Crisis lines first, then the honest word: Tuesday 09:00 in Paris is in 23 hours.
    assert answer.index("116 123") < answer.index("no coordinator is on duty")
    assert "the next one on duty is expected in about 23 h 0 min" in answer


async def test_without_a_rota_nobody_on_duty_is_said_plainly(storage, clock):
    ctx, _a, _b, _c, seeker = await network(storage, clock)
    await run(storage, greeting.sos, ctx, seeker)
    answer = (await texts(storage, seeker))[-1]
    assert "we can't say when one will read this" in answer


async def test_oncall_on_and_off_and_who_is_on_duty(storage, clock):
    ctx, a, b, c, seeker = await network(storage, clock)
    await run(storage, coordination.run, ctx, b, "/oncall on")
    assert (await texts(storage, b))[-1].startswith("You are on duty")
    await run(storage, coordination.run, ctx, a, "/oncall")
    assert (await texts(storage, a))[-1] == f"On duty now: Bea ({b.code}).\nYou are off duty."
    await run(storage, greeting.sos, ctx, seeker)
    assert len(alerts(await texts(storage, b))) == 1
    assert alerts(await texts(storage, a)) == [] and alerts(await texts(storage, c)) == []
    await run(storage, coordination.run, ctx, b, "/oncall off")
    await run(storage, coordination.run, ctx, b, "/oncall")
    assert (await texts(storage, b))[-1].startswith("No one is on duty now")
    await run(storage, coordination.run, ctx, b, "/oncall maybe")
    assert (await texts(storage, b))[-1].startswith("Usage: /oncall on | off")
    actions = [r.action for r in await audit_rows(storage)]
    assert actions.count("oncall.on") == 1 and actions.count("oncall.off") == 1


async def test_off_duty_while_the_rota_says_on_is_answered_honestly(storage, clock):
    ctx, a, _b, _c, _seeker = await network(storage, clock, rota=[ROTA_NOW])
    await run(storage, coordination.run, ctx, a, "/oncall off")
    assert "the weekly rota puts you on duty right now" in (await texts(storage, a))[-1]


async def test_a_suspended_coordinator_on_duty_is_not_alerted_and_the_rest_are(storage, clock):
    ctx, a, b, c, seeker = await network(storage, clock, rota=[ROTA_NOW])
    async with storage.uow() as uow:
        row = await uow.session.get(PersonRow, a.id)
        row.status = "suspended"
        await uow.commit()
    await run(storage, greeting.sos, ctx, seeker)
    assert alerts(await texts(storage, a)) == []
    assert len(alerts(await texts(storage, b))) == 1 and len(alerts(await texts(storage, c))) == 1
