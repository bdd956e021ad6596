"""Follow-up rules: when each side of a pair is next asked how it goes, when asking stops,
when a question waits for the morning, and when a silent pair is nudged or reported. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.pairs import ACTIVE, Pair
from bot.domain.people import Person
from bot.domain.schedule import next_allowed, zone_or_default


class CheckinStatus(StrEnum):
    DUE = "due"  # planned, not asked yet
    SENT = "sent"  # asked, waiting for an answer
    ANSWERED = "answered"
    EXPIRED = "expired"  # left unanswered for a whole period
    CANCELLED = "cancelled"  # the pair or the person can no longer be asked
    # A marker, not a question: this side went unanswered too often and is asked no more
    # (until the marker itself is purged).
    STOPPED = "stopped"


class Side(StrEnum):
    SEEKER = "seeker"
    PEER = "peer"


# Asked or about to be.
OPEN = (CheckinStatus.DUE, CheckinStatus.SENT)
# A side with one of these is given no new check-in.
PENDING = (*OPEN, CheckinStatus.STOPPED)

# Short codes: they travel in 64-byte callback data next to a row id and a signature.
SEEKER_ANSWERS = ("1", "2", "3", "4", "5", "other", "urgent")
PEER_ANSWERS = ("fine", "heavy", "break", "coord")


def allowed_answers(role: str) -> tuple[str, ...]:
    return SEEKER_ANSWERS if role == Side.SEEKER else PEER_ANSWERS


class IllegalCheckinChange(ValueError):
    """A status change the check-in's life does not allow (a bug in the caller)."""


@dataclass
class Checkin:
    id: str
    pair_id: str
    person_id: str
    role: Side
    status: CheckinStatus
    due_at: datetime
    sent_at: datetime | None = None
    answered_at: datetime | None = None

    def _require(self, *allowed: CheckinStatus) -> None:
        if self.status not in allowed:
            raise IllegalCheckinChange(f"check-in {self.id} is {self.status}")

    def cancel(self) -> None:
        self._require(*OPEN)
        self.status = CheckinStatus.CANCELLED

    def postpone(self, until: datetime) -> None:
        self._require(CheckinStatus.DUE)
        self.due_at = until

    def mark_sent(self, now: datetime) -> None:
        self._require(CheckinStatus.DUE)
        self.status = CheckinStatus.SENT
        self.sent_at = now

    def expire(self) -> None:
        self._require(CheckinStatus.SENT)
        self.status = CheckinStatus.EXPIRED

    def record_answer(self, now: datetime) -> None:
        self._require(CheckinStatus.SENT)
        self.status = CheckinStatus.ANSWERED
        self.answered_at = now

    def accepts(self, person_id: str, code: str) -> bool:
        """Whether this answer button belongs to this person and this kind of question."""
        return self.person_id == person_id and code in allowed_answers(self.role)


@dataclass(frozen=True)
class CheckinPolicy:
    """The ``[checkins]`` settings the rules need."""

    every_days: int
    max_unanswered: int
    quiet_start: time
    quiet_end: time
    default_zone: ZoneInfo

    @property
    def period(self) -> timedelta:
        return timedelta(days=self.every_days)

    def first_allowed(self, timezone: str | None, after: datetime) -> datetime:
        """``after``, or the end of the quiet hours it falls in, in the person's own zone."""
        zone = zone_or_default(timezone, self.default_zone)
        return next_allowed(after, zone, self.quiet_start, self.quiet_end)


# ---- planning -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SideToPlan:
    """One side of a pair that may need its next check-in."""

    pair_id: str
    person_id: str
    role: Side
    pair_status: str
    pair_created_at: datetime


@dataclass(frozen=True)
class PastCheckin:
    status: str
    due_at: datetime


@dataclass(frozen=True)
class PlannedCheckin:
    pair_id: str
    person_id: str
    role: Side
    status: CheckinStatus  # DUE, or STOPPED for the marker that ends asking
    due_at: datetime


class SkipReason(StrEnum):
    PAIR_NOT_ACTIVE = "pair_not_active"  # paused or ended: nobody is asked
    PENDING = "pending"  # a check-in is due, sent or stopped for this side already
    UNKNOWN_PERSON = "unknown_person"  # no such person any more


