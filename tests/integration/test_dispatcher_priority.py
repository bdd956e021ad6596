"""The outbox dispatcher's lanes and hygiene, in-process against the sandbox over real HTTP:
urgent sends overtake routine ones queued for the same chat (never an edit), rows that will
never be sent keep no body, and only methods that take a chat are given one."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select, update
from telegram import Bot

from bot.clock import SystemClock
from bot.delivery.dispatcher import Dispatcher, DispatcherConfig
from bot.domain.people import Person, new_code
from bot.sandbox import Fault, Sandbox
from bot.services.shared.messages import say
from bot.storage.orm import OutboxRow, new_id
from bot.storage.repositories import PRIORITY_URGENT, OutgoingMessage


@pytest.fixture
async def sandbox():
    async with Sandbox(token="123456:LANES") as sb:
        yield sb


async def start(storage, sandbox, *, per_chat: float = 100.0, burst: float = 100.0):
    bot = Bot(sandbox.token, base_url=sandbox.base_url, base_file_url=sandbox.base_file_url)
    await bot.initialize()

    async def call(method, params, **kw):
        return await bot._post(method, api_kwargs=params, **kw)

    cfg = DispatcherConfig(
        per_chat_per_second=per_chat, per_chat_burst=burst, idle_poll_seconds=0.2
    )
    dispatcher = Dispatcher(storage, call, SystemClock(), cfg)
    stop = asyncio.Event()
    task = asyncio.create_task(dispatcher.run(stop))

    async def finish() -> None:
        stop.set()
        await task
        await bot.shutdown()

    return dispatcher, finish


async def add_person(storage, telegram_id: int, *, coordinator: bool = False) -> Person:
    person = Person(
        id=new_id(),
        code=new_code(),
        telegram_id=telegram_id,
        created_at=storage.clock.now(),
        is_coordinator=coordinator,
    )
    async with storage.uow() as uow:
        await uow.people.add(person)
        await uow.commit()
    return person


async def queue(storage, *messages: OutgoingMessage) -> None:
    async with storage.uow() as uow:
        for message in messages:
            await uow.outbox.add(message)
        await uow.commit()


def text(person: Person, body: str) -> OutgoingMessage:
    return OutgoingMessage(person.id, "sendMessage", {"text": body})


async def test_an_urgent_alert_overtakes_routine_messages_already_queued(storage, sandbox):
    coordinator = sandbox.user(8201, first_name="Coord")
    coordinator.started = True
    person = await add_person(storage, coordinator.id, coordinator=True)
    routine = [f"routine {n}" for n in range(50)]
    await queue(storage, *(text(person, body) for body in routine))
    # Telegram's per-chat pace (here 5/s): the queue takes ten seconds to drain.
    _dispatcher, finish = await start(storage, sandbox, per_chat=5.0, burst=1.0)
    await coordinator.wait_for(lambda m: m.text == "routine 1", timeout=10)
    async with storage.uow() as uow:
        await say(uow, person, "URGENT: someone needs help now", urgent=True)
        await uow.commit()
    await coordinator.wait_for(lambda m: True, count=51, timeout=30)
    await finish()

    got = [m.text for m in coordinator.received]
    urgent_at = got.index("URGENT: someone needs help now")
    # It went out at the chat's next turn, not after the forty-odd routine ones left.
    assert urgent_at < 25
    assert [t for t in got if t.startswith("routine")] == routine


async def test_an_urgent_edit_never_overtakes_the_messages_queued_before_it(storage, sandbox):
    user = sandbox.user(8202, first_name="Edit")
    user.started = True
    person = await add_person(storage, user.id)
    await queue(storage, text(person, "first"))
    _dispatcher, finish = await start(storage, sandbox)
    first = await user.wait_for(lambda m: m.text == "first", timeout=10)
    await finish()

    # With the dispatcher stopped: routine messages, then an edit and a send both asked urgent.
    later = [f"later {n}" for n in range(5)]
    edit = {"message_id": first.message_id, "text": "first, edited"}
    await queue(
        storage,
        *(text(person, body) for body in later),
        OutgoingMessage(person.id, "editMessageText", edit, priority=PRIORITY_URGENT),
        OutgoingMessage(person.id, "sendMessage", {"text": "crisis"}, priority=PRIORITY_URGENT),
    )
    _dispatcher, finish = await start(storage, sandbox)
    await user.wait_for(lambda m: m.text == "later 4", timeout=10)
    await user.wait_for(lambda m: m.text == "first, edited", timeout=10)
    await finish()

    calls = [
        r.params.get("text")
        for r in sandbox.requests
        if r.method in ("sendMessage", "editMessageText") and r.status_code == 200
    ]
    # The urgent send goes first; the edit keeps its place behind what was queued before it.
    assert calls == ["first", "crisis", *later, "first, edited"]


async def test_rows_never_to_be_sent_keep_no_body(storage, sandbox):
    refused = sandbox.user(8203, first_name="Dead")
    refused.started = True
    blocked = sandbox.user(8204, first_name="Gone")
    blocked.started = True
    one = await add_person(storage, refused.id)
    two = await add_person(storage, blocked.id)
    sandbox.add_fault(Fault("403", chat_id=blocked.id))
    # A copy names its sender's chat in from_chat_id; over the length limit it is a 400.
    await queue(
        storage,
        OutgoingMessage(one.id, "sendMessage", {"text": "x" * 5000, "from_chat_id": 4242}),
        text(one, "after"),
        text(two, "to someone who blocked the bot"),
        text(two, "and another"),
    )
    dispatcher, finish = await start(storage, sandbox)
    await refused.wait_for(lambda m: m.text == "after", timeout=10)
    for _ in range(100):
        if dispatcher.stats.unreachable:
            break
        await asyncio.sleep(0.1)
    await finish()

    async with storage.uow() as uow:
        rows = (
            await uow.session.execute(
                select(OutboxRow.status, OutboxRow.method, OutboxRow.error, OutboxRow.payload)
                .where(OutboxRow.status.in_(("dead", "cancelled")))
                .order_by(OutboxRow.id)
            )
        ).all()
    assert [(status, method) for status, method, _e, _p in rows] == [
        ("dead", "sendMessage"),
        ("cancelled", "sendMessage"),
        ("cancelled", "sendMessage"),
    ]
    assert "too long" in rows[0].error
    assert [payload for *_rest, payload in rows] == [None, None, None]


async def test_set_my_commands_is_sent_without_a_chat_id(storage, sandbox):
    user = sandbox.user(8205, first_name="Menu")
    user.started = True
    person = await add_person(storage, user.id)
    params = {
        "commands": [{"command": "help", "description": "Help"}],
        "scope": {"type": "chat", "chat_id": user.id},
    }
    await queue(storage, OutgoingMessage(person.id, "setMyCommands", params), text(person, "done"))
    _dispatcher, finish = await start(storage, sandbox)
    await user.wait_for(lambda m: m.text == "done", timeout=10)
    await finish()

    [call] = sandbox.calls("setMyCommands")
    assert call.status_code == 200
    assert "chat_id" not in call.params
    assert call.params["scope"] == {"type": "chat", "chat_id": user.id}
    [sent] = sandbox.calls("sendMessage")
    assert sent.params["chat_id"] == user.id


async def test_an_urgent_row_waits_for_its_chat_s_message_on_the_wire_then_goes_first(
    storage, sandbox
):
    user = sandbox.user(8206, first_name="Wire")
    user.started = True
    person = await add_person(storage, user.id)
    await queue(storage, text(person, "on the wire"), text(person, "routine after"))
    async with storage.uow() as uow:
        # As another process would leave it mid-send.
        await uow.session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == select(func.min(OutboxRow.id)).scalar_subquery())
            .values(status="sending")
        )
        await uow.commit()
    await queue(
        storage,
        OutgoingMessage(person.id, "sendMessage", {"text": "urgent"}, priority=PRIORITY_URGENT),
    )
    dispatcher = Dispatcher(storage, _never_called, SystemClock(), DispatcherConfig())
    claimed, _wait = await dispatcher.claim(8)
    assert claimed == [], "nothing more for a chat whose message is on the wire"

    async with storage.uow() as uow:
        await uow.session.execute(
            update(OutboxRow).where(OutboxRow.status == "sending").values(status="sent")
        )
        await uow.commit()
    claimed, _wait = await dispatcher.claim(8)
    assert [c.params["text"] for c in claimed] == ["urgent"]


async def _never_called(method, params, **kw):
    raise AssertionError("no send expected")
