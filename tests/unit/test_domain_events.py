"""Domain events: a feature publishes what happened; the features listed as reacting to it act
at once, in the same unit of work, in the order the table lists them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from bot.clock import FakeClock
from bot.domain.events import Event, PeerHasRoom, SeekerLooking
from bot.domain.people import Person
from bot.services.reactions import REACTIONS
from bot.services.shared.context import ServiceContext
from bot.storage.uow import UnitOfWork
from tests.support.context import make_ctx
from tests.support.fakes import FakeUnitOfWork


def _person(clock: FakeClock) -> Person:
    return Person(id="p1", code="P1", telegram_id=1, created_at=clock.now())


async def test_every_reaction_runs_in_order_and_the_unit_of_work_keeps_the_event() -> None:
    clock = FakeClock()
    heard: list[tuple[str, Event]] = []

    async def first(uow: UnitOfWork, ctx: ServiceContext, event: Any) -> None:
        heard.append(("first", event))

    async def second(uow: UnitOfWork, ctx: ServiceContext, event: Any) -> None:
        heard.append(("second", event))

    ctx = replace(make_ctx(clock), reactions={PeerHasRoom: [first, second]})
    uow = FakeUnitOfWork(clock)
    event = PeerHasRoom(_person(clock))
    await ctx.publish(cast(UnitOfWork, uow), event)
    assert heard == [("first", event), ("second", event)]
    assert uow.published == [event]


async def test_an_event_nobody_reacts_to_is_still_kept() -> None:
    clock = FakeClock()
    ctx = replace(make_ctx(clock), reactions={})
    uow = FakeUnitOfWork(clock)
    event = SeekerLooking(_person(clock))
    await ctx.publish(cast(UnitOfWork, uow), event)
    assert uow.published == [event]


def test_matching_reacts_to_every_event_that_frees_or_stops_a_search() -> None:
    # The features that publish these no longer call matching: without a reaction listed,
    # a freed peer would never get a waiting seeker, and a suspended seeker's offers would stay.
    for kind in Event.__subclasses__():
        assert REACTIONS.get(kind), f"nobody reacts to {kind.__name__}"
