"""Webhook delivery over several connections at once, as Telegram does (``max_connections``).

The sandbox's own deliverer (bot/sandbox/webhook.py) posts one update at a time and waits for
each answer, which keeps tests simple, but caps a webhook bot at one round trip per update: a
benchmark of the bot would measure the sandbox. This one keeps up to ``connections`` posts in
flight across chats while, like Telegram, posting one chat's updates one at a time and in
order: a chat's next update waits until the previous one was answered with a 2xx, and a
refused one is posted again before anything newer of its chat. Swap it in before the sandbox
starts: ``sandbox.webhook = PooledWebhookDeliverer(sandbox.world, connections=40)``.
"""

from __future__ import annotations

import asyncio
import time

from tornado.httpclient import AsyncHTTPClient

from bot.sandbox.models import Json, WebhookDelivery
from bot.sandbox.state import World
from bot.sandbox.webhook import WebhookDeliverer


def chat_of(update: Json) -> int | None:
    for key, part in update.items():
        if key == "update_id" or not isinstance(part, dict):
            continue
        chat = part.get("chat") or (part.get("message") or {}).get("chat") or part.get("from")
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return int(chat["id"])
    return None


class PooledWebhookDeliverer(WebhookDeliverer):
    def __init__(self, world: World, *, connections: int = 40, timeout: float = 10.0) -> None:
        super().__init__(world, timeout=timeout)
        self.connections = connections
        self._busy: set[int] = set()

    def _held(self, update: Json) -> bool:
        return chat_of(update) in self._busy

    async def run(self) -> None:
        queue = self._world.updates
        client = AsyncHTTPClient(force_instance=True, max_clients=self.connections)
        posts: set[asyncio.Task[None]] = set()
        try:
            while not queue.closed:
                config = queue.webhook
                full = len(posts) >= self.connections
                update = None if config is None or full else queue.take_for_webhook(self._held)
                if update is None:
                    await queue.changed.wait(None)
                    continue
                chat = chat_of(update)
                if chat is not None:
                    self._busy.add(chat)
                task = asyncio.create_task(self._deliver(client, update, chat))
                posts.add(task)
                task.add_done_callback(posts.discard)
        finally:
            for task in posts:
                task.cancel()
            client.close()

    async def _deliver(self, client: AsyncHTTPClient, update: Json, chat: int | None) -> None:
        queue = self._world.updates
        try:
            config = queue.webhook
            if config is None:
                queue.put_back(update)
                return
            status, error = await self._post(client, config, update)
            self.deliveries.append(
                WebhookDelivery(int(update["update_id"]), status, time.monotonic(), error)
            )
            if error is None:
                queue.sent.append(update)
                return
            config.last_error_date = self._world.now()
            config.last_error_message = error
            await asyncio.sleep(self.min_backoff)
            queue.put_back(update)
        finally:
            if chat is not None:
                self._busy.discard(chat)
            queue.changed.notify()  # a slot and maybe a chat are free
