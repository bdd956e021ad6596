"""Group circles: facilitated, anonymous groups that meet on a schedule. Pure rules.

A circle is a standing group (title, topics, language, facilitators, schedule, capacity, open or
by invitation); each meeting is a session: scheduled → open ⇄ paused → closed. Members say
"I'm here" to take part; only present members hear and are heard. Everyone in a session is
known by their pseudonym and a short code that lives for that session only, so a code never
lets members recognise each other across circles or features.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.people import CODE_ALPHABET, Person, new_code

SESSION_CODE_LENGTH = 3
MAX_TITLE = 80
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FRENCH_DAYS = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")


class Cadence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"  # every other week
    ONCE = "once"


class Access(StrEnum):
    OPEN = "open"  # listed in /circles for anyone who may join
    INVITATION = "invitation"  # only people a coordinator invites see it


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


LIVE = frozenset({SessionStatus.OPEN, SessionStatus.PAUSED})


class IllegalSessionChange(ValueError):
    """A session change its state machine does not allow: a bug in the caller, never data."""


# ---- the schedule ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """When a circle meets, as wall-clock time in its own zone (DST follows the zone).
    ``first_day`` is the one-off day, or the first meeting of a recurring circle (every other
    week counts from it)."""

    cadence: Cadence
    first_day: date
    start: time
    duration_minutes: int
    timezone: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def _start_on(self, day: date) -> datetime:
        return datetime.combine(day, self.start, tzinfo=self.zone).astimezone(UTC)

    def next_start(self, after: datetime) -> datetime | None:
        """The first session start strictly after ``after`` (None: a one-off already past)."""
        if self.cadence is Cadence.ONCE:
            moment = self._start_on(self.first_day)
            return moment if moment > after else None
        step = 7 if self.cadence is Cadence.WEEKLY else 14
        local_day = max(after.astimezone(self.zone).date(), self.first_day)
        # Whole steps from the first day, then forward until the start is later than ``after``.
        behind = (local_day - self.first_day).days
        day = self.first_day + timedelta(days=(behind // step) * step)
        while self._start_on(day) <= after:
            day += timedelta(days=step)
        return self._start_on(day)

    def end_of(self, start: datetime) -> datetime:
        return start + timedelta(minutes=self.duration_minutes)


def parse_schedule(words: Sequence[str], today: date) -> Schedule | str:
    """``weekly tue 19:00 90 Europe/Paris``, ``biweekly …`` or ``once 2026-12-10 19:00 90
    Europe/Paris``; an error key (``circles.bad.<what>``) naming what is wrong."""
    if len(words) != 5:
        return "schedule_shape"
    kind, day_word, start_word, minutes_word, zone_word = words
    try:
        cadence = Cadence(kind.lower().replace("fortnightly", "biweekly"))
    except ValueError:
        return "cadence"
    try:
        start = time.fromisoformat(start_word)
    except ValueError:
        return "start"
    if not minutes_word.isdecimal() or not 15 <= int(minutes_word) <= 240:
        return "duration"
    try:
        ZoneInfo(zone_word)
    except (ZoneInfoNotFoundError, ValueError):
        return "timezone"
    if cadence is Cadence.ONCE:
        try:
            first = date.fromisoformat(day_word)
        except ValueError:
            return "date"
        if first < today:
            return "date_past"
    else:
        day = day_word.lower()[:3]
        if day in _FRENCH_DAYS:
            day = WEEKDAYS[_FRENCH_DAYS.index(day)]
        if day not in WEEKDAYS:
            return "weekday"
        first = today + timedelta(days=(WEEKDAYS.index(day) - today.weekday()) % 7)
    return Schedule(cadence, first, start, int(minutes_word), zone_word)


# ---- circles and who may join ----------------------------------------------------------------


@dataclass
class Circle:
    id: str
    code: str
    title: str
    topics: list[str]
    language: str
    facilitator_id: str
    schedule: Schedule
    capacity: int
    access: Access
    created_at: datetime
    cofacilitator_id: str | None = None
    archived: bool = False

    @property
    def facilitator_ids(self) -> tuple[str, ...]:
        return tuple(p for p in (self.facilitator_id, self.cofacilitator_id) if p)

    def facilitates(self, person_id: str) -> bool:
        return person_id in self.facilitator_ids


def new_circle_code() -> str:
    return new_code("C")[:6]


def languages_of(person: Person) -> set[str]:
    """Every language this person said they speak (their interface language included)."""
    found = {person.language} if person.language else set()
    for profile in (person.seeker_profile, person.peer_profile):
        if profile is not None:
            found.update(profile.languages)
    return found


def speaks(person: Person, circle: Circle) -> bool:
    known = languages_of(person)
    return not known or circle.language in known


class JoinRefusal(StrEnum):
    """Why someone may not join a circle (``circles.refused.<value>``)."""

    SUSPENDED = "suspended"
    UNREACHABLE = "unreachable"
    ROLE = "role"
    LANGUAGE = "language"
    FULL = "full"
    INVITATION = "invitation"
    ARCHIVED = "archived"
    ALREADY = "already"


def may_join(
    person: Person, circle: Circle, *, members: int, member: bool, invited: bool
) -> JoinRefusal | None:
    """Seekers and peers may join a circle in a language they speak, while it has room; a person
    suspended or unreachable may not; a circle by invitation needs an invitation."""
    if person.suspended:
        return JoinRefusal.SUSPENDED
    if not person.reachable:
        return JoinRefusal.UNREACHABLE
    if member:
        return JoinRefusal.ALREADY
    if circle.archived:
        return JoinRefusal.ARCHIVED
    if not (person.is_seeker or person.is_peer):
        return JoinRefusal.ROLE
    if circle.access is Access.INVITATION and not invited:
        return JoinRefusal.INVITATION
    if not speaks(person, circle):
        return JoinRefusal.LANGUAGE
    if members >= circle.capacity:
        return JoinRefusal.FULL
    return None


def listed_for(person: Person, circle: Circle, *, invited: bool) -> bool:
    """Whether /circles shows this circle to this person."""
    if circle.archived or (circle.access is Access.INVITATION and not invited):
        return False
    return speaks(person, circle)


# ---- sessions ---------------------------------------------------------------------------------


@dataclass
class Session:
    id: str
    circle_id: str
    starts_at: datetime
    ends_at: datetime
    status: SessionStatus = SessionStatus.SCHEDULED
    reminded_at: datetime | None = None
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    closed_early: bool = False

    def _to(self, wanted: SessionStatus, allowed: Collection[SessionStatus]) -> None:
        if self.status not in allowed:
            raise IllegalSessionChange(f"session {self.status} → {wanted}")
        self.status = wanted

    def open(self, now: datetime) -> None:
        self._to(SessionStatus.OPEN, {SessionStatus.SCHEDULED})
        self.opened_at = now

    def pause(self) -> None:
        self._to(SessionStatus.PAUSED, {SessionStatus.OPEN})

    def resume(self) -> None:
        self._to(SessionStatus.OPEN, {SessionStatus.PAUSED})

    def close(self, now: datetime, *, early: bool) -> None:
        self._to(SessionStatus.CLOSED, {SessionStatus.SCHEDULED, *LIVE})
        self.closed_at = now
        self.closed_early = early

    @property
    def live(self) -> bool:
        return self.status in LIVE

    def reminder_due(self, now: datetime, minutes: int) -> bool:
        return (
            self.status is SessionStatus.SCHEDULED
            and self.reminded_at is None
            and self.starts_at - timedelta(minutes=minutes) <= now < self.starts_at
        )


@dataclass
class Attendance:
    """One member in one session: their per-session code, and what the facilitator did."""

    session_id: str
    person_id: str
    code: str
    present: bool = False
    muted: bool = False
    removed: bool = False
    helpful: bool | None = None

    @property
    def speaks(self) -> bool:
        return self.present and not self.muted and not self.removed

    @property
    def hears(self) -> bool:
        return self.present and not self.removed


def session_code(taken: Collection[str]) -> str:
    """A short code unique within one session (what ``/mute CODE`` names)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(SESSION_CODE_LENGTH))
        if code not in taken:
            return code


