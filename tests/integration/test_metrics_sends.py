"""Sends counted by result in /metrics: the dispatcher against the sandbox over real HTTP, each
of Telegram's answers provoked once, the exposition read back with prometheus_client's parser."""

from __future__ import annotations

import asyncio

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import update
from telegram import Bot

from bot.clock import SystemClock
from bot.delivery.dispatcher import Dispatcher, DispatcherConfig
from bot.delivery.metrics import Metrics
from bot.domain.people import Person, new_code
from bot.sandbox import Fault, Sandbox, SimUser
from bot.storage.orm import OutboxRow, new_id
from bot.storage.outbox_repo import OutgoingMessage


@pytest.fixture
async def sandbox():
    async with Sandbox(token="123456:METRICS") as sb:
        yield sb


async def person_for(storage, sandbox, telegram_id: int) -> tuple[SimUser, Person]:
    user = sandbox.user(telegram_id, first_name="M")
    user.started = True
    person = Person(
        id=new_id(), code=new_code(), telegram_id=telegram_id, created_at=storage.clock.now()
    )
    async with storage.uow() as uow:
        await uow.people.add(person)
        await uow.commit()
    return user, person


async def enqueue(storage, person: Person, method: str, params: dict) -> None:
    async with storage.uow() as uow:
        await uow.outbox.add(OutgoingMessage(person.id, method, params))
        await uow.commit()


def sends_by_result(metrics: Metrics) -> dict[str, float]:
    text = metrics.exposition().decode()
    return {
        sample.labels["result"]: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "entraide_sends_total"
    }


async def test_every_kind_of_answer_is_counted_once_under_its_result(storage, sandbox):
    (flaky_u, flaky), (gone_u, gone), (_, editor) = [
        await person_for(storage, sandbox, 886_000_000_000 + n) for n in range(3)
    ]
    # A send left on the wire by a process that is gone: taken up again, counted uncertain.
    await enqueue(storage, flaky, "sendMessage", {"text": "left on the wire"})
    async with storage.uow() as uow:
        await uow.session.execute(update(OutboxRow).values(status="sending", claimed_by=424242))
        await uow.commit()
    await enqueue(storage, flaky, "sendMessage", {"text": "through a 5xx and a 429"})
    await enqueue(storage, gone, "sendMessage", {"text": "to someone who blocked the bot"})
    await enqueue(storage, editor, "editMessageText", {"message_id": 99999, "text": "nothing"})
    sandbox.add_fault(Fault("5xx", chat_id=flaky_u.id, count=1))
    sandbox.add_fault(Fault("429", chat_id=flaky_u.id, count=1, retry_after=1))
    sandbox.add_fault(Fault("403", chat_id=gone_u.id))

    metrics = Metrics()
    bot = Bot(sandbox.token, base_url=sandbox.base_url, base_file_url=sandbox.base_file_url)
    await bot.initialize()

    async def call(method, params, **kw):
        return await bot._post(method, api_kwargs=params, **kw)

    config = DispatcherConfig(
        per_chat_per_second=100.0,
        per_chat_burst=100,
        idle_poll_seconds=0.1,
        on_result=metrics.count_send,
    )
    dispatcher = Dispatcher(storage, call, SystemClock(), config)
    stop = asyncio.Event()
    task = asyncio.create_task(dispatcher.run(stop))
    await flaky_u.wait_for(lambda m: m.text == "through a 5xx and a 429", timeout=30)
    for _ in range(100):
        if sends_by_result(metrics)["400"] and sends_by_result(metrics)["403"]:
            break
        await asyncio.sleep(0.1)
    stop.set()
    await task
    await bot.shutdown()
    assert sends_by_result(metrics) == {
        "ok": 2,
        "429": 1,
        "403": 1,
        "400": 1,
        "5xx": 1,
        "uncertain": 1,
    }
