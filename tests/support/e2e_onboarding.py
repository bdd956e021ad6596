"""Onboarding end to end: a sandbox chat that answers the bot's steps, and what the database
holds afterwards (stored, and never in clear)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.domain.people import Person
from bot.sandbox.models import BotMessage
from bot.sandbox.users import SimUser
from bot.storage.orm import Base
from bot.storage.uow import Storage


class Chat:
    """A user answering the bot's questions as a person would: the latest question first."""

    def __init__(self, user: SimUser) -> None:
        self.user = user
        # Buttons are looked for on messages from here on: earlier questions are answered.
        self.mark = 0

    def _offering(self, label: str, since: int):
        def check(message: BotMessage) -> bool:
            return message.message_id >= since and label in [t for t, _ in message.buttons()]

        return check

    async def question(self, label: str, timeout: float = 10.0) -> BotMessage:
        """The newest message offering a button ``label``."""
        await self.user.wait_for(self._offering(label, self.mark), timeout=timeout)
        found = [m for m in self.user.received if self._offering(label, self.mark)(m)]
        return found[-1]

    async def press(self, label: str, timeout: float = 10.0) -> BotMessage:
        """Presses ``label`` on the newest question offering it; the next question is newer."""
        message = await self.question(label, timeout)
        self.user.press(message, button_text=label)
        self.mark = message.message_id + 1
        return message

    async def redraw(self, label: str) -> BotMessage:
        """Presses a button that redraws its own question (a new suggestion, say)."""
        message = await self.question(label)
        self.user.press(message, button_text=label)
        self.mark = message.message_id
        edits = len(message.edits)
        await self.user.wait_for(
            lambda m: m.message_id == message.message_id and len(m.edits) > edits
        )
        return message

    async def toggle(self, label: str) -> BotMessage:
        """Ticks an option of a multi-select, and waits for the tick to show."""
        message = await self.question(label)
        self.user.press(message, button_text=label)
        self.mark = message.message_id
        await self.user.wait_for(
            lambda m: (
                m.message_id == message.message_id and f"✓ {label}" in [t for t, _ in m.buttons()]
            )
        )
        return message

    def type(self, words: str) -> int:
        return self.user.send_text(words)

    async def said(self, needle: str, timeout: float = 10.0) -> BotMessage:
        """The first message from here on whose text contains ``needle``."""
        since = self.mark
        return await self.user.wait_for(
            lambda m: m.message_id >= since and needle in m.content, timeout=timeout
        )

    def after_last(self) -> None:
        """What follows is answered by messages not yet received."""
        received = self.user.received
        self.mark = (received[-1].message_id + 1) if received else 0


async def do(chat: Chat, step: tuple[str, str]) -> None:
    kind, what = step
    if kind == "press":
        await chat.press(what)
    elif kind == "toggle":
        await chat.toggle(what)
    elif kind == "redraw":
        await chat.redraw(what)
    elif kind == "use":
        # The suggested pseudonym, whatever it is, is on the button that starts with ``what``.
        message = await chat.user.wait_for(
            lambda m: m.message_id >= chat.mark and any(t.startswith(what) for t, _ in m.buttons())
        )
        label = next(t for t, _ in message.buttons() if t.startswith(what))
        await chat.press(label)
    else:
        chat.after_last()
        chat.type(what)


async def stored(storage: Storage, telegram_id: int) -> Person:
    async with storage.uow() as uow:
        person = await uow.people.by_telegram_id(telegram_id)
    assert person is not None
    return person


async def everything_stored(storage: Storage, db_url: str) -> bytes:
    """Every value of every table as raw bytes, and the SQLite files themselves."""
    blob = bytearray()
    async with storage.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in (await conn.execute(select(table))).all():
                for value in row:
                    blob += value if isinstance(value, bytes) else str(value).encode()
    if db_url.startswith("sqlite"):
        path = Path(db_url.split("///", 1)[1])
        for file in (path, path.with_name(path.name + "-wal")):
            if file.exists():
                blob += file.read_bytes()
    return bytes(blob)


def in_clear(blob: bytes, *values: str) -> list[str]:
    return [v for v in values if v.encode() in blob or v.encode("unicode_escape") in blob]
