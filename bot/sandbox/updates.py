"""The bot's update queue with Telegram's getUpdates and webhook semantics."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.sandbox.models import ApiError, Json
from bot.sandbox.notify import Signal

# Telegram leaves these out unless allowed_updates names them explicitly.
_OPT_IN_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@dataclass
class _Entry:
    update: Json
    replay: bool = False
    handed_out: bool = False

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])

    @property
    def kind(self) -> str:
        return next(key for key in self.update if key != "update_id")


@dataclass
class WebhookConfig:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


class UpdateQueue:
    """Updates stay pending until confirmed (getUpdates offset, or a 2xx from the webhook); an
    update returned but not confirmed comes back on the next call, as on Telegram."""

    def __init__(self) -> None:
        self._pending: deque[_Entry] = deque()
        self._by_id: dict[int, Json] = {}
        self.sent: list[Json] = []
        self._next_id = 1
        self.allowed: frozenset[str] | None = None
        self.webhook: WebhookConfig | None = None
        self.changed = Signal()
        self.closed = False
        self._poll_generation = 0

    # --- producing ------------------------------------------------------------------------------

    def push(self, payload: Json) -> Json:
        update = {"update_id": self._next_id, **payload}
        self._next_id += 1
        self._by_id[update["update_id"]] = update
        self._pending.append(_Entry(update))
        self.changed.notify()
        return update

    def replay(self, update_id: int) -> None:
        """Queue a delivered update again, same update_id, and let it survive the offset that
        already confirmed it once: that is what a duplicate delivery looks like to the bot."""
        if update_id not in self._by_id:
            raise KeyError(f"no update with update_id {update_id}")
        self._pending.append(_Entry(self._by_id[update_id], replay=True))
        self.changed.notify()

    def pending(self) -> list[Json]:
        return [entry.update for entry in self._pending]

    def drop_pending(self) -> None:
        self._pending.clear()

    # --- getUpdates -----------------------------------------------------------------------------

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            keep = -offset
            while len(self._pending) > keep:
                self._pending.popleft()
            return
        self._pending = deque(
            entry
            for entry in self._pending
            if entry.update_id >= offset or (entry.replay and not entry.handed_out)
        )

    def _allowed(self, entry: _Entry) -> bool:
        if self.allowed:
            return entry.kind in self.allowed
        return entry.kind not in _OPT_IN_TYPES

    def _take(self, limit: int) -> list[Json]:
        self._pending = deque(entry for entry in self._pending if self._allowed(entry))
        batch = [entry for _, entry in zip(range(limit), self._pending, strict=False)]
        for entry in batch:
            entry.handed_out = True
        # Telegram always answers in update_id order; clients confirm with the last id + 1.
        updates = sorted((entry.update for entry in batch), key=lambda u: int(u["update_id"]))
        self.sent.extend(updates)
        return updates

    async def get_updates(
        self,
        offset: int | None,
        limit: int,
        poll_seconds: float,
        allowed_updates: list[str] | None,
        abandoned: Callable[[], bool],
    ) -> list[Json]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        self._poll_generation += 1
        generation = self._poll_generation
        self.changed.notify()  # an older long poll still waiting is terminated, as on Telegram
        if allowed_updates is not None:
            self.allowed = frozenset(allowed_updates)
        if offset is not None and offset != 0:
            self._confirm(offset)
        deadline = time.monotonic() + max(0.0, poll_seconds)
        while True:
            if self.closed or abandoned():
                return []
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make "
                    "sure that only one bot instance is running",
                )
            if self.webhook is not None:
                raise ApiError(409, "Conflict: terminated by setWebhook request")
            updates = self._take(limit)
            remaining = deadline - time.monotonic()
            if updates or remaining <= 0:
                return updates
            await self.changed.wait(remaining)

    # --- webhook --------------------------------------------------------------------------------

    def set_webhook(self, config: WebhookConfig | None, allowed_updates: list[str] | None) -> None:
        self.webhook = config
        if allowed_updates is not None:
            self.allowed = frozenset(allowed_updates)
        self.changed.notify()

    def next_for_webhook(self) -> Json | None:
        while self._pending and not self._allowed(self._pending[0]):
            self._pending.popleft()
        return self._pending[0].update if self._pending else None

    def webhook_delivered(self, update: Json) -> None:
        if self._pending and self._pending[0].update is update:
            self._pending.popleft()
        self.sent.append(update)

    def take_for_webhook(self, held: Callable[[Json], bool]) -> Json | None:
        """For several webhook connections at once (bot/sandbox/webhook_pool.py): the oldest
        pending update that ``held`` does not hold back, taken off the queue."""
        for entry in list(self._pending):
            if self._allowed(entry) and not held(entry.update):
                self._pending.remove(entry)
                return entry.update
        return None

    def put_back(self, update: Json) -> None:
        """A webhook post that failed: first in line again, as its chat waited for it."""
        self._pending.appendleft(_Entry(update))
        self.changed.notify()

    def close(self) -> None:
        self.closed = True
        self.changed.notify()
