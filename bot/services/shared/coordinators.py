"""What every coordinator command shares: its arguments, answers, labels and durations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.people import Person
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import Keyboard, say
from bot.storage.uow import UnitOfWork

PAGE_ACTION = "coord.page"
# Skip / Cancel under a question asking a coordinator for a note (a handover note, an
# escalation's resolution); args: the step nonce, then "skip" or "cancel".
NOTE_ACTION = "coord.note"
NOTE_STEP = "note"
# The one-step flow waiting for an escalation's resolution note.
ESC_NOTE_FLOW = "esc_note"


@dataclass(frozen=True)
class Command:
    """A coordinator command as typed: its name and everything after it, line breaks kept."""

    name: str
    rest: str = ""

    @classmethod
    def parse(cls, text: str) -> Command:
        head, _, rest = text.strip().partition(" ")
        if "\n" in head:
            head, _, more = head.partition("\n")
            rest = more + (" " + rest if rest else "")
        name = head.lstrip("/").split("@")[0].lower()
        return cls(name, rest.strip())

    @property
    def words(self) -> list[str]:
        return self.rest.split()

    def split(self, count: int) -> tuple[list[str], str]:
        """The first ``count`` words, and the free text after them (may be empty)."""
        parts = self.rest.split(maxsplit=count)
        return parts[:count], (parts[count].strip() if len(parts) > count else "")


async def reply(
    uow: UnitOfWork,
    ctx: ServiceContext,
    coordinator: Person,
    key: str,
    *,
    keyboard: Keyboard | None = None,
    **values: object,
) -> None:
    await say(uow, coordinator, ctx.t(coordinator.language, key, **values), keyboard=keyboard)


async def usage(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, command: str) -> None:
    """Wrong or missing arguments: one line saying how the command is written."""
    await reply(
        uow,
        ctx,
        coordinator,
        "coord.usage",
        line=ctx.t(coordinator.language, f"coord.usage.{command}"),
    )


async def team_say(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    key: str,
    *,
    keyboard: Keyboard | None = None,
    **values: object,
) -> None:
    """A message to a participant in the name of the coordination team, never of one person."""
    text = ctx.t(person.language, "coord.team_header") + "\n\n"
    text += ctx.t(person.language, key, **values)
    await say(uow, person, text, keyboard=keyboard)


def label(person: Person | None) -> str:
    """How coordinators see anyone: pseudonym and code, never a Telegram identity."""
    if person is None:
        return "—"
    if person.pseudonym:
        return f"{person.pseudonym} ({person.code})"
    return person.code


def duration(ctx: ServiceContext, language: str | None, span: timedelta) -> str:
    minutes = max(0, int(span.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return ctx.t(language, "coord.dur.days", d=days, h=hours)
    if hours:
        return ctx.t(language, "coord.dur.hours", h=hours, m=mins)
    return ctx.t(language, "coord.dur.minutes", m=mins)


def since(ctx: ServiceContext, language: str | None, moment: datetime | None) -> str:
    if moment is None:
        return ctx.t(language, "coord.never")
    return duration(ctx, language, ctx.clock.now() - moment)


def pager(ctx: ServiceContext, viewer: Person, kind: str, page: int, pages: int) -> Keyboard | None:
    """Prev / Next buttons, signed for this coordinator; none when everything fits."""
    row = []
    if page > 0:
        text = ctx.t(viewer.language, "coord.page.prev")
        row.append(ctx.buttons.button(viewer.id, text, PAGE_ACTION, kind, str(page - 1)))
    if page + 1 < pages:
        text = ctx.t(viewer.language, "coord.page.next")
        row.append(ctx.buttons.button(viewer.id, text, PAGE_ACTION, kind, str(page + 1)))
    return [row] if row else None
