"""People as the services see them: decrypted, with roles and an opaque public code."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from bot.domain.profiles import PeerProfile, SeekerProfile

# No 0/O, 1/I/L, so a coordinator can read a code aloud or type it from a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


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
    status: str = "active"
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
        return self.status == "suspended"

    @property
    def display_name(self) -> str:
        """What others see: the pseudonym, or the code until one is chosen."""
        return self.pseudonym or self.code
