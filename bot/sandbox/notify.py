"""A level-free wake-up signal: waiters check their condition, then wait for the next change."""

from __future__ import annotations

import asyncio


class Signal:
    """Unlike a bare asyncio.Event it never needs clearing (so no waiter misses a change), and it
    binds to an event loop only when first waited on, so a Sandbox can be built outside a loop."""

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def notify(self) -> None:
        if self._event is not None:
            self._event.set()
            self._event = None

    async def wait(self, seconds: float | None) -> bool:
        """True if notified, False on timeout. Check the condition before calling: the check and
        the registration happen without yielding to the loop, so no change can slip between."""
        if self._event is None:
            self._event = asyncio.Event()
        event = self._event
        if seconds is not None and seconds <= 0:
            return False
        try:
            async with asyncio.timeout(seconds):
                await event.wait()
        except TimeoutError:
            return False
        return True
