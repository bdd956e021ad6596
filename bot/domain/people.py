"""People as the services see them: decrypted, with roles and an opaque public code."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

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

    @property
    def reachable(self) -> bool:
        return self.unreachable_at is None
