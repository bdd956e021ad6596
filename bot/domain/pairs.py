"""A seeker and a peer talking through the bot, and the rules of a pair's life.

    active ──pause(by)──▶ paused ──resume(by)──▶ active
       │                    │
       └──────end(...)──────┴──▶ ended (for good)

Who paused a pair says who may resume it (``resume_refusal``): the person who paused it, or
either side once the bot's own pause (the other side could not be reached) has a reason to end;
never the other side, and never a participant when coordination paused it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.domain.people import Person


class PairStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


# The statuses under their old names (stored strings compare equal to them).
ACTIVE, PAUSED, ENDED = PairStatus.ACTIVE, PairStatus.PAUSED, PairStatus.ENDED

# ``Pair.paused_by`` is a person's id, or one of these:
# the bot paused it because one side could not be reached;
PAUSED_UNREACHABLE = "unreachable"
# a coordinator's suspension of one side paused it: no participant can resume it, and lifting
# the suspension resumes exactly these.
PAUSED_BY_COORDINATION = "coordination"


class EndReason(StrEnum):
    SEEKER = "seeker"
    PEER = "peer"
    COORDINATOR = "coordinator"
    REASSIGNED = "reassigned"
    BLOCKED = "blocked"
    REPORTED = "reported"
    FORGOTTEN = "forgotten"
    UNREACHABLE = "unreachable"


# Reasons a member gives by ending it themselves; only these ask for a rating.
MEMBER_REASONS = frozenset({EndReason.SEEKER, EndReason.PEER})


class ResumeRefusal(StrEnum):
    """Why someone may not resume a pair (each has its own answer)."""

    NOT_PAUSED = "not_paused"
    THEIRS = "theirs"  # the other side paused it: theirs to resume
    COORDINATOR = "coordinator"  # coordination paused it
    UNREACHABLE = "unreachable"  # the other side cannot be reached right now
    # The other side is suspended: the pause becomes the suspension's (``hand_to_coordination``),
    # so that lifting the suspension resumes it, as this person wanted.
    OTHER_ON_HOLD = "other_on_hold"


class PausedBy(StrEnum):
    """Who paused a pair, as one of its members sees it."""

    YOU = "you"
    OTHER = "other"
    UNREACHABLE = "unreachable"  # the bot, because one side could not be reached
    COORDINATION = "coordination"


class PairError(ValueError):
    """A change this pair's state does not allow."""


@dataclass
class Pair:
    id: str
    code: str
    seeker_id: str
    peer_id: str
    status: PairStatus
    created_at: datetime
    score: dict[str, Any] = field(default_factory=dict)
    paused_by: str | None = None
    handover_note: str | None = None
    last_activity_at: datetime | None = None
    ended_at: datetime | None = None
    end_reason: str | None = None
    seeker_rating: int | None = None
    seeker_comment: str | None = None
    peer_rating: int | None = None
    peer_comment: str | None = None

    def __post_init__(self) -> None:
        self.status = PairStatus(self.status)  # a stored string becomes the member

    @property
    def open(self) -> bool:
        return self.status in (ACTIVE, PAUSED)

    def other(self, person_id: str) -> str:
        if person_id == self.seeker_id:
            return self.peer_id
        if person_id == self.peer_id:
            return self.seeker_id
        raise ValueError("not a member of this pair")

    def has(self, person_id: str) -> bool:
        return person_id in (self.seeker_id, self.peer_id)

    def who_paused(self, viewer_id: str) -> PausedBy:
        """Who paused this pair, from a member's side."""
        if self.paused_by == viewer_id:
            return PausedBy.YOU
        if self.paused_by == self.other(viewer_id):
            return PausedBy.OTHER
        if self.paused_by == PAUSED_UNREACHABLE:
            return PausedBy.UNREACHABLE
        return PausedBy.COORDINATION

    # ---- transitions ---------------------------------------------------------------------

    def pause(self, by: str) -> None:
        """Nothing passes either way until it is resumed. ``by``: a member's id,
        ``PAUSED_UNREACHABLE`` or ``PAUSED_BY_COORDINATION``."""
        if self.status != ACTIVE:
            raise PairError(f"cannot pause a pair that is {self.status}")
        self.status, self.paused_by = PAUSED, by

    def resume_refusal(self, person: Person, other: Person) -> ResumeRefusal | None:
        """Whether ``person`` may resume this pair with ``other``; None when they may."""
        if self.status != PAUSED:
            return ResumeRefusal.NOT_PAUSED
        if self.paused_by == other.id:
            return ResumeRefusal.THEIRS
        if self.paused_by not in (person.id, PAUSED_UNREACHABLE):
            return ResumeRefusal.COORDINATOR
        if not other.reachable:
            return ResumeRefusal.UNREACHABLE
        if not other.may_reach_others:
            return ResumeRefusal.OTHER_ON_HOLD
        return None

    def resume(self, person: Person, other: Person) -> None:
        """``person`` resumes it (refused as ``resume_refusal`` says)."""
        refusal = self.resume_refusal(person, other)
        if refusal is not None:
            raise PairError(f"cannot resume: {refusal}")
        self.status, self.paused_by = ACTIVE, None

    def hand_to_coordination(self) -> None:
        """A participant's pause becomes the suspension's, lifted with it."""
        if self.status != PAUSED:
            raise PairError(f"cannot hand a pair that is {self.status} to coordination")
        self.paused_by = PAUSED_BY_COORDINATION

    def lift_coordination_pause(self) -> None:
        """The suspension that paused it is lifted: it goes on."""
        if self.status != PAUSED or self.paused_by != PAUSED_BY_COORDINATION:
            raise PairError("not paused by coordination")
        self.status, self.paused_by = ACTIVE, None

    def end(self, reason: str, at: datetime) -> None:
        """Ends it for good (``EndReason``); an ended pair never opens again."""
        if not self.open:
            raise PairError("this pair has already ended")
        self.status = ENDED
        self.ended_at = at
        self.end_reason = reason
        self.paused_by = None
