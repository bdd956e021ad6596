"""The aiohttp request layer under python-telegram-bot, against the sandbox over real HTTP.

What the outbox relies on: Telegram's refusals keep their PTB error classes, an answer that
does not come in time is ``TimedOut`` (the call may have gone through), a server that cannot be
reached is ``NetworkError``, and files upload as multipart.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from telegram import Bot, InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.delivery.http import AiohttpRequest
from bot.sandbox import Fault, Sandbox

TOKEN = "123456:HTTP"


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox(token=TOKEN) as sb:
        yield sb


def request(timeout: float = 5.0) -> AiohttpRequest:
    return AiohttpRequest(8, timeout, timeout, timeout, timeout)


async def bot_on(base_url: str, base_file_url: str, timeout: float = 5.0) -> Bot:
    bot = Bot(
        TOKEN,
        base_url=base_url,
        base_file_url=base_file_url,
        request=request(timeout),
        get_updates_request=request(timeout),
    )
    return bot


async def test_calls_answers_and_uploads_go_through(sandbox):
    user = sandbox.user(8_500_000_001, first_name="Lina")
    user.started = True
    async with await bot_on(sandbox.base_url, sandbox.base_file_url) as bot:
        sent = await bot._post("sendMessage", api_kwargs={"chat_id": user.id, "text": "Bonjour"})
        assert sent["text"] == "Bonjour"
        png = b"\x89PNG\r\n\x1a\n" + bytes(200)
        photo = InputFile(png, filename="stats.png")
        await bot._post(
            "sendPhoto", api_kwargs={"chat_id": user.id, "photo": photo, "caption": "Chart"}
        )
    [call] = sandbox.calls("sendPhoto")
    assert call.params["photo"]["upload"] == "stats.png"
    assert call.params["photo"]["size"] == len(png)
    assert call.params["caption"] == "Chart"


async def test_telegram_refusals_keep_their_error_classes(sandbox):
    user = sandbox.user(8_500_000_002, first_name="Omar")
    user.started = True
    async with await bot_on(sandbox.base_url, sandbox.base_file_url) as bot:
        sandbox.add_fault(Fault("429", count=1, retry_after=3))
        with pytest.raises(RetryAfter) as slow:
            await bot._post("sendMessage", api_kwargs={"chat_id": user.id, "text": "a"})
        assert slow.value.retry_after in (3, timedelta(seconds=3))
        sandbox.add_fault(Fault("403", chat_id=user.id, count=1))
        with pytest.raises(Forbidden):
            await bot._post("sendMessage", api_kwargs={"chat_id": user.id, "text": "b"})
        with pytest.raises(BadRequest):
            await bot._post("sendMessage", api_kwargs={"chat_id": user.id, "text": ""})


async def test_an_answer_that_comes_too_late_is_timed_out(sandbox):
    user = sandbox.user(8_500_000_003, first_name="Ana")
    user.started = True
    async with await bot_on(sandbox.base_url, sandbox.base_file_url, timeout=0.2) as bot:
        sandbox.response_delay = 1.0
        with pytest.raises(TimedOut):
            await bot._post("sendMessage", api_kwargs={"chat_id": user.id, "text": "late"})


async def test_a_server_that_cannot_be_reached_is_a_network_error():
    # A port nothing listens on: bound, then released.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/bot"
    bot = await bot_on(base, base.replace("/bot", "/file/bot"))
    await bot.request.initialize()
    try:
        with pytest.raises(NetworkError) as failed:
            await bot._post("sendMessage", api_kwargs={"chat_id": 1, "text": "x"})
        assert not isinstance(failed.value, TimedOut)
    finally:
        await bot.request.shutdown()


async def test_a_call_before_initialize_is_refused_clearly():
    with pytest.raises(RuntimeError, match="not initialized"):
        await request().do_request("http://127.0.0.1:1/x", "POST")
