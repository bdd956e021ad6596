"""The webhook endpoint of the real bot process refuses before reading: a wrong secret is
answered on the headers alone, an oversized body is refused (413), and the bot goes on
taking real updates. (How much memory a refused body no longer costs is measured in the
report, not asserted here.)"""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
from sqlalchemy import func, select

from bot.delivery.webhook import MAX_BODY_BYTES, SECRET_HEADER
from bot.storage.orm import InboxUpdateRow

pytestmark = pytest.mark.e2e

SECRET = "a-webhook-secret-of-forty-characters-xyz"
TEN_MB = 10 * 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def post_headers_only(port: int, path: str, headers: dict[str, str], length: int) -> int:
    """Announces a body of ``length`` bytes, sends none of it, and returns the status the
    server answers with: an answer here was given without reading the body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", f"Content-Length: {length}"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    head += ["Content-Type: application/json", "", ""]
    writer.write("\r\n".join(head).encode())
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), timeout=30)
    # Then the body: the server has closed the connection (reading to its end returns) and
    # takes none of it.
    try:
        chunk = b" " * (1024 * 1024)
        for _ in range(length // len(chunk)):
            writer.write(chunk)
            await writer.drain()
        await asyncio.wait_for(reader.read(), timeout=30)
    except (ConnectionError, OSError):
        pass
    writer.close()
    return int(status_line.split()[1])


async def inbox_size(storage) -> int:
    async with storage.uow() as uow:
        return int(
            (
                await uow.session.execute(select(func.count()).select_from(InboxUpdateRow))
            ).scalar_one()
        )


async def test_a_wrong_secret_or_a_huge_body_is_refused_unread(sandbox, make_bot, storage):
    port = free_port()
    bot = make_bot(
        telegram={"mode": "webhook"},
        webhook={
            "listen": "127.0.0.1",
            "port": port,
            "path": "/tg",
            "public_url": f"http://127.0.0.1:{port}",
            "secret_token": SECRET,
        },
    )
    await bot.start()
    user = sandbox.user(7601, first_name="Hook", language_code="en")
    user.started = True

    # 10 MB announced with a wrong secret, and with none: refused on the headers alone.
    assert await post_headers_only(port, "/tg", {SECRET_HEADER: "wrong"}, TEN_MB) == 403
    assert await post_headers_only(port, "/tg", {}, TEN_MB) == 403
    # The right secret, but far more than any update: refused before reading it too.
    assert await post_headers_only(port, "/tg", {SECRET_HEADER: SECRET}, TEN_MB) == 413
    # A whole 10 MB body sent with a wrong secret is refused as well.
    async with httpx.AsyncClient() as client:
        try:
            answer = await client.post(
                f"http://127.0.0.1:{port}/tg",
                content=b"{" + b" " * TEN_MB + b"}",
                headers={SECRET_HEADER: "wrong", "Content-Type": "application/json"},
            )
            assert answer.status_code == 403
        except httpx.TransportError:
            pass  # closed mid-upload: also refused, and nothing read

        # Just over the cap, with the right secret and a chunked body (no length announced).
        async def chunks():
            yield b'{"update_id": 1, "pad": "'
            yield b"x" * (MAX_BODY_BYTES + 1)
            yield b'"}'

        try:
            oversized = await client.post(
                f"http://127.0.0.1:{port}/tg",
                content=chunks(),
                headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"},
            )
            assert oversized.status_code >= 400
        except httpx.TransportError:
            pass  # the connection was cut at the cap
    assert await inbox_size(storage) == 0, "nothing refused was stored"

    # Real updates still go through, and get their answer.
    sent = user.send_text("hello")
    await user.wait_for(lambda m: m.reply_to_message_id == sent, timeout=30)
    assert sandbox.webhook_deliveries[-1].status_code == 200
    assert await bot.stop() == 0