class Speech(StrEnum):
    """What happens to a message a member sends into a live session."""

    PASSED = "passed"
    NOT_PRESENT = "not_present"
    MUTED = "muted"
    REMOVED = "removed"
    PAUSED = "paused"


def speech(session: Session, sender: Attendance) -> Speech:
    if sender.removed:
        return Speech.REMOVED
    if not sender.present:
        return Speech.NOT_PRESENT
    if sender.muted:
        return Speech.MUTED
    if session.status is SessionStatus.PAUSED:
        return Speech.PAUSED
    return Speech.PASSED


def audience(sender_id: str, attendance: Sequence[Attendance]) -> list[Attendance]:
    """Who hears a message: every other present member not removed, in a stable order."""
    return sorted(
        (a for a in attendance if a.hears and a.person_id != sender_id), key=lambda a: a.code
    )


def find_code(attendance: Sequence[Attendance], typed: str) -> Attendance | None:
    wanted = typed.strip().upper()
    return next((a for a in attendance if a.code == wanted), None)


@dataclass(frozen=True)
class NewCircle:
    """A coordinator's one-line /newcircle, parsed: what is missing or wrong is an error key."""

    title: str
    topics: list[str]
    language: str
    facilitator_codes: list[str]
    schedule: Schedule
    capacity: int
    access: Access


_SPLIT = re.compile(r"\s*\|\s*")


def parse_new_circle(
    text: str, today: date, languages: Collection[str], default_capacity: int
) -> NewCircle | str:
    """``TITLE | TOPICS | LANG | FACILITATOR[,CO] | SCHEDULE [| CAPACITY] [| open|invitation]``.
    Returns the circle or the key of the first thing that is wrong."""
    parts = _SPLIT.split(text.strip())
    if len(parts) < 5 or len(parts) > 7:
        return "shape"
    title, topics_word, lang, people, schedule_word, *rest = parts
    if not title or len(title) > MAX_TITLE:
        return "title"
    topics = [t.strip() for t in topics_word.split(",") if t.strip()]
    if not topics:
        return "topics"
    if lang.lower() not in languages:
        return "language"
    codes = [c.strip().upper() for c in people.split(",") if c.strip()]
    if not 1 <= len(codes) <= 2:
        return "facilitators"
    schedule = parse_schedule(schedule_word.split(), today)
    if isinstance(schedule, str):
        return schedule
    capacity, access = default_capacity, Access.OPEN
    for word in rest:
        low = word.lower()
        if low.isdecimal():
            if not 2 <= int(low) <= 50:
                return "capacity"
            capacity = int(low)
        elif low in ("open", "ouvert"):
            access = Access.OPEN
        elif low in ("invitation", "invite", "sur invitation"):
            access = Access.INVITATION
        else:
            return "extra"
    return NewCircle(title, topics, lang.lower(), codes, schedule, capacity, access)