@dataclass(frozen=True)
class CheckinPlan:
    planned: list[PlannedCheckin] = field(default_factory=list)
    skipped: list[tuple[SideToPlan, SkipReason]] = field(default_factory=list)

    @property
    def asked(self) -> int:
        """How many sides will be asked (stop markers are not questions)."""
        return sum(1 for p in self.planned if p.status == CheckinStatus.DUE)


def plan_checkins(
    sides: Iterable[SideToPlan],
    history: Mapping[tuple[str, str], Sequence[PastCheckin]],
    zones: Mapping[str, str | None],
    policy: CheckinPolicy,
    now: datetime,
) -> CheckinPlan:
    """Each side of an active pair gets its next check-in a period after its last one (or
    after the pair began), in its own day; unless one is pending, or its last
    ``max_unanswered`` went unanswered: then a STOPPED marker, and nothing more is asked.

    ``history`` holds each (pair, person)'s check-ins, latest due first; ``zones`` each known
    person's time zone (None: the default one)."""
    plan = CheckinPlan()
    for side in sides:
        past = history.get((side.pair_id, side.person_id), ())
        if side.pair_status != ACTIVE:
            plan.skipped.append((side, SkipReason.PAIR_NOT_ACTIVE))
            continue
        if any(p.status in PENDING for p in past):
            plan.skipped.append((side, SkipReason.PENDING))
            continue
        if side.person_id not in zones:
            plan.skipped.append((side, SkipReason.UNKNOWN_PERSON))
            continue
        latest = past[: policy.max_unanswered]
        stop = len(latest) >= policy.max_unanswered and all(
            p.status == CheckinStatus.EXPIRED for p in latest
        )
        if stop:
            planned = PlannedCheckin(
                side.pair_id, side.person_id, side.role, CheckinStatus.STOPPED, now
            )
        else:
            base = latest[0].due_at if latest else side.pair_created_at
            # After downtime, one check-in now rather than one per missed period.
            due = max(base + policy.period, now)
            planned = PlannedCheckin(
                side.pair_id,
                side.person_id,
                side.role,
                CheckinStatus.DUE,
                policy.first_allowed(zones[side.person_id], due),
            )
        plan.planned.append(planned)
    return plan


# ---- asking ---------------------------------------------------------------------------------


class AskAction(StrEnum):
    ASK = "ask"
    WAIT = "wait"  # inside the person's quiet hours (found after downtime): in the morning
    CANCEL = "cancel"


@dataclass(frozen=True)
class AskDecision:
    action: AskAction
    at: datetime | None = None  # for WAIT: when to ask instead


def ask_decision(
    person: Person | None, pair: Pair | None, policy: CheckinPolicy, now: datetime
) -> AskDecision:
    """What to do with a check-in now due. A suspended person is asked nothing; their next
    check-in is planned once the suspension is lifted and the pair active again."""
    if person is None or pair is None or pair.status != ACTIVE or not person.may_be_matched:
        return AskDecision(AskAction.CANCEL)
    allowed = policy.first_allowed(person.timezone, now)
    if allowed > now:
        return AskDecision(AskAction.WAIT, allowed)
    return AskDecision(AskAction.ASK)


def unanswered_streak(statuses_latest_first: Iterable[str]) -> int:
    """How many of a side's latest check-ins in a row lapsed unanswered."""
    streak = 0
    for status in statuses_latest_first:
        if status != CheckinStatus.EXPIRED:
            break
        streak += 1
    return streak


# ---- silence ------------------------------------------------------------------------------


class SilenceAction(StrEnum):
    NONE = "none"
    NUDGE = "nudge"  # both sides, kindly
    ALERT = "alert"  # the coordinators


def silence_action(
    *,
    since: datetime,
    nudged_at: datetime | None,
    alerted_at: datetime | None,
    now: datetime,
    inactive_days: int,
) -> SilenceAction:
    """Silent ``inactive_days`` since ``since`` (the last message, or the pair's start): a
    nudge. Twice as long: the coordinators are told. Each once per silence (a new message
    starts a new one)."""
    silent = now - since
    if silent >= timedelta(days=2 * inactive_days) and (alerted_at is None or alerted_at < since):
        return SilenceAction.ALERT
    if silent >= timedelta(days=inactive_days) and (nudged_at is None or nudged_at < since):
        return SilenceAction.NUDGE
    return SilenceAction.NONE
