"""What happened in one feature that another feature acts on.

A service publishes an event (``ctx.publish(uow, event)``) instead of calling into the feature
that reacts; the table of who reacts to what is ``bot/services/reactions.py``, the one place
where features meet. Reactions run at once, in the same unit of work, so what they say is
queued in the same order as when the call was direct, and a rollback undoes both.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.people import Person


@dataclass(frozen=True)
class Event:
    """Base of every domain event."""


@dataclass(frozen=True)
class PeerHasRoom(Event):
    """A peer can take one more seeker: a pair of theirs ended, their application was approved,
    or their suspension was lifted."""

    peer: Person


@dataclass(frozen=True)
class SeekerLooking(Event):
    """A seeker is looking for a peer: onboarding done, /newpeer, a pair ended with a wish to
    talk to someone else, or a reassignment without a named peer."""

    seeker: Person


@dataclass(frozen=True)
class SeekerStoppedLooking(Event):
    """A seeker's search stops (suspended, or erased): offers made for them are withdrawn."""

    seeker: Person


@dataclass(frozen=True)
class SeekerSearchResumed(Event):
    """A search interrupted by a suspension goes on, with the seeker's place in the queue."""

    seeker: Person


@dataclass(frozen=True)
class PeerUnavailable(Event):
    """A peer can no longer answer offers (suspended, or erased): theirs go to the next peers."""

    peer: Person


@dataclass(frozen=True)
class CircleSessionClosed(Event):
    """A group circle's session has closed (on time or early): the peers who facilitated it
    are offered a debrief."""

    circle_id: str
    facilitator_ids: tuple[str, ...]


@dataclass(frozen=True)
class EscalationOpened(Event):
    """An escalation was opened (a /sos, a risky message, a referral, a report, a worrying
    check-in...): the peers of the pair it is about are offered a debrief."""

    escalation_id: str
    kind: str
    subject_id: str | None
    pair_id: str | None


@dataclass(frozen=True)
class HeavyCheckin(Event):
    """A peer answered a check-in with "heavy": they are offered a debrief."""

    peer_id: str


@dataclass(frozen=True)
class PairReassigned(Event):
    """A coordinator moved a pair's seeker to another peer: the former peer is offered a
    debrief."""

    pair_id: str
    peer_id: str


@dataclass(frozen=True)
class PairBlocked(Event):
    """One side of a pair blocked the other: the pair's peer is offered a debrief."""

    pair_id: str
    peer_id: str
