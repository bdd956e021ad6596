"""An escalation: open → claimed → resolved, at a level, joined by every further signal.

Pure: the entity, its transitions (each refuses an illegal change), the severity-first order
of the coordinators' list, and when an unclaimed one is due a reminder or a widening to every
coordinator. Reading, storing and telling people are the services' and storage's work.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.people import Person, new_code
from bot.domain.risk import RiskLevel


class Status(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    RESOLVED = "resolved"


UNRESOLVED = (Status.OPEN, Status.CLAIMED)
URGENT_LEVEL = int(RiskLevel.URGENT)
LEVELS = (int(RiskLevel.NONE), int(RiskLevel.CONCERN), URGENT_LEVEL)
# A report is about someone's conduct, and its words belong to the reporter: never merged with
# the signals about that person's own distress.
NOT_MERGED = frozenset({"report"})
# Reasons that are a participant's own message: dropped once the escalation is resolved.
MESSAGE_REASONS = frozenset({"automatic"})
# The merged reasons of one escalation stay readable: the newest words are kept.
REASON_MAX = 2000
# Outbox rows carrying an alert are marked with this reference kind (and the escalation id).
ALERT_REF = "esc_alert"


class IllegalTransition(ValueError):
    """A change the escalation's state does not allow (claiming a resolved one, ...)."""


def level_of(level: RiskLevel | int | None, urgent: bool = False) -> int:
    """The level a signal carries: its assessed level, at least urgent when ``urgent``."""
    value = int(level) if level is not None else int(RiskLevel.NONE)
    return max(value, URGENT_LEVEL) if urgent else value


def shown_level(level: int) -> int:
    """The level as the texts know it (0, 1 or 2)."""
    return min(max(level, 0), URGENT_LEVEL)


def is_stranger(person: Person) -> bool:
    """Never consented, or not onboarded yet: no role in the network (a seeker becomes one at
    the end of onboarding, a peer on approval)."""
    if person.consent_at is None:
        return True
    return not (person.is_seeker or person.is_peer or person.is_coordinator)


def merges(kind: str) -> bool:
    """Whether a signal of this kind joins the subject's unresolved escalation."""
    return kind not in NOT_MERGED


@dataclass(frozen=True)
class Pace:
    """How often coordinators hear of an unclaimed escalation (from the settings)."""

    reminder: timedelta
    urgent_reminder: timedelta
    to_all: timedelta

    def reminder_for(self, level: int) -> timedelta:
        return self.urgent_reminder if level >= URGENT_LEVEL else self.reminder


@dataclass(frozen=True)
class Signal:
    """What a further signal did to an escalation: ``raised`` its level; ``alert``: the
    coordinators are due to hear of it now (at once when raised, else once per reminder)."""

    raised: bool
    alert: bool


