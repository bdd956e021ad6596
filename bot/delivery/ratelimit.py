"""Token buckets for Telegram's limits: one for the bot as a whole, one per chat."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class TokenBucket:
    def __init__(
        self, rate: float, burst: float, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self._tokens = burst
        self._now = now
        self._stamp = now()

    def _refill(self) -> None:
        t = self._now()
        self._tokens = min(self.burst, self._tokens + (t - self._stamp) * self.rate)
        self._stamp = t

    def delay(self) -> float:
        """Seconds until one token is available (0 when one is available now)."""
        self._refill()
        return 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate

    def take(self) -> None:
        self._refill()
        self._tokens -= 1

    async def acquire(self) -> None:
        # Take first, then wait off any debt: concurrent callers queue up fairly in time.
        self.take()
        if self._tokens < 0:
            await asyncio.sleep(-self._tokens / self.rate)


class ChatBuckets:
    """Per-chat buckets, forgotten once full again so idle chats cost no memory."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, TokenBucket] = {}

    def delay(self, chat: str) -> float:
        bucket = self._buckets.get(chat)
        return bucket.delay() if bucket else 0.0

    def take(self, chat: str) -> None:
        bucket = self._buckets.get(chat)
        if bucket is None:
            bucket = self._buckets[chat] = TokenBucket(self.rate, self.burst)
        bucket.take()
        if len(self._buckets) > 10_000:
            self._forget_full()

    def _forget_full(self) -> None:
        for chat in [c for c, b in self._buckets.items() if b.delay() == 0.0]:
            bucket = self._buckets[chat]
            bucket._refill()
            if bucket._tokens >= bucket.burst:
                del self._buckets[chat]
