"""Who may open the dashboard, and the audit of what they looked at.

Only a coordinator who is not suspended; anyone else is turned away by the web layer with one
neutral answer, and nothing about them is recorded: the look-up below creates no one (unlike
``people.identify``) and writes nothing.
"""

from __future__ import annotations

from bot.domain.people import Person
from bot.services.shared import audit
from bot.storage.uow import UnitOfWork


def may_use(person: Person | None) -> bool:
    return person is not None and person.is_coordinator and not person.suspended


async def by_telegram_id(uow: UnitOfWork, telegram_id: int) -> Person | None:
    """The coordinator Telegram signed the launch data for, or None."""
    person = await uow.people.by_telegram_id(telegram_id)
    return person if may_use(person) else None


async def by_session(uow: UnitOfWork, person_id: str) -> Person | None:
    """The coordinator a session names, if they still may use the dashboard (a suspension or
    a removal since takes effect at their next click)."""
    person = await uow.people.get(person_id)
    return person if may_use(person) else None


async def opened(uow: UnitOfWork, viewer: Person) -> None:
    """A coordinator opened the dashboard from Telegram (a new session)."""
    await audit.record(uow, viewer, "dash.open")


async def viewed(uow: UnitOfWork, viewer: Person, page: str) -> None:
    await audit.record(uow, viewer, "dash.view", targets=[page])
