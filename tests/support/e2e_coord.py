"""Helpers for the coordination end-to-end tests (no tests here): people seated in the shared
database with a sandbox account each, asking the bot and waiting for its answer, and the check
that no one's Telegram identity ever reached anyone else.

Telegram ids are twelve digits so they cannot turn up by chance in a date, a message id or a
button's signature; first names and usernames are unmistakable for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bot.clock import FakeClock
from bot.domain.people import Person
from bot.sandbox import Sandbox
from bot.sandbox.models import BotMessage
from bot.sandbox.users import SimUser
from bot.storage.orm import AuditRow
from bot.storage.uow import Storage
from tests.support.context import make_ctx
from tests.support.coord import add, person

BASE_ID = 880_000_000_000
UNKNOWN_COMMAND = make_ctx(FakeClock()).t("en", "errors.unknown_command")


@dataclass
class Seat:
    user: SimUser
    person: Person

    @property
    def code(self) -> str:
        return self.person.code


def seat(sandbox: Sandbox, n: int, name: str, **spec: Any) -> Seat:
    """A consented person (see tests.support.coord.person) with a started sandbox account,
    created now: the bot's own clock is the real one (nobody has waited for months)."""
    telegram_id = BASE_ID + n
    who = person(FakeClock(datetime.now(UTC)), telegram_id, **spec)
    user = sandbox.user(
        telegram_id,
        first_name=f"Real{name}",
        last_name=f"Surname{name}",
        username=f"{name.lower()}_handle",
        language_code=spec.get("language", "en"),
    )
    user.started = True
    return Seat(user, who)


async def open_bot(make_bot: Any, storage: Storage, *seats: Seat, extra: str = "") -> Any:
    """Seats everyone in the database, then starts the bot with the coordinators configured."""
    await add(storage, *(s.person for s in seats))
    coordinators = tuple(s.user.id for s in seats if s.person.is_coordinator)
    bot = make_bot(coordinators=coordinators, extra=extra)
    await bot.start()
    return bot


def last_id(user: SimUser) -> int:
    return max((m.message_id for m in user.received), default=0)


def send(user: SimUser, text: str) -> int:
    if text.startswith("/"):
        command, _, rest = text.partition(" ")
        return user.send_command(command, *([rest] if rest else []))
    return user.send_text(text)


async def ask(
    user: SimUser,
    text: str,
    expect: str | Callable[[BotMessage], bool] | None = None,
    timeout: float = 10.0,
) -> BotMessage:
    """Sends a command (or text); returns the first new message (containing ``expect``)."""
    after = last_id(user)
    send(user, text)

    def check(m: BotMessage) -> bool:
        if m.message_id <= after:
            return False
        if expect is None:
            return True
        return expect in m.content if isinstance(expect, str) else expect(m)

    return await user.wait_for(check, timeout=timeout)


async def audit_actors(storage: Storage) -> list[str | None]:
    async with storage.uow() as uow:
        return list((await uow.session.execute(select(AuditRow.actor_id))).scalars())


def texts(user: SimUser) -> list[str]:
    return [m.content for m in user.received]


def has_button(message: BotMessage, text: str) -> bool:
    return any(label == text for label, _data in message.buttons())
