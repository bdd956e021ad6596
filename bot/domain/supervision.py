"""Supervision of peers: debriefs after hard moments, and their own wellbeing (the rules; the
training path itself is in ``bot.domain.training``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

# --- debriefs ---------------------------------------------------------------------------------


class DebriefTrigger(StrEnum):
    ASKED = "asked"  # /debrief
    ESCALATION = "escalation"
    CHECKIN = "checkin"  # a "heavy" check-in answer
    REASSIGNED = "reassigned"
    BLOCKED = "blocked"
    REPORTED = "reported"
    CIRCLE = "circle"


class DebriefStatus(StrEnum):
    DUE = "due"  # an offer to be sent (offer_at)
    OFFERED = "offered"  # the peer was asked whether they want one
    ANSWERING = "answering"  # the peer is answering the three questions
    WAITING = "waiting"  # sent to coordinators, nobody claimed it yet
    CLAIMED = "claimed"
    SCHEDULED = "scheduled"  # a time was agreed
    DECLINED = "declined"


OPEN_DEBRIEF = (
    DebriefStatus.DUE,
    DebriefStatus.OFFERED,
    DebriefStatus.ANSWERING,
    DebriefStatus.WAITING,
    DebriefStatus.CLAIMED,
)
# The three questions, in order (message ids of their texts are "debrief.q.<name>").
DEBRIEF_QUESTIONS = ("happened", "feeling", "need")
# Three answers and their headings fit in one message to coordinators.
MAX_DEBRIEF_ANSWER = 1000


@dataclass(frozen=True)
class Debrief:
    id: str
    code: str
    peer_id: str
    trigger: DebriefTrigger
    status: DebriefStatus
    created_at: datetime
    offer_at: datetime | None = None
    offered_at: datetime | None = None
    answers: Mapping[str, str] = field(default_factory=dict)
    claimed_by: str | None = None
    talk_at: datetime | None = None

    @property
    def next_question(self) -> str | None:
        for name in DEBRIEF_QUESTIONS:
            if name not in self.answers:
                return name
        return None


def offer_wanted(open_debriefs: Sequence[Debrief], trigger: DebriefTrigger) -> bool:
    """A hard moment offers a debrief unless one is already on its way or under way: one
    offer at a time, whatever happened in between."""
    return trigger is DebriefTrigger.ASKED or not open_debriefs


def median(spans: Sequence[timedelta]) -> timedelta | None:
    if not spans:
        return None
    ordered = sorted(spans)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


# --- peers' own wellbeing -------------------------------------------------------------------

# Answers to the monthly question, best first; the last two are "low".
WELLBEING_ANSWERS = ("good", "ok", "tired", "struggling")
LOW_ANSWERS = frozenset({"tired", "struggling"})


def suggest_a_break(latest_first: Sequence[str]) -> bool:
    """Two low answers in a row (the newest two): suggest /away, and tell coordinators."""
    return len(latest_first) >= 2 and all(a in LOW_ANSWERS for a in latest_first[:2])
