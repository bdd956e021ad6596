"""Fault injection: make chosen Bot API calls fail, slow down or never answer."""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass

from bot.sandbox.models import ApiError

FAULT_KINDS = frozenset({"429", "403", "5xx", "delay", "hang"})

# What `method=None` means: the calls whose rate Telegram limits and whose failure the outbox
# must survive. Pass method="*" to hit every method, getUpdates included.
SENDING_METHODS = frozenset(
    {
        "sendMessage",
        "copyMessage",
        "forwardMessage",
        "sendPhoto",
        "sendVideo",
        "sendAnimation",
        "sendVoice",
        "sendVideoNote",
        "sendAudio",
        "sendDocument",
        "sendSticker",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
    }
)


@dataclass(frozen=True)
class Fault:
    """`count` limits how many calls it hits, `duration` for how many seconds after being added;
    neither means until removed. `delay` is the answer delay for "delay" and how long "hang"
    withholds the answer before dropping the connection (0: until the sandbox stops)."""

    kind: str
    method: str | Collection[str] | None = None
    chat_id: int | None = None
    count: int | None = None
    duration: float | None = None
    retry_after: int = 1
    delay: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(
                f"unknown fault kind {self.kind!r}; expected one of {sorted(FAULT_KINDS)}"
            )

    def matches(self, method: str, chat_id: object) -> bool:
        if self.method == "*":
            pass
        elif self.method is None:
            # A user who blocked the bot refuses everything aimed at their chat.
            chat_wide = self.kind == "403" and self.chat_id is not None
            if not chat_wide and method not in SENDING_METHODS:
                return False
        elif isinstance(self.method, str):
            if method != self.method:
                return False
        elif method not in self.method:
            return False
        return self.chat_id is None or chat_id == self.chat_id

    def error(self) -> ApiError | None:
        if self.kind == "429":
            return ApiError(
                429,
                f"Too Many Requests: retry after {self.retry_after}",
                retry_after=self.retry_after,
            )
        if self.kind == "403":
            return ApiError(403, "Forbidden: bot was blocked by the user")
        if self.kind == "5xx":
            return ApiError(502, "Bad Gateway")
        return None


class FaultHandle:
    def __init__(self, owner: FaultSet, fault: Fault) -> None:
        self.fault = fault
        self.hits = 0
        self._owner = owner
        self._expires_at = time.monotonic() + fault.duration if fault.duration is not None else None

    @property
    def active(self) -> bool:
        if self not in self._owner.handles:
            return False
        if self.fault.count is not None and self.hits >= self.fault.count:
            return False
        return self._expires_at is None or time.monotonic() < self._expires_at

    def remove(self) -> None:
        if self in self._owner.handles:
            self._owner.handles.remove(self)


class FaultSet:
    def __init__(self) -> None:
        self.handles: list[FaultHandle] = []

    def add(self, fault: Fault) -> FaultHandle:
        handle = FaultHandle(self, fault)
        self.handles.append(handle)
        return handle

    def clear(self) -> None:
        self.handles.clear()

    def check(self, method: str, chat_id: object) -> Fault | None:
        """The first active fault for this call, counted as one hit; expired ones are dropped."""
        if not self.handles:
            return None
        for handle in list(self.handles):
            if not handle.active:
                handle.remove()
                continue
            if handle.fault.matches(method, chat_id):
                handle.hits += 1
                return handle.fault
        return None