@dataclass
class Escalation:
    id: str
    code: str
    kind: str
    level: int
    status: Status
    created_at: datetime
    subject_id: str | None = None
    opened_by: str | None = None
    pair_id: str | None = None
    reason: str | None = None
    note: str | None = None
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    resolved_at: datetime | None = None
    next_alert_at: datetime | None = None
    signals: int = 1
    last_signal_at: datetime | None = None
    alerted_at: datetime | None = None
    widen_at: datetime | None = None

    def __post_init__(self) -> None:
        self.status = Status(self.status)

    @classmethod
    def open(
        cls,
        *,
        kind: str,
        level: int,
        now: datetime,
        pace: Pace,
        on_duty_only: bool,
        subject_id: str | None = None,
        opened_by: str | None = None,
        pair_id: str | None = None,
        reason: str | None = None,
        id: str | None = None,
        code: str | None = None,
    ) -> Escalation:
        """A new escalation, alerted now; widened to everyone later if only the coordinators on
        duty heard of it. Its id is made here (known before it is stored), its short code too."""
        return cls(
            id=id or str(uuid.uuid4()),
            code=code or "E" + new_code()[:5],
            kind=kind,
            level=level,
            status=Status.OPEN,
            created_at=now,
            subject_id=subject_id,
            opened_by=opened_by,
            pair_id=pair_id,
            reason=reason,
            next_alert_at=now + pace.reminder_for(level),
            signals=1,
            last_signal_at=now,
            alerted_at=now,
            widen_at=now + pace.to_all if on_duty_only else None,
        )

    @property
    def urgent(self) -> bool:
        return self.level >= URGENT_LEVEL

    @property
    def unresolved(self) -> bool:
        return self.status in UNRESOLVED

    def about(self, person_id: str) -> bool:
        """Whether this escalation is about that person (who may then never act on it)."""
        return self.subject_id is not None and self.subject_id == person_id

    def claim(self, by: str, now: datetime) -> None:
        if self.status is not Status.OPEN:
            raise IllegalTransition(f"claim of a {self.status} escalation")
        self.status, self.claimed_by, self.claimed_at = Status.CLAIMED, by, now

    def resolve(self, by: str, outcome: str, now: datetime, *, spam: bool = False) -> None:
        """Resolved with a note (``outcome``). Whoever resolves an unclaimed one held it. An
        automatic escalation's reason is the seeker's own message, and a spam one's is noise:
        once handled, nothing needs it any more."""
        if self.status is Status.RESOLVED:
            raise IllegalTransition("resolve of a resolved escalation")
        self.status, self.resolved_at, self.note = Status.RESOLVED, now, outcome
        if self.claimed_by is None:
            self.claimed_by, self.claimed_at = by, now
        if spam or self.kind in MESSAGE_REASONS:
            self.reason = None

    def reopen(self, now: datetime) -> None:
        """A claim whose holder can no longer act (suspended, no longer a coordinator): open
        again, due to be announced to everyone at once."""
        if self.status is not Status.CLAIMED:
            raise IllegalTransition(f"reopen of a {self.status} escalation")
        self.status, self.claimed_by, self.claimed_at = Status.OPEN, None, None
        self.next_alert_at, self.widen_at = now, None

    def add_signal(self, level: int, reason: str | None, now: datetime, pace: timedelta) -> Signal:
        """No signal is dropped: it joins this escalation (reason appended, counted, level
        raised if higher). ``pace`` is how often a signal that raises nothing may alert."""
        if not self.unresolved:
            raise IllegalTransition("a signal cannot join a resolved escalation")
        if not merges(self.kind):
            raise IllegalTransition(f"a {self.kind} escalation takes no further signal")
        self.signals += 1
        self.last_signal_at = now
        if reason:
            merged = f"{self.reason}\n— {reason}" if self.reason else reason
            if len(merged) > REASON_MAX:
                merged = "…" + merged[-(REASON_MAX - 1) :]
            self.reason = merged
        raised = level > self.level
        if raised:
            self.level = level
        due = raised or self.alerted_at is None or now - self.alerted_at >= pace
        if due:
            self.alerted_at = now
        return Signal(raised=raised, alert=due)

    def alerted(self, now: datetime, pace: Pace) -> None:
        """Announced (again) to the coordinators: the next reminder is one period away."""
        self.alerted_at = now
        self.next_alert_at = now + pace.reminder_for(self.level)

    def rearm(self, now: datetime, pace: Pace, *, on_duty_only: bool) -> None:
        """Announced again after a signal; once everyone heard of it, no widening is left."""
        if not on_duty_only:
            self.widen_at = None
        self.next_alert_at = now + pace.reminder_for(self.level)


def due_reminder(esc: Escalation, now: datetime) -> bool:
    """Still unclaimed and its next reminder time has come."""
    return esc.status is Status.OPEN and esc.next_alert_at is not None and esc.next_alert_at <= now


def due_widening(esc: Escalation, now: datetime) -> bool:
    """Only the coordinators on duty heard of it, and it is still unclaimed after
    ``escalate_to_all_minutes``: everyone is to hear of it now."""
    return esc.status is Status.OPEN and esc.widen_at is not None and esc.widen_at <= now


def gentle_message_due(last: datetime | None, now: datetime, cooldown: timedelta) -> bool:
    """The gentle message with crisis lines (for worrying words, not urgent ones) goes at most
    once per cooldown: a single hard conversation must not fill with the same text."""
    return last is None or now - last >= cooldown


def severity_key(esc: Escalation) -> tuple[int, datetime, str]:
    """Severity first (urgent, concern, the rest), then the oldest first."""
    return (-esc.level, esc.created_at, esc.id)


def by_severity(escalations: Iterable[Escalation]) -> list[Escalation]:
    return sorted(escalations, key=severity_key)
