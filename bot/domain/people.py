"""People as the services see them: decrypted, with roles and an opaque public code."""

from __future__ import annotations

import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.profiles import PeerProfile, SeekerProfile

# No 0/O, 1/I/L, so a coordinator can read a code aloud or type it from a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6

ACTIVE, SUSPENDED = "active", "suspended"
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
    status: str = ACTIVE
    unreachable_at: datetime | None = None
    last_seen_at: datetime | None = None
    timezone: str | None = None
    consent_version: int | None = None
    consent_at: datetime | None = None
    # none | onboarding | waiting | offered | paired | paused
    seeker_state: str = "none"
    waiting_since: datetime | None = None
    seeker_profile: SeekerProfile | None = None
    # none | onboarding | applicant | approved | rejected
    peer_state: str = "none"
    peer_away: bool = False
    peer_capacity: int = 0
    peer_profile: PeerProfile | None = None
    # Services bump it whenever they change a profile, so caches of profiles can refresh.
    profile_rev: int = 0
    focus_pair_id: str | None = None

    @property
    def reachable(self) -> bool:
        return self.unreachable_at is None

    @property
    def suspended(self) -> bool:
        return self.status == SUSPENDED

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
