"""moderation.held_back over a fake unit of work: a suspended person is told they are on hold at
most once an hour for messages, always for a command; an active person is not held back."""

from __future__ import annotations

from typing import cast

from bot.clock import FakeClock
from bot.domain.people import SUSPENDED, Person
from bot.services.relay import moderation
from bot.services.shared.context import ServiceContext
from bot.storage.uow import UnitOfWork
from tests.support.context import make_ctx
from tests.support.coord import person
from tests.support.fakes import FakeUnitOfWork


def suspended(clock: FakeClock, telegram_id: int = 1) -> Person:
    who = person(clock, telegram_id)
    who.status = SUSPENDED
    return who


async def held(
    uow: FakeUnitOfWork,
    ctx: ServiceContext,
    who: Person,
    *,
    reply_to: int | None = None,
    command: bool = False,
) -> bool:
    return await moderation.held_back(
        cast(UnitOfWork, uow), ctx, who, reply_to=reply_to, command=command
    )


def on_hold(ctx: ServiceContext, who: Person) -> str:
    return ctx.t(who.language, "relay.on_hold")


async def test_an_active_person_is_not_held_back_and_told_nothing() -> None:
    clock = FakeClock()
    ctx, who = make_ctx(clock), person(clock, 1)
    uow = FakeUnitOfWork(clock, people=[who])
    assert not await held(uow, ctx, who)
    assert uow.outbox.messages == [] and uow.queue.marks == []


async def test_a_suspended_person_is_told_once_an_hour_whatever_they_send() -> None:
    clock = FakeClock()
    ctx, who = make_ctx(clock), suspended(clock)
    uow = FakeUnitOfWork(clock, people=[who])
    assert await held(uow, ctx, who)
    assert uow.outbox.texts(who) == [on_hold(ctx, who)]
    clock.advance(minutes=59)
    assert await held(uow, ctx, who)  # still held back, but not told again
    assert len(uow.outbox.messages) == 1
    clock.advance(minutes=1)
    assert await held(uow, ctx, who)  # an hour to the second: not yet
    assert len(uow.outbox.messages) == 1
    clock.advance(seconds=1)
    assert await held(uow, ctx, who)
    assert uow.outbox.texts(who) == [on_hold(ctx, who)] * 2


async def test_each_person_has_their_own_hour() -> None:
    clock = FakeClock()
    ctx = make_ctx(clock)
    first, second = suspended(clock, 1), suspended(clock, 2)
    uow = FakeUnitOfWork(clock, people=[first, second])
    assert await held(uow, ctx, first)
    assert await held(uow, ctx, second)
    assert len(uow.outbox.to(first)) == len(uow.outbox.to(second)) == 1


async def test_a_command_is_always_answered_even_within_the_hour() -> None:
    clock = FakeClock()
    ctx, who = make_ctx(clock), suspended(clock)
    uow = FakeUnitOfWork(clock, people=[who])
    assert await held(uow, ctx, who)
    assert await held(uow, ctx, who, command=True)
    assert await held(uow, ctx, who, command=True)
    assert uow.outbox.texts(who) == [on_hold(ctx, who)] * 3


async def test_the_notice_answers_the_message_that_was_held_back() -> None:
    clock = FakeClock()
    ctx, who = make_ctx(clock), suspended(clock)
    uow = FakeUnitOfWork(clock, people=[who])
    assert await held(uow, ctx, who, reply_to=42)
    [notice] = uow.outbox.messages
    assert notice.params["reply_parameters"] == {
        "message_id": 42,
        "allow_sending_without_reply": True,
    }
