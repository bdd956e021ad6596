"""The bot's own HTTP server: one tornado server for everything the bot answers over HTTP.

In webhook mode it listens where ``[telegram.webhook]`` says and carries the webhook's route;
in polling mode it is started on ``[http]`` only when some feature has routes to serve (the
coordinators' dashboard, health and metrics). Features hand it routes; none starts a server of
its own, so one reverse proxy and one port serve them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

# (path pattern, handler class, the keyword arguments its initialize() takes)
Route = tuple[str, type[RequestHandler], dict[str, Any]]


class HttpServer:
    def __init__(self, routes: Sequence[Route]) -> None:
        # log_function silenced: tornado's access log would print paths and query strings,
        # which may carry a dashboard's signed data or a webhook's payload.
        self._app = Application(list(routes), log_function=lambda _handler: None)
        self._server: HTTPServer | None = None

    def listen(self, host: str, port: int) -> int:
        """Start listening; returns the port (useful with port 0 in tests)."""
        self._server = HTTPServer(self._app, xheaders=True)
        sockets = bind_sockets(port, host)
        self._server.add_sockets(sockets)
        return int(sockets[0].getsockname()[1])

    async def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
