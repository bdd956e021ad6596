"""oncall over a fake unit of work: who gets an escalation's alert first. The coordinators on
duty (by /oncall on or by the rota), never the person it is about nor a suspended coordinator;
every coordinator when nobody eligible is on duty; and what someone asking for help is told."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from bot.clock import FakeClock
from bot.domain.people import SUSPENDED, Person
from bot.services.escalations import oncall
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import duration
from bot.storage.uow import UnitOfWork
from tests.support.context import make_ctx
from tests.support.coord import person
from tests.support.fakes import FakeUnitOfWork

# FakeClock starts on Monday 2026-01-05 at 09:00 UTC, 10:00 in Paris.
ROTA = {"rota": [{"coordinator": 101, "days": ["mon"], "start": "10:00", "end": "12:00"}]}


def team(clock: FakeClock) -> tuple[Person, Person, Person, Person]:
    """Three coordinators created a minute apart (the first is the oldest), and a seeker."""
    made = []
    for n in (101, 102, 103):
        made.append(person(clock, n, role="coordinator"))
        clock.advance(minutes=1)
    return made[0], made[1], made[2], person(clock, 200)


async def audience(
    uow: FakeUnitOfWork, ctx: ServiceContext, subject: Person | None
) -> tuple[list[str], bool]:
    found = await oncall.audience(
        cast(UnitOfWork, uow), ctx, subject.id if subject else None, ctx.clock.now()
    )
    return [p.id for p in found.people], found.on_duty_only


async def test_nobody_on_duty_alerts_every_active_coordinator() -> None:
    clock = FakeClock()
    a, b, c, seeker = team(clock)
    c.status = SUSPENDED
    uow = FakeUnitOfWork(clock, people=[a, b, c, seeker])
    ids, on_duty_only = await audience(uow, make_ctx(clock), seeker)
    assert sorted(ids) == sorted([a.id, b.id]) and not on_duty_only


async def test_those_on_duty_by_command_are_alerted_alone() -> None:
    clock = FakeClock()
    a, b, c, seeker = team(clock)
    uow = FakeUnitOfWork(clock, people=[a, b, c, seeker], on_duty=[b.id])
    assert await audience(uow, make_ctx(clock), seeker) == ([b.id], True)


async def test_the_rota_puts_a_coordinator_on_duty_in_their_slot_only() -> None:
    clock = FakeClock()
    a, b, c, seeker = team(clock)
    uow = FakeUnitOfWork(clock, people=[a, b, c, seeker], on_duty=[c.id])
    ctx = make_ctx(clock, escalation=ROTA)  # a, by the rota
    ids, on_duty_only = await audience(uow, ctx, seeker)
    assert ids == [a.id, c.id] and on_duty_only  # oldest first
    clock.advance(hours=3)  # 13:03 in Paris: the slot has ended
    assert await audience(uow, ctx, seeker) == ([c.id], True)


async def test_the_person_it_is_about_and_suspended_coordinators_are_never_alerted() -> None:
    clock = FakeClock()
    a, b, c, seeker = team(clock)
    b.status = SUSPENDED
    uow = FakeUnitOfWork(clock, people=[a, b, c, seeker], on_duty=[a.id, b.id])
    # The escalation is about a, the only eligible one on duty: everyone else is alerted.
    ids, on_duty_only = await audience(uow, make_ctx(clock), a)
    assert sorted(ids) == [c.id] and not on_duty_only


async def test_someone_asking_for_help_is_told_when_a_coordinator_is_next_expected() -> None:
    clock = FakeClock()
    a, b, c, seeker = team(clock)
    clock.advance(hours=3)  # Monday 13:03 in Paris, after the slot: the next is next Monday
    uow = FakeUnitOfWork(clock, people=[a, b, c, seeker])
    unknown = await oncall.nobody_note(cast(UnitOfWork, uow), make_ctx(clock), seeker, clock.now())
    assert unknown == make_ctx(clock).t("en", "oncall.nobody_unknown")
    ctx = make_ctx(clock, escalation=ROTA)
    expected = await oncall.next_expected(cast(UnitOfWork, uow), ctx, clock.now())
    assert expected == datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
    note = await oncall.nobody_note(cast(UnitOfWork, uow), ctx, seeker, clock.now())
    when = duration(ctx, "en", expected - clock.now())
    assert note == ctx.t("en", "oncall.nobody_next", when=when)
    # Someone else on duty: nothing to explain.
    await uow.coord.set_on_duty(b.id, True, clock.now())
    assert await oncall.nobody_note(cast(UnitOfWork, uow), ctx, seeker, clock.now()) is None
    # Only the person asking is on duty: still nobody for them.
    assert await oncall.nobody_note(cast(UnitOfWork, uow), ctx, b, clock.now()) is not None
