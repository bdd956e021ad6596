"""setWebhook / deleteWebhook / getWebhookInfo and the loop that POSTs updates to the bot."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import re
import time
from urllib.parse import urlsplit

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.iostream import StreamClosedError

from bot.sandbox.models import Json, WebhookDelivery, bad_request
from bot.sandbox.params import Params
from bot.sandbox.state import World
from bot.sandbox.updates import WebhookConfig

_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def set_webhook(world: World, p: Params) -> bool:
    url = p.text("url") or ""
    if not url:
        return delete_webhook(world, p)
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise bad_request("bad webhook: Failed to resolve host: Name or service not known")
    # A test server must never call out to the internet, whatever a test configures.
    if not _is_loopback(parts.hostname):
        raise bad_request("bad webhook: the sandbox delivers only to loopback addresses")
    secret = p.text("secret_token")
    if secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    if p.flag("drop_pending_updates"):
        world.updates.drop_pending()
    config = WebhookConfig(
        url=url, secret_token=secret, max_connections=p.integer("max_connections") or 40
    )
    allowed = p.obj("allowed_updates")
    world.updates.set_webhook(config, allowed if isinstance(allowed, list) else None)
    return True


def delete_webhook(world: World, p: Params) -> bool:
    if p.flag("drop_pending_updates"):
        world.updates.drop_pending()
    world.updates.set_webhook(None, None)
    return True


def get_webhook_info(world: World, p: Params) -> Json:
    queue = world.updates
    info: Json = {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": len(queue.pending()),
    }
    config = queue.webhook
    if config is not None:
        info.update(
            {
                "url": config.url,
                "max_connections": config.max_connections,
                "ip_address": "127.0.0.1",
            }
        )
        if config.last_error_date is not None:
            info["last_error_date"] = config.last_error_date
            info["last_error_message"] = config.last_error_message
    if queue.allowed is not None:
        info["allowed_updates"] = sorted(queue.allowed)
    return info


class WebhookDeliverer:
    """One update at a time, in order; an update is confirmed only by a 2xx answer, otherwise
    retried after a doubling back-off (shorter than Telegram's, so tests stay fast)."""

    def __init__(
        self,
        world: World,
        *,
        min_backoff: float = 0.05,
        max_backoff: float = 2.0,
        timeout: float = 10.0,
    ) -> None:
        self._world = world
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self.timeout = timeout
        self.deliveries: list[WebhookDelivery] = []

    async def run(self) -> None:
        queue = self._world.updates
        client = AsyncHTTPClient(force_instance=True)
        backoff = self.min_backoff
        try:
            while not queue.closed:
                config = queue.webhook
                update = queue.next_for_webhook() if config is not None else None
                if config is None or update is None:
                    await queue.changed.wait(None)
                    continue
                status, error = await self._post(client, config, update)
                self.deliveries.append(
                    WebhookDelivery(int(update["update_id"]), status, time.monotonic(), error)
                )
                if error is None:
                    queue.webhook_delivered(update)
                    backoff = self.min_backoff
                    continue
                config.last_error_date = self._world.now()
                config.last_error_message = error
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff)
        finally:
            client.close()

    async def _post(
        self, client: AsyncHTTPClient, config: WebhookConfig, update: Json
    ) -> tuple[int | None, str | None]:
        headers = {"Content-Type": "application/json"}
        if config.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = config.secret_token
        request = HTTPRequest(
            config.url,
            method="POST",
            headers=headers,
            body=json.dumps(update, ensure_ascii=False).encode(),
            request_timeout=self.timeout,
            validate_cert=False,
        )
        try:
            response = await client.fetch(request, raise_error=False)
        except HTTPClientError as exc:
            return exc.code, f"Wrong response from the webhook: {exc}"
        except (OSError, StreamClosedError) as exc:
            return None, f"Connection failed: {exc}"
        if 200 <= response.code < 300:
            return response.code, None
        return response.code, f"Wrong response from the webhook: {response.code} {response.reason}"
