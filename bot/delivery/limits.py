"""Per-person inbound limits: a token bucket per sender and kind of update, judged before any
handler runs, so that no one person's flood can hold the bot (or their partner) hostage.

- **Messages** (anything written, edits included, that is not a command) and **button
  presses** over the limit are *delayed*, never dropped: each is given the moment its token
  will be there, and waits in the inbox until then (``inbox_updates.not_before``). Their
  sender's order is kept: anything of theirs that arrives while something of theirs waits is
  put behind it.
- **Commands** over the limit are ignored, with one kind "slow down" answer per run of ignored
  commands (never an error).
- **/sos** is never limited, and never waits behind the sender's delayed messages.

Buckets live in this process's memory (two processes on one Postgres each keep their own: a
sender may then get up to twice the rate), keyed by a keyed hash of the sender's Telegram id
made with a key drawn at start-up, so no Telegram id is kept. A sender's state is forgotten
once their buckets are full again and nothing of theirs waits, so memory stays bounded.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

MESSAGE: Final = "message"
COMMAND: Final = "command"
BUTTON: Final = "button"
Kind = Literal["message", "command", "button"]
# Never refused, never delayed: the person must get the crisis lines at once.
UNLIMITED_COMMANDS: Final = frozenset({"sos"})
# Senders kept before full, idle ones are swept out.
SWEEP_ABOVE: Final = 10_000


@dataclass(frozen=True)
class Rate:
    per_second: float
    burst: float


@dataclass(frozen=True)
class Verdict:
    """``admit`` now; ``defer`` by ``delay`` seconds; ``ignore`` (a command over the limit),
    with ``tell`` set on the first of a run, when the sender should hear "slow down"."""

    action: Literal["admit", "defer", "ignore"]
    delay: float = 0.0
    tell: bool = False


ADMIT: Final = Verdict("admit")


class _Bucket:
    """A token bucket that can run into debt: a token taken on credit says when it is due."""

    __slots__ = ("rate", "stamp", "tokens")

    def __init__(self, rate: Rate, now: float) -> None:
        self.rate = rate
        self.tokens = rate.burst
        self.stamp = now

    def refill(self, now: float) -> None:
        self.tokens = min(self.rate.burst, self.tokens + (now - self.stamp) * self.rate.per_second)
        self.stamp = now

    def full(self, now: float) -> bool:
        self.refill(now)
        return self.tokens >= self.rate.burst

    def has_token(self, now: float) -> bool:
        self.refill(now)
        return self.tokens >= 1

    def take_on_credit(self, now: float) -> float:
        """Takes a token; returns in how many seconds it is really there (0: now)."""
        self.refill(now)
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate.per_second


@dataclass
class _Sender:
    buckets: dict[str, _Bucket] = field(default_factory=dict)
    # Monotonic time until which something of theirs waits: later updates go behind it.
    waiting_until: float = 0.0
    told: bool = False


class InboundLimiter:
    def __init__(
        self,
        rates: Mapping[str, Rate],
        now: Callable[[], float] = time.monotonic,
        key: bytes | None = None,
    ) -> None:
        self._rates = dict(rates)
        self._now = now
        self._key = key if key is not None else secrets.token_bytes(32)
        self._senders: dict[bytes, _Sender] = {}

    def __len__(self) -> int:
        return len(self._senders)

    def judge(self, update: Mapping[str, Any]) -> Verdict:
        """What to do with this raw update (Bot API JSON) now; charges the sender's bucket."""
        sender_id, kind, command = classify(update)
        if sender_id is None or kind is None or command in UNLIMITED_COMMANDS:
            return ADMIT
        rate = self._rates.get(kind)
        if rate is None:
            return ADMIT
        now = self._now()
        key = hmac.new(self._key, str(sender_id).encode(), hashlib.sha256).digest()[:16]
        sender = self._senders.get(key)
        if sender is None:
            if len(self._senders) >= SWEEP_ABOVE:
                self._sweep(now)
            sender = self._senders[key] = _Sender()
        bucket = sender.buckets.get(kind)
        if bucket is None:
            bucket = sender.buckets[kind] = _Bucket(rate, now)
        if kind == COMMAND:
            if not bucket.has_token(now):
                tell = not sender.told
                sender.told = True
                return Verdict("ignore", tell=tell)
            bucket.take_on_credit(now)
            sender.told = False
            due = now
        else:
            due = now + bucket.take_on_credit(now)
        # Behind whatever of theirs already waits, so they arrive in the order written.
        due = max(due, sender.waiting_until)
        if due <= now:
            return ADMIT
        sender.waiting_until = due
        return Verdict("defer", delay=due - now)

    def _sweep(self, now: float) -> None:
        """Forgets senders with full buckets and nothing waiting: they would start afresh
        anyway, so forgetting them changes nothing but memory."""
        for key in [
            key
            for key, sender in self._senders.items()
            if sender.waiting_until <= now and all(b.full(now) for b in sender.buckets.values())
        ]:
            del self._senders[key]


def classify(update: Mapping[str, Any]) -> tuple[int | None, Kind | None, str | None]:
    """(sender's Telegram id, kind, command name or None) of a raw update; (None, None, None)
    for updates nobody is limited on (membership changes, anything not from a person)."""
    query = update.get("callback_query")
    if isinstance(query, Mapping):
        return _sender(query), BUTTON, None
    for key in ("message", "edited_message"):
        message = update.get(key)
        if not isinstance(message, Mapping):
            continue
        sender = _sender(message)
        command = _command(message) if key == "message" else None
        return sender, (COMMAND if command is not None else MESSAGE), command
    return None, None, None


def _sender(obj: Mapping[str, Any]) -> int | None:
    who = obj.get("from")
    if not isinstance(who, Mapping) or who.get("is_bot"):
        return None
    value = who.get("id")
    return value if isinstance(value, int) else None


def _command(message: Mapping[str, Any]) -> str | None:
    """The command's name (``sos`` for ``/sos@EntraideBot now``), as Telegram marks it."""
    text = message.get("text")
    entities = message.get("entities")
    if not isinstance(text, str) or not isinstance(entities, list):
        return None
    for entity in entities:
        if (
            isinstance(entity, Mapping)
            and entity.get("type") == "bot_command"
            and entity.get("offset") == 0
        ):
            length = entity.get("length")
            name = text[1:length] if isinstance(length, int) else text[1:]
            return name.split("@", 1)[0].lower()
    return None
