"""A round-robin reverse proxy on loopback, as nginx or Caddy would sit in front of two bots.

Each request goes to the next upstream in turn; an upstream that refuses the connection (a bot
stopped or killed) is skipped for the next one, as nginx's ``proxy_next_upstream error`` does.
Only when every upstream is down does the caller get a 502, and Telegram (here the sandbox)
retries the update later. The upstream's answer is passed on unchanged, so the webhook's 200
still means "stored".
"""

from __future__ import annotations

import itertools
import socket
from collections import Counter
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

# Headers a proxy must not pass on as they are.
_HOP = {"connection", "content-length", "host", "transfer-encoding"}


class _Forward(RequestHandler):
    def initialize(self, proxy: RoundRobinProxy) -> None:
        self.proxy = proxy

    async def post(self) -> None:
        await self._forward("POST")

    async def get(self) -> None:
        await self._forward("GET")

    async def _forward(self, method: str) -> None:
        headers = {k: v for k, v in self.request.headers.get_all() if k.lower() not in _HOP}
        for port in self.proxy.order():
            request = HTTPRequest(
                f"http://127.0.0.1:{port}{self.request.uri}",
                method=method,
                headers=headers,
                body=self.request.body if method == "POST" else None,
                request_timeout=15.0,
            )
            try:
                response = await self.proxy.client.fetch(request, raise_error=False)
            except (HTTPClientError, OSError):
                self.proxy.skipped[port] += 1
                continue
            if response.code == 599:  # tornado's "no answer": the upstream is down
                self.proxy.skipped[port] += 1
                continue
            self.proxy.served[port] += 1
            self.set_status(response.code)
            self.finish(response.body or b"")
            return
        self.set_status(502)
        self.finish()

    def log_exception(self, *args: Any) -> None:
        pass  # the test reads the counters; tornado's report would print the body


class RoundRobinProxy:
    def __init__(self, upstream_ports: list[int]) -> None:
        self.upstreams = list(upstream_ports)
        self._turn = itertools.count()
        self.served: Counter[int] = Counter()
        self.skipped: Counter[int] = Counter()
        # As many requests in flight as Telegram may open connections (max_connections, 40).
        self.client = AsyncHTTPClient(force_instance=True, max_clients=64)
        self._server: HTTPServer | None = None
        self.port = 0

    def order(self) -> list[int]:
        """The upstreams to try for one request: the next in turn first, then the others."""
        start = next(self._turn) % len(self.upstreams)
        return self.upstreams[start:] + self.upstreams[:start]

    def start(self) -> int:
        app = Application([(r"/.*", _Forward, {"proxy": self})], log_function=lambda _h: None)
        self._server = HTTPServer(app)
        sockets = bind_sockets(0, "127.0.0.1")
        self._server.add_sockets(sockets)
        self.port = int(sockets[0].getsockname()[1])
        return self.port

    async def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
        self.client.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
