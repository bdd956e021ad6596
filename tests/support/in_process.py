"""The real bot, in process: the application and handlers from bootstrap, fed through the same
inbox → processor → router path as in production, against a sandbox Bot API on loopback.

Sends are read from the outbox rows each update wrote, not delivered: what a person would be
shown is exactly what those rows say, and reading them keeps an example to a few milliseconds.
"""

from __future__ import annotations

import builtins
import json
import logging
import os
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy.exc
import telegram.error
from hypothesis import settings
from sqlalchemy import select
from telegram.ext import Application, CommandHandler

from bot.bootstrap import Runtime, build_runtime, ensure_coordinators
from bot.clock import FakeClock
from bot.config import Settings
from bot.sandbox import Sandbox, SimUser
from bot.services.shared.context import ServiceContext
from bot.storage.crypto import Cipher, KeyRing
from bot.storage.engine import create_engine
from bot.storage.orm import InboxUpdateRow, OutboxRow
from bot.storage.repositories import CHAT_ID_PARAM
from bot.storage.uow import Storage

TOKEN = "123456:FUZZ"  # the sandbox's test token
BOT_USERNAME = "entraide_fuzz_bot"

# Commands and button actions left out while being built (none now): everything registered
# is fuzzed.
NOT_FUZZED_YET: frozenset[str] = frozenset()
NOT_FUZZED_YET_ACTIONS: frozenset[str] = frozenset()


def _exception_names() -> frozenset[str]:
    """Names a leaked exception would show: builtins, Telegram's and SQLAlchemy's errors."""
    names: set[str] = set()
    for module in (builtins, telegram.error, sqlalchemy.exc):
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, BaseException):
                names.add(name)
    return frozenset(names)


EXCEPTION_NAMES = _exception_names()
_TECHNICAL = re.compile(r"Traceback|\bError\b|\b\w+(?:Error|Exception)\b|File \"[^\"]+\", line")
_WORDS = re.compile(r"\w+")
# Keys of a send that the recipient never sees, or that only address it.
# Where a message goes, not what it shows; "_chat_id" addresses the last word to a person
# being erased (their Telegram id is gone from the database by then).
_ADDRESSING = frozenset(
    {"chat_id", "from_chat_id", "message_id", "reply_to_message_id", CHAT_ID_PARAM}
)


