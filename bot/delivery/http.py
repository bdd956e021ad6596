"""python-telegram-bot's requests made with aiohttp instead of httpx.

PTB talks to the Bot API through a ``telegram.request.BaseRequest``; any implementation may be
given to it, and PTB keeps doing the rest (building the parameters, uploads, reading the answer,
mapping Telegram's errors to ``telegram.error``). The default one, on httpx, cost 1.7 ms of CPU
per call on this project's machine, aiohttp 0.19 ms: at a few hundred relayed messages a second
that was a third of the bot's CPU and the first thing that capped it (docs/performance.md).

Errors keep PTB's meaning: a call whose answer did not come in time is ``TimedOut`` (it may have
reached Telegram), anything else that kept it from Telegram is ``NetworkError``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# What a timeout argument left at PTB's default looks like.
_DEFAULT = BaseRequest.DEFAULT_NONE


class AiohttpRequest(BaseRequest):
    def __init__(
        self,
        connection_pool_size: int,
        read_timeout: float | None,
        write_timeout: float | None,
        connect_timeout: float | None,
        pool_timeout: float | None,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        # Told of every 2xx answer from Telegram (health and metrics: bot/delivery/health.py).
        self.on_success: Callable[[], None] | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            # Made here, inside the running loop, as aiohttp wants.
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = _DEFAULT,
        write_timeout: Any = _DEFAULT,
        connect_timeout: Any = _DEFAULT,
        pool_timeout: Any = _DEFAULT,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = self._read if read_timeout is _DEFAULT else read_timeout
        connect = self._connect if connect_timeout is _DEFAULT else connect_timeout
        pool = self._pool if pool_timeout is _DEFAULT else pool_timeout
        write = self._write if write_timeout is _DEFAULT else write_timeout
        # aiohttp has no write timeout of its own: the whole call is bounded by the sum of the
        # four, so an upload the server stops reading still ends.
        timeout = aiohttp.ClientTimeout(
            total=_sum(pool, connect, write, read),
            connect=_sum(pool, connect),
            sock_connect=connect,
            sock_read=read,
        )
        try:
            # No redirects: the Bot API never sends one, and a call must not land elsewhere.
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout, allow_redirects=False
            ) as response:
                body = await response.read()
                if self.on_success is not None and 200 <= response.status < 300:
                    self.on_success()
                return response.status, body
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err


def _sum(*parts: float | None) -> float | None:
    """None (no limit) if any part is unlimited."""
    if any(p is None for p in parts):
        return None
    return float(sum(p for p in parts if p is not None))


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Form fields, each value JSON-encoded as the Bot API reads them; multipart with files."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    files = request_data.multipart_data
    if not files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, part in files.items():
        filename, content, *rest = part
        form.add_field(name, content, filename=filename, content_type=rest[0] if rest else None)
    return form
