"""The outbox dispatcher in-process, against the sandbox over real HTTP."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot

from bot.clock import SystemClock
from bot.delivery.dispatcher import Dispatcher, DispatcherConfig
from bot.domain.people import Person, new_code
from bot.sandbox import Fault, Sandbox
from bot.storage.orm import new_id
from bot.storage.repositories import OutgoingMessage


@pytest.fixture
async def sandbox():
    async with Sandbox(token="123456:DISPATCH") as sb:
        yield sb


async def make_dispatcher(storage, sandbox, **config):
    bot = Bot(sandbox.token, base_url=sandbox.base_url, base_file_url=sandbox.base_file_url)
    await bot.initialize()

    async def call(method, params, **kw):
        return await bot._post(method, api_kwargs=params, **kw)

    cfg = DispatcherConfig(per_chat_per_second=100.0, per_chat_burst=100, **config)
    # Back-off is real waiting, so the dispatcher runs on real time whatever the storage's clock.
    return bot, Dispatcher(storage, call, SystemClock(), cfg)


async def add_person(storage, telegram_id: int) -> Person:
    person = Person(
        id=new_id(), code=new_code(), telegram_id=telegram_id, created_at=storage.clock.now()
    )
    async with storage.uow() as uow:
        await uow.people.add(person)
        await uow.commit()
    return person


async def enqueue(storage, person: Person, text: str) -> None:
    async with storage.uow() as uow:
        await uow.outbox.add(OutgoingMessage(person.id, "sendMessage", {"text": text}))
        await uow.commit()


async def test_a_new_row_is_sent_on_commit_not_on_the_next_poll(storage, sandbox):
    user = sandbox.user(8101, first_name="Fast")
    user.started = True
    person = await add_person(storage, user.id)
    # With a 60 s idle poll, only the commit's wake-up can explain a send within seconds.
    bot, dispatcher = await make_dispatcher(storage, sandbox, idle_poll_seconds=60.0)
    stop = asyncio.Event()
    task = asyncio.create_task(dispatcher.run(stop))
    await asyncio.sleep(0.2)  # let it go idle first
    for n in range(3):
        await enqueue(storage, person, f"ping {n}")
        await user.wait_for(lambda m, n=n: m.text == f"ping {n}", timeout=5)
    stop.set()
    await task
    await bot.shutdown()
    assert [m.text for m in user.received] == ["ping 0", "ping 1", "ping 2"]


async def test_server_errors_are_retried_without_reordering(storage, sandbox):
    user = sandbox.user(8102, first_name="Order")
    user.started = True
    person = await add_person(storage, user.id)
    sandbox.add_fault(Fault("5xx", count=2))
    for n in range(5):
        await enqueue(storage, person, f"m{n}")
    bot, dispatcher = await make_dispatcher(storage, sandbox, idle_poll_seconds=0.2)
    stop = asyncio.Event()
    task = asyncio.create_task(dispatcher.run(stop))
    await user.wait_for(lambda m: True, count=5, timeout=20)
    stop.set()
    await task
    await bot.shutdown()
    assert [m.text for m in user.received] == [f"m{n}" for n in range(5)]
    assert dispatcher.stats.retried >= 2


async def test_a_refused_message_is_dead_lettered_and_the_next_one_goes(storage, sandbox):
    user = sandbox.user(8103, first_name="Dead")
    user.started = True
    person = await add_person(storage, user.id)
    await enqueue(storage, person, "x" * 5000)  # over Telegram's 4096 limit: a 400
    await enqueue(storage, person, "after")
    bot, dispatcher = await make_dispatcher(storage, sandbox, idle_poll_seconds=0.2)
    stop = asyncio.Event()
    task = asyncio.create_task(dispatcher.run(stop))
    await user.wait_for(lambda m: m.text == "after", timeout=10)
    stop.set()
    await task
    await bot.shutdown()
    from sqlalchemy import select

    from bot.storage.orm import OutboxRow

    async with storage.uow() as uow:
        rows = (
            await uow.session.execute(
                select(OutboxRow.status, OutboxRow.error).order_by(OutboxRow.id)
            )
        ).all()
    assert rows[0][0] == "dead" and "too long" in rows[0][1]
    assert rows[1][0] == "sent"
