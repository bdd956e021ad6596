"""Who is on duty for escalations: a weekly rota, pure (no I/O).

A rota slot is one coordinator (their Telegram id), some days of the week and a span of local
hours in a time zone. A span whose end is before its start runs past midnight (22:00-07:00 on
Friday covers Friday night until Saturday 07:00). Coordinators who put themselves on duty with
``/oncall on`` are added by the service. Who hears of an escalation first is decided here
too, from the people the service loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.people import Person

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Slot:
    telegram_id: int
    days: frozenset[int]  # 0 = Monday, as datetime.weekday()
    start: time
    end: time
    zone: ZoneInfo

    def covers(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        clock = local.time().replace(tzinfo=None)
        if self.start < self.end:
            return local.weekday() in self.days and self.start <= clock < self.end
        if self.start == self.end:  # the whole day
            return local.weekday() in self.days
        # Overnight: the evening of a listed day, or the morning after it.
        yesterday = (local.weekday() - 1) % 7
        return (local.weekday() in self.days and clock >= self.start) or (
            yesterday in self.days and clock < self.end
        )

    def next_start(self, moment: datetime) -> datetime | None:
        """The first moment after ``moment`` when this slot begins (None: no day listed)."""
        local = moment.astimezone(self.zone)
        for ahead in range(8):
            day = local.date() + timedelta(days=ahead)
            if day.weekday() not in self.days:
                continue
            start = datetime.combine(day, self.start, tzinfo=self.zone)
            if start > local:
                return start
        return None


def on_duty(slots: Iterable[Slot], moment: datetime) -> set[int]:
    """Telegram ids of the coordinators the rota puts on duty at ``moment``."""
    return {s.telegram_id for s in slots if s.covers(moment)}


def next_on_duty(slots: Iterable[Slot], moment: datetime, skip: set[int]) -> datetime | None:
    """When a coordinator not in ``skip`` is next on duty by the rota; None when unknown."""
    starts = [s.next_start(moment) for s in slots if s.telegram_id not in skip]
    found = [s for s in starts if s is not None]
    return min(found) if found else None


@dataclass(frozen=True)
class Audience:
    """Who an escalation's alert goes to."""

    people: list[Person]
    # False: nobody eligible was on duty, so these are every coordinator.
    on_duty_only: bool


def may_act(person: Person, subject_id: str | None = None) -> bool:
    """A coordinator who may act on an escalation about ``subject_id``: not suspended, and
    never the person it is about."""
    return (
        person.is_coordinator
        and not person.suspended
        and (subject_id is None or person.id != subject_id)
    )


def on_duty_audience(on_duty: Iterable[Person], subject_id: str | None) -> Audience | None:
    """The coordinators on duty, oldest first, when any may act; None when nobody may (then
    every coordinator hears of it: ``everyone``)."""
    first = [p for p in on_duty if may_act(p, subject_id)]
    if not first:
        return None
    return Audience(sorted(first, key=lambda p: p.created_at), True)


def everyone(coordinators: Iterable[Person], subject_id: str | None) -> Audience:
    return Audience([c for c in coordinators if may_act(c, subject_id)], False)
