"""Webhook delivery over several connections at once, as Telegram does (``max_connections``).

The sandbox's own deliverer (bot/sandbox/webhook.py) posts one update at a time and waits for
each answer, which keeps tests simple and in order, but caps a webhook bot at one round trip per
update: a benchmark of the bot would measure the sandbox. This one keeps up to ``connections``
posts in flight, takes updates in order, and puts a refused one back in the queue to be retried
(after the ones already taken, as a Telegram retry would come). Swap it in before the sandbox
starts: ``sandbox.webhook = PooledWebhookDeliverer(sandbox.world, connections=40)``.
"""

from __future__ import annotations

import asyncio
import time

from tornado.httpclient import AsyncHTTPClient

from bot.sandbox.models import Json, WebhookDelivery
from bot.sandbox.state import World
from bot.sandbox.webhook import WebhookDeliverer


class PooledWebhookDeliverer(WebhookDeliverer):
    def __init__(self, world: World, *, connections: int = 40, timeout: float = 10.0) -> None:
        super().__init__(world, timeout=timeout)
        self.connections = connections

    async def run(self) -> None:
        queue = self._world.updates
        client = AsyncHTTPClient(force_instance=True, max_clients=self.connections)
        slots = asyncio.Semaphore(self.connections)
        posts: set[asyncio.Task[None]] = set()
        try:
            while not queue.closed:
                config = queue.webhook
                update = queue.next_for_webhook() if config is not None else None
                if config is None or update is None:
                    await queue.changed.wait(None)
                    continue
                await slots.acquire()
                # Taken off the queue now: the next worker must not post it again.
                queue.webhook_delivered(update)
                task = asyncio.create_task(self._deliver(client, update, slots))
                posts.add(task)
                task.add_done_callback(posts.discard)
        finally:
            for task in posts:
                task.cancel()
            client.close()

    async def _deliver(
        self, client: AsyncHTTPClient, update: Json, slots: asyncio.Semaphore
    ) -> None:
        queue = self._world.updates
        try:
            config = queue.webhook
            if config is None:
                queue.replay(int(update["update_id"]))
                return
            status, error = await self._post(client, config, update)
            self.deliveries.append(
                WebhookDelivery(int(update["update_id"]), status, time.monotonic(), error)
            )
            if error is not None:
                config.last_error_date = self._world.now()
                config.last_error_message = error
                await asyncio.sleep(self.min_backoff)
                queue.replay(int(update["update_id"]))
        finally:
            slots.release()