def fuzzed_commands(app: Application[Any, Any, Any, Any, Any, Any]) -> list[str]:
    """Every command the application registers, except those not fuzzed yet: a command added
    to the bot is fuzzed from then on without anyone listing it here."""
    found = {
        command
        for group in app.handlers.values()
        for handler in group
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    return sorted(found - NOT_FUZZED_YET)


@dataclass
class Sent:
    person_id: str
    method: str
    params: dict[str, Any]

    def visible(self) -> str:
        shown = {k: v for k, v in self.params.items() if k not in _ADDRESSING}
        return json.dumps(shown, ensure_ascii=False)

    def buttons(self) -> list[str]:
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        return [
            str(button["callback_data"])
            for row in markup.get("inline_keyboard", [])
            for button in row
            if "callback_data" in button
        ]


@dataclass
class Outcome:
    update: dict[str, Any]
    processed: bool
    failure: str | None
    errors: list[str]
    sent: list[Sent]


class _ErrorTrap(logging.Handler):
    """Keeps what the processor logs when an update fails, to show it in the assertion."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.records.append(text)


@dataclass
class InProcessBot:
    sandbox: Sandbox
    storage: Storage
    runtime: Runtime
    clock: FakeClock
    trap: _ErrorTrap
    # Every callback button the bot has sent, per person id, oldest first.
    buttons: dict[str, list[str]] = field(default_factory=dict)
    _outbox_seen: int = 0

    @property
    def services(self) -> ServiceContext:
        return self.runtime.services

    def commands(self) -> list[str]:
        return fuzzed_commands(self.runtime.app)

    def actions(self) -> list[str]:
        router = self.runtime.app.bot_data.router
        assert router is not None
        return sorted(set(router.buttons) - NOT_FUZZED_YET_ACTIONS)

    def user(self, telegram_id: int, language: str = "en") -> SimUser:
        user = self.sandbox.user(telegram_id, first_name=f"U{telegram_id}", language_code=language)
        user.started = True
        return user

    async def feed(self, act: Callable[[], object]) -> list[Outcome]:
        """Lets a simulated user act, then runs what reached the bot through the inbox and the
        processor exactly once, as the polling intake and the processor loop would."""
        act()
        queue = self.sandbox.world.updates
        updates = queue.pending()
        queue.drop_pending()
        async with self.storage.uow() as uow:
            await uow.inbox.store(updates, self.clock.now())
            await uow.commit()
        outcomes = []
        for update in updates:
            async with self.storage.uow() as uow:
                stored = await uow.inbox.unprocessed(limit=500)
            mine = [s for s in stored if s.update_id == update["update_id"]]
            assert len(mine) == 1, "the update did not reach the inbox"
            self.trap.records.clear()
            processed = await self.runtime.processor.process(mine[0])
            failure = await self._failure(mine[0].update_id)
            errors = list(self.trap.records)
            outcomes.append(Outcome(update, processed, failure, errors, await self.collect_sends()))
        return outcomes

    async def _failure(self, update_id: int) -> str | None:
        async with self.storage.uow() as uow:
            row = await uow.session.get(InboxUpdateRow, update_id)
            assert row is not None
            if row.processed_at is None:
                return f"not processed (attempts={row.attempts})"
            return row.failure

    async def collect_sends(self) -> list[Sent]:
        async with self.storage.uow() as uow:
            query = select(OutboxRow).where(OutboxRow.id > self._outbox_seen)
            rows = list((await uow.session.execute(query.order_by(OutboxRow.id))).scalars())
            sent = [Sent(row.person_id, row.method, uow.outbox.open_payload(row)) for row in rows]
        if rows:
            self._outbox_seen = rows[-1].id
        for item in sent:
            self.buttons.setdefault(item.person_id, []).extend(item.buttons())
        return sent


@asynccontextmanager
async def in_process_bot(
    db_url: str, key_ring: KeyRing, coordinators: tuple[int, ...]
) -> AsyncIterator[InProcessBot]:
    """A sandbox on this event loop, and the bot's runtime wired to it (no intake, no sweeps,
    no dispatcher: the test drives the processor itself)."""
    clock = FakeClock()
    trap = _ErrorTrap()
    inbox_log = logging.getLogger("bot.delivery.inbox")
    async with Sandbox(token=TOKEN, bot_username=BOT_USERNAME) as sandbox:
        settings = Settings.model_validate(
            {
                "telegram": {
                    "base_url": sandbox.base_url,
                    "base_file_url": sandbox.base_file_url,
                    "request_timeout_seconds": 5.0,
                },
                "database": {"url": db_url},
                "network": {"coordinators": list(coordinators)},
            }
        )
        storage = Storage(create_engine(db_url), Cipher(key_ring), clock)
        inbox_log.addHandler(trap)
        try:
            runtime = build_runtime(settings, storage, TOKEN)
            await runtime.app.initialize()
            try:
                await ensure_coordinators(runtime)
                yield InProcessBot(sandbox, storage, runtime, clock, trap)
            finally:
                await runtime.app.shutdown()
        finally:
            inbox_log.removeHandler(trap)
            await storage.dispose()


def technical_words(text: str, typed: str) -> list[str]:
    """What in a text shown to someone looks like a stack trace or an exception's name, apart
    from words the sender typed themselves (a relayed message may say anything)."""
    typed_words = set(_WORDS.findall(typed))
    found = [m.group(0) for m in _TECHNICAL.finditer(text)]
    found += [w for w in _WORDS.findall(text) if w in EXCEPTION_NAMES]
    return sorted({w for w in found if w not in typed_words and w not in typed})


def fuzz_settings() -> settings:
    """The profile registered in tests/fuzz/conftest.py that HYPOTHESIS_PROFILE names (``ci``
    by default)."""
    return settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
