"""Webhook intake: the update is committed before Telegram gets its 200, so none is lost.

The secret header is checked before any of the body is read, and bodies are capped at
``MAX_BODY_BYTES`` (413 above it): a caller without the secret cannot make the process
buffer anything (Telegram's own updates are a few kilobytes).
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from typing import Any

from tornado.http1connection import HTTP1Connection
from tornado.web import RequestHandler, stream_request_body

from bot.clock import Clock
from bot.delivery.http_server import Route
from bot.storage.uow import Storage

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
MAX_BODY_BYTES = 1024 * 1024


@stream_request_body
class _UpdateHandler(RequestHandler):
    def initialize(
        self, storage: Storage, clock: Clock, secret: str, on_stored: Callable[[], None]
    ) -> None:
        self._storage = storage
        self._clock = clock
        self._secret = secret
        self._on_stored = on_stored
        self._chunks: list[bytes] = []
        self._size = 0

    def prepare(self) -> None:
        # Runs once the headers are in and before any of the body is read: a refused call
        # never costs the memory of its body (Tornado drops the rest and closes the connection).
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            log.warning("webhook call with a wrong secret token refused")
            self.set_status(403)
            self.finish()
            return
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            log.warning("webhook call with an oversized body refused")
            self.set_status(413)
            self.finish()
            return
        # A chunked body without a length is cut off by the connection at the same size.
        if isinstance(self.request.connection, HTTP1Connection):
            self.request.connection.set_max_body_size(MAX_BODY_BYTES)

    def data_received(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size <= MAX_BODY_BYTES:
            self._chunks.append(chunk)

    async def post(self) -> None:
        if self._size > MAX_BODY_BYTES:
            self.set_status(413)
            return
        try:
            data: Any = json.loads(b"".join(self._chunks))
            int(data["update_id"])
        except (ValueError, KeyError, TypeError):
            self.set_status(400)
            return
        async with self._storage.uow() as uow:
            await uow.inbox.store([data], self._clock.now())
            await uow.commit()
        self._on_stored()
        self.set_status(200)

    def log_exception(self, *args: Any) -> None:
        # Tornado's default would print the request, which may carry a message body.
        log.error("webhook handler error")


def webhook_routes(
    storage: Storage,
    clock: Clock,
    secret: str,
    path: str,
    on_stored: Callable[[], None],
) -> list[Route]:
    """The webhook's route, for the bot's HTTP server (bot/delivery/http_server.py)."""
    args = {"storage": storage, "clock": clock, "secret": secret, "on_stored": on_stored}
    return [(path, _UpdateHandler, args)]
