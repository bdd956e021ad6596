"""Sandbox: the public face of the local Bot API server."""

from __future__ import annotations

import asyncio
import contextlib
import time
from types import TracebackType

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.sandbox.faults import Fault, FaultHandle, FaultSet
from bot.sandbox.models import ApiRequest, BotMessage, Json, WebhookDelivery
from bot.sandbox.server import BotApiDelegate, Dispatcher
from bot.sandbox.state import World
from bot.sandbox.users import SimUser
from bot.sandbox.webhook import WebhookDeliverer


class Sandbox:
    """A Telegram Bot API server on loopback, run on the caller's event loop.

    Point python-telegram-bot at it with `base_url=sb.base_url, base_file_url=sb.base_file_url`;
    drive the people on the other side with `sb.user(...)`.
    """

    def __init__(
        self,
        token: str = "123456:TEST",  # noqa: S107 - a test token, not a secret
        bot_username: str = "entraide_test_bot",
        *,
        bot_name: str = "Entraide",
    ) -> None:
        self.world = World(token, bot_username, bot_name)
        # The same users as world.users, typed as what they are (the world knows them only as
        # accounts, to avoid importing the user module that acts on it).
        self._users: dict[int, SimUser] = {}
        self._faults = FaultSet()
        self._dispatcher = Dispatcher(self.world, self._faults)
        self._delegate = BotApiDelegate(self._dispatcher)
        self.webhook = WebhookDeliverer(self.world)
        self._server: HTTPServer | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._url: str | None = None

    # --- lifecycle ------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        if self._server is not None:
            raise RuntimeError("sandbox already started")
        sockets = bind_sockets(port, host)
        self._server = HTTPServer(self._delegate)
        self._server.add_sockets(sockets)
        bound_port = sockets[0].getsockname()[1]
        shown_host = f"[{host}]" if ":" in host else host
        self._url = f"http://{shown_host}:{bound_port}"
        self._webhook_task = asyncio.create_task(self.webhook.run(), name="sandbox-webhook")

    async def stop(self) -> None:
        if self._server is None:
            return
        dispatcher = self._dispatcher
        dispatcher.stopped = True
        dispatcher.stopping.notify()
        self.world.updates.close()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        self._server.stop()
        # Let woken long polls and delayed answers reach their clients before cutting them.
        deadline = time.monotonic() + 2.0
        while dispatcher.inflight:
            if not await dispatcher.idle.wait(deadline - time.monotonic()):
                break
        await self._server.close_all_connections()
        if self._delegate.tasks:
            await asyncio.wait(set(self._delegate.tasks), timeout=1.0)
        self._server = None

    async def __aenter__(self) -> Sandbox:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        if self._url is None:
            raise RuntimeError("sandbox not started")
        return self._url

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def token(self) -> str:
        return self.world.token

    @property
    def bot_id(self) -> int:
        return self.world.bot_id

    @property
    def response_delay(self) -> float:
        """Seconds added before every Bot API answer, like the network latency to Telegram."""
        return self._dispatcher.response_delay

    @response_delay.setter
    def response_delay(self, seconds: float) -> None:
        self._dispatcher.response_delay = seconds

    # --- people -----------------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> SimUser:
        """The user with this id (created on first call; later calls update given fields).
        Until the user writes to the bot, the bot cannot write to them, as on Telegram."""
        user = self._users.get(user_id)
        if user is None:
            user = SimUser(
                self.world,
                user_id,
                first_name or f"User{user_id}",
                last_name,
                username,
                language_code,
            )
            self.world.users[user_id] = self._users[user_id] = user
            return user
        for key, value in (
            ("first_name", first_name),
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value is not None:
                setattr(user, key, value)
        return user

    def users(self) -> list[SimUser]:
        """Every user the world knows, in the order they first appeared."""
        return list(self._users.values())

    # --- what happened ----------------------------------------------------------------------

    @property
    def requests(self) -> list[ApiRequest]:
        return self.world.requests

    def calls(self, method: str) -> list[ApiRequest]:
        return [request for request in self.world.requests if request.method == method]

    @property
    def updates_sent(self) -> list[Json]:
        """Updates handed to the bot (getUpdates answers and accepted webhook POSTs)."""
        return self.world.updates.sent

    def pending_updates(self) -> list[Json]:
        return self.world.updates.pending()

    def replay(self, update_id: int) -> None:
        self.world.updates.replay(update_id)

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        return self.webhook.deliveries

    def message(self, chat_id: int, message_id: int) -> Json | None:
        """Any stored message (user's or bot's) as the Bot API would show it."""
        return self.world.get_message(chat_id, message_id)

    def bot_message(self, chat_id: int, message_id: int) -> BotMessage | None:
        return self.world.bot_messages.get((chat_id, message_id))

    def callback_answer(self, query_id: str) -> Json | None:
        return self.world.callbacks[query_id].answer

    def file_content(self, file_id: str) -> bytes:
        return self.world.files[file_id].content

    def commands(
        self,
        scope_type: str = "default",
        chat_id: int | None = None,
        language_code: str = "",
        user_id: int | None = None,
    ) -> list[Json]:
        """Commands stored for exactly this scope and language (no fallback)."""
        key = (scope_type, chat_id, user_id, language_code)
        return list(self.world.commands.get(key, []))

    def visible_commands(self, chat_id: int, language_code: str | None = None) -> list[Json]:
        """The command menu a user sees in their private chat, with Telegram's fallback order:
        chat scope, then all private chats, then default; each with the language, then without.
        """
        for scope, scope_chat in (
            ("chat", chat_id),
            ("all_private_chats", None),
            ("default", None),
        ):
            for language in (language_code, "") if language_code else ("",):
                found = self.world.commands.get((scope, scope_chat, None, language))
                if found:
                    return list(found)
        return []

    # --- faults ---------------------------------------------------------------------------------

    def add_fault(self, fault: Fault) -> FaultHandle:
        return self._faults.add(fault)

    def clear_faults(self) -> None:
        self._faults.clear()
