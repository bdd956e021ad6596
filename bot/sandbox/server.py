"""The HTTP side: /bot<token>/<method> and /file/bot<token>/<path>, and the pipeline every call
goes through (token, method, parameters, faults, method, log, delays).

Built on tornado's HTTP/1.1 connection layer directly rather than tornado.web: RequestHandler's
machinery cost 40% more CPU per call, and benchmarks push thousands of calls per second."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tornado import httputil
from tornado.http1connection import HTTP1Connection

from bot.sandbox.faults import Fault, FaultSet
from bot.sandbox.methods import ASYNC_METHODS, CANONICAL, METHODS
from bot.sandbox.models import ApiError, ApiRequest, Json, bad_request
from bot.sandbox.notify import Signal
from bot.sandbox.params import Params, Upload, build_params
from bot.sandbox.state import World

_WELL_FORMED_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")


@dataclass
class Answer:
    status: int
    body: Json | None  # None: drop the connection without any answer


class Dispatcher:
    def __init__(self, world: World, faults: FaultSet) -> None:
        self.world = world
        self.faults = faults
        self.response_delay = 0.0
        self.inflight = 0
        self.stopped = False
        self.stopping = Signal()
        self.idle = Signal()  # notified when the last in-flight request is answered

    async def pause(self, seconds: float | None) -> None:
        """Sleep, but wake when the sandbox stops so no answer outlives it."""
        if not self.stopped:
            await self.stopping.wait(seconds)

    def _log(self, method: str, params: Json, answer: Answer) -> Answer:
        body = answer.body or {}
        self.world.requests.append(
            ApiRequest(
                method=method,
                params=params,
                status_code=answer.status,
                time=time.monotonic(),
                description=body.get("description"),
                result=body.get("result"),
            )
        )
        return answer

    async def handle(
        self,
        token: str,
        name: str,
        raw: Json,
        uploads: dict[str, Upload],
        abandoned: Callable[[], bool],
    ) -> Answer:
        method = CANONICAL.get(name.lower(), name)
        params: Json = {**raw, **{key: upload.summary() for key, upload in uploads.items()}}
        if token != self.world.token:
            error = (
                ApiError(401, "Unauthorized")
                if _WELL_FORMED_TOKEN.fullmatch(token)
                else ApiError(404, "Not Found")
            )
            return self._log(method, params, Answer(error.code, error.body()))
        if name.lower() not in CANONICAL:
            error = ApiError(404, "Not Found: method not found")
            return self._log(method, params, Answer(error.code, error.body()))
        try:
            p = build_params(raw, uploads)
        except ApiError as exc:
            return self._log(method, params, Answer(exc.code, exc.body()))
        fault = self.faults.check(method, p.values.get("chat_id"))
        refusal = fault.error() if fault is not None else None
        if refusal is not None:
            answer = self._log(method, p.summary(), Answer(refusal.code, refusal.body()))
        else:
            answer = await self._apply(method, p, abandoned)
        return await self._deliver_late(answer, fault)

    async def _apply(self, method: str, p: Params, abandoned: Callable[[], bool]) -> Answer:
        try:
            if method in ASYNC_METHODS:
                result = await self._get_updates(p, abandoned)
            else:
                result = METHODS[method](self.world, p)
        except ApiError as exc:
            answer = Answer(exc.code, exc.body())
        else:
            answer = Answer(200, {"ok": True, "result": result})
        # A long poll whose client left returned nothing: log nginx's "client closed request".
        # (Other methods take effect at once, so their status stays what they did.)
        if method in ASYNC_METHODS and abandoned():
            answer = Answer(
                499, {"ok": False, "error_code": 499, "description": "client closed request"}
            )
        return self._log(method, p.summary(), answer)

    async def _deliver_late(self, answer: Answer, fault: Fault | None) -> Answer:
        if fault is not None and fault.kind == "hang":
            await self.pause(fault.delay or None)
            return Answer(answer.status, None)
        delay = self.response_delay + (
            fault.delay if fault is not None and fault.kind == "delay" else 0.0
        )
        if delay > 0:
            await self.pause(delay)
        return answer

    async def _get_updates(self, p: Params, abandoned: Callable[[], bool]) -> list[Json]:
        limit = p.integer("limit") or 100
        allowed = p.obj("allowed_updates")
        return await self.world.updates.get_updates(
            offset=p.integer("offset"),
            limit=max(1, min(limit, 100)),
            poll_seconds=float(p.values.get("timeout") or 0),
            allowed_updates=allowed if isinstance(allowed, list) else None,
            abandoned=abandoned,
        )


_API_PATH = re.compile(r"/bot([^/]*)/([A-Za-z]*)/?")
_FILE_PATH = re.compile(r"/file/bot([^/]*)/(.+)")
logger = logging.getLogger(__name__)


def _read_params(
    headers: httputil.HTTPHeaders, query: str, body: bytes
) -> tuple[Json, dict[str, Upload]]:
    raw: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    content_type = headers.get("Content-Type", "")
    if content_type.startswith("application/json"):
        try:
            decoded = json.loads(body or b"{}")
        except ValueError:
            raise bad_request("can't parse JSON body") from None
        if not isinstance(decoded, dict):
            raise bad_request("JSON body must be an object")
        raw.update(decoded)
        return raw, {}
    arguments: dict[str, list[bytes]] = {}
    files: dict[str, list[httputil.HTTPFile]] = {}
    if body:
        httputil.parse_body_arguments(content_type, body, arguments, files, headers)
    try:
        raw.update({key: values[-1].decode() for key, values in arguments.items()})
    except UnicodeDecodeError:
        raise bad_request("strings must be encoded in UTF-8") from None
    uploads = {
        name: Upload(parts[0].filename, parts[0].body, parts[0].content_type)
        for name, parts in files.items()
        if parts
    }
    return raw, uploads


class _Exchange(httputil.HTTPMessageDelegate):
    """One request/response on a kept-alive connection."""

    def __init__(self, server: BotApiDelegate, connection: HTTP1Connection) -> None:
        self._server = server
        self._connection = connection
        self._chunks: list[bytes] = []
        self._path = "/"
        self._query = ""
        self._headers = httputil.HTTPHeaders()
        self.gone = False

    def headers_received(
        self,
        start_line: httputil.RequestStartLine | httputil.ResponseStartLine,
        headers: httputil.HTTPHeaders,
    ) -> None:
        assert isinstance(start_line, httputil.RequestStartLine)
        parts = urlsplit(start_line.path)
        self._path, self._query, self._headers = unquote(parts.path), parts.query, headers

    def data_received(self, chunk: bytes) -> None:
        self._chunks.append(chunk)

    def finish(self) -> None:
        # Reading is done; from here a closed connection means the client gave up.
        self._connection.set_close_callback(self._client_gone)
        task = asyncio.ensure_future(self._respond())
        self._server.tasks.add(task)
        task.add_done_callback(self._server.tasks.discard)

    def on_connection_close(self) -> None:
        self.gone = True

    def _client_gone(self) -> None:
        self.gone = True
        self._server.dispatcher.world.updates.changed.notify()  # lets a long poll notice

    async def _respond(self) -> None:
        dispatcher = self._server.dispatcher
        dispatcher.inflight += 1
        try:
            status, content_type, payload = await self._answer()
        except Exception:  # a sandbox bug must answer 500, not leave the client hanging
            logger.exception("sandbox failed on %s", self._path)
            status, content_type, payload = (
                500,
                "application/json",
                json.dumps(
                    {"ok": False, "error_code": 500, "description": "Internal Server Error"}
                ).encode(),
            )
        finally:
            dispatcher.inflight -= 1
            if not dispatcher.inflight:
                dispatcher.idle.notify()
        if self.gone:
            return
        if payload is None:
            self._connection.close()
            return
        headers = httputil.HTTPHeaders(
            {"Content-Type": content_type, "Content-Length": str(len(payload))}
        )
        self._connection.write_headers(
            httputil.ResponseStartLine("HTTP/1.1", status, _REASONS.get(status, "Error")),
            headers,
            payload,
        )
        self._connection.finish()

    async def _answer(self) -> tuple[int, str, bytes | None]:
        api = _API_PATH.fullmatch(self._path)
        if api is not None:
            try:
                raw, uploads = _read_params(self._headers, self._query, b"".join(self._chunks))
            except ApiError as exc:
                answer = Answer(exc.code, exc.body())
            else:
                answer = await self._server.dispatcher.handle(
                    api.group(1), api.group(2), raw, uploads, lambda: self.gone
                )
            if answer.body is None:
                return answer.status, "", None
            body = json.dumps(answer.body, ensure_ascii=False, separators=(",", ":"))
            return answer.status, "application/json", body.encode()
        download = _FILE_PATH.fullmatch(self._path)
        world = self._server.dispatcher.world
        if download is not None and download.group(1) == world.token:
            record = world.files_by_path.get(download.group(2))
            if record is not None:
                return 200, "application/octet-stream", record.content
        return 404, "application/json", b'{"ok":false,"error_code":404,"description":"Not Found"}'


_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    499: "Client Closed",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class BotApiDelegate(httputil.HTTPServerConnectionDelegate):
    """What tornado's HTTPServer calls for each request on each connection."""

    def __init__(self, dispatcher: Dispatcher) -> None:
        self.dispatcher = dispatcher
        self.tasks: set[asyncio.Future[None]] = set()

    def start_request(
        self, server_conn: object, request_conn: httputil.HTTPConnection
    ) -> httputil.HTTPMessageDelegate:
        assert isinstance(request_conn, HTTP1Connection)
        return _Exchange(self, request_conn)
