"""People as the services see them: decrypted, with roles and an opaque public code."""

from __future__ import annotations

import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Generic, TypeVar

from bot.domain.profiles import PeerProfile, SeekerProfile

# No 0/O, 1/I/L, so a coordinator can read a code aloud or type it from a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


class PersonStatus(StrEnum):
    """Moderation: an active person reaches others; a suspended one is held back; an erased
    one is an anonymous row kept for counts."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    ERASED = "erased"


class SeekerState(StrEnum):
    """Where a seeker is: none → onboarding → waiting → offered → paired ⇄ paused → none."""

    NONE = "none"
    ONBOARDING = "onboarding"
    WAITING = "waiting"
    OFFERED = "offered"
    PAIRED = "paired"
    PAUSED = "paused"


class PeerState(StrEnum):
    """Where a peer is: none → onboarding → applicant → approved | rejected (→ onboarding)."""

    NONE = "none"
    ONBOARDING = "onboarding"
    APPLICANT = "applicant"
    APPROVED = "approved"
    REJECTED = "rejected"


# The names other modules import; the members themselves, so comparisons are unchanged.
ACTIVE, SUSPENDED = PersonStatus.ACTIVE, PersonStatus.SUSPENDED

# A seeker looking for a peer: offers for them may be in flight.
SEARCHING = frozenset({SeekerState.WAITING, SeekerState.OFFERED})
# A seeker with no search and no pair in progress, who may start one.
IDLE = frozenset({SeekerState.NONE, SeekerState.ONBOARDING})


class IllegalTransition(ValueError):
    """A state change the state machine does not allow: a bug in the caller, never data."""

    def __init__(self, machine: str, current: str, wanted: str) -> None:
        super().__init__(f"{machine}: {current} → {wanted} is not allowed")
        self.machine, self.current, self.wanted = machine, current, wanted


E = TypeVar("E", bound=StrEnum)


class EnumField(Generic[E]):
    """A dataclass field holding one of an enum's members, set from the member or its stored
    string (rows, and writes not yet moved to the transition methods); any other value is
    refused. Read, it is always the member."""

    def __init__(self, kind: type[E], default: E) -> None:
        self._kind = kind
        self._default = default
        self._attr = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._attr = "_" + name

    def __get__(self, obj: object | None, owner: type | None = None) -> E:
        if obj is None:
            # What dataclasses read as the field's default.
            return self._default
        value: E = getattr(obj, self._attr)
        return value

    def __set__(self, obj: object, value: str) -> None:
        setattr(obj, self._attr, self._kind(value))


# Someone on hold who keeps writing is reminded at most this often that nothing is passed on:
# often enough that a message sent hours later is never silently swallowed, rarely enough that
# a burst of messages gets one answer, not one each.
ON_HOLD_NOTICE_EVERY = timedelta(hours=1)


def new_code(prefix: str = "") -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass
class Person:
    id: str
    code: str
    telegram_id: int
    created_at: datetime
    pseudonym: str | None = None
    language: str | None = None
    is_seeker: bool = False
    is_peer: bool = False
    is_coordinator: bool = False
    status: EnumField[PersonStatus] = EnumField(PersonStatus, PersonStatus.ACTIVE)
    unreachable_at: datetime | None = None
    last_seen_at: datetime | None = None
    timezone: str | None = None
    consent_version: int | None = None
    consent_at: datetime | None = None
    seeker_state: EnumField[SeekerState] = EnumField(SeekerState, SeekerState.NONE)
    waiting_since: datetime | None = None
    seeker_profile: SeekerProfile | None = None
    peer_state: EnumField[PeerState] = EnumField(PeerState, PeerState.NONE)
    peer_away: bool = False
    peer_capacity: int = 0
    peer_profile: PeerProfile | None = None
    # Services bump it whenever they change a profile, so caches of profiles can refresh.
    profile_rev: int = 0
    focus_pair_id: str | None = None

    # --- transitions: each refuses a change its state machine does not allow -------------------

    def _seeker_to(self, wanted: SeekerState, allowed: Collection[SeekerState]) -> None:
        if self.seeker_state not in allowed:
            raise IllegalTransition("seeker", self.seeker_state, wanted)
        self.seeker_state = wanted

    def _peer_to(self, wanted: PeerState, allowed: Collection[PeerState]) -> None:
        if self.peer_state not in allowed:
            raise IllegalTransition("peer", self.peer_state, wanted)
        self.peer_state = wanted

    def _status_to(self, wanted: PersonStatus, allowed: Collection[PersonStatus]) -> None:
        if self.status not in allowed:
            raise IllegalTransition("status", self.status, wanted)
        self.status = wanted

    def begin_seeker_onboarding(self) -> None:
        """Signing up as a seeker for the first time (or again after a pairing ended)."""
        self._seeker_to(SeekerState.ONBOARDING, {SeekerState.NONE})

    def cancel_seeker_onboarding(self) -> None:
        self._seeker_to(SeekerState.NONE, {SeekerState.ONBOARDING})

    def start_waiting(self, now: datetime) -> None:
        """A new search: its start is the seeker's place in the queue, and the offers made
        since then are the peers already asked in it. Offers in flight are withdrawn first.
        Allowed from every state: asking for a peer again supersedes whatever came before
        (matching has always let it, e.g. for a pair ended without ``pairing_ended``)."""
        self._seeker_to(SeekerState.WAITING, frozenset(SeekerState))
        self.waiting_since = now

    def keep_waiting(self) -> None:
        """Back in the queue within the same search (an offer settled without a pair, or a
        search interrupted by a suspension going on): ``waiting_since`` stays."""
        self._seeker_to(SeekerState.WAITING, {SeekerState.NONE} | SEARCHING)

    def offered(self) -> None:
        """A peer is being asked to take this seeker."""
        self._seeker_to(SeekerState.OFFERED, SEARCHING)

    def matched(self) -> None:
        """Paired with a peer (an offer accepted, or a coordinator's /match or /reassign):
        the search is over. Allowed from every state, as ``start_waiting``: a coordinator
        pairs a seeker whose previous pair may have ended without ``pairing_ended``."""
        self._seeker_to(SeekerState.PAIRED, frozenset(SeekerState))
        self.waiting_since = None

    def stop_searching(self) -> None:
        """Out of the queue (suspended while looking): nothing in flight any more."""
        self._seeker_to(SeekerState.NONE, SEARCHING)

    def pairing_paused(self) -> None:
        self._seeker_to(SeekerState.PAUSED, {SeekerState.PAIRED})

    def pairing_resumed(self) -> None:
        self._seeker_to(SeekerState.PAIRED, {SeekerState.PAUSED})

    def pairing_ended(self) -> None:
        """Their last pair as a seeker ended: free to look again."""
        self._seeker_to(SeekerState.NONE, {SeekerState.PAIRED, SeekerState.PAUSED})

    def begin_peer_onboarding(self) -> None:
        """Signing up as a peer, for the first time or after a rejection."""
        self._peer_to(PeerState.ONBOARDING, {PeerState.NONE, PeerState.REJECTED})

    def cancel_peer_onboarding(self) -> None:
        self._peer_to(PeerState.NONE, {PeerState.ONBOARDING})

    def apply_as_peer(self) -> None:
        """Peer onboarding done: a coordinator decides."""
        self._peer_to(PeerState.APPLICANT, {PeerState.ONBOARDING})

    def approve_peer(self) -> None:
        """May be matched from now on: approved by a coordinator, or onboarded with a peer
        invite (then straight from onboarding)."""
        self._peer_to(PeerState.APPROVED, {PeerState.APPLICANT, PeerState.ONBOARDING})
        self.is_peer = True

    def reject_peer(self) -> None:
        self._peer_to(PeerState.REJECTED, {PeerState.APPLICANT})

    def suspend(self) -> None:
        self._status_to(PersonStatus.SUSPENDED, {PersonStatus.ACTIVE})

    def reinstate(self) -> None:
        self._status_to(PersonStatus.ACTIVE, {PersonStatus.SUSPENDED})

    def erase(self) -> None:
        """Only an anonymous row is left: no way back."""
        self._status_to(PersonStatus.ERASED, {PersonStatus.ACTIVE, PersonStatus.SUSPENDED})

    @property
    def searching(self) -> bool:
        """Looking for a peer: waiting in the queue, or offered to one right now."""
        return self.seeker_state in SEARCHING

    @property
    def approved_peer(self) -> bool:
        return self.peer_state is PeerState.APPROVED

    @property
    def reachable(self) -> bool:
        return self.unreachable_at is None

    @property
    def suspended(self) -> bool:
        return self.status is PersonStatus.SUSPENDED

    # The moderation rule, asked by every path that passes something on or makes a match, so
    # that a suspension holds whichever way a person tries (relay, edits, buttons, commands).
    @property
    def may_reach_others(self) -> bool:
        """Whether what this person sends may reach anyone (a partner, a peer, a report)."""
        return not self.suspended

    @property
    def may_be_matched(self) -> bool:
        """Whether this person may be offered, be offered to, or be paired by anyone."""
        return not self.suspended

    def has_coordinator_power(self) -> bool:
        """Coordinator commands, buttons and alerts: a suspended coordinator has none."""
        return self.is_coordinator and not self.suspended

    @property
    def display_name(self) -> str:
        """What others see: the pseudonym, or the code until one is chosen."""
        return self.pseudonym or self.code


def config_coordinator(person: Person, configured: Collection[int]) -> bool:
    """Coordinators named in the configuration (``network.coordinators``): nobody can suspend
    or demote them from inside the bot, so the network can never be locked out of itself; only
    editing the configuration changes them."""
    return person.is_coordinator and person.telegram_id in configured
