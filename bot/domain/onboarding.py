"""Invites: a one-time link a coordinator gives, naming the role it lets someone take."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ROLES = ("peer", "coordinator", "seeker")


@dataclass(frozen=True)
class Invite:
    id: str
    role: str
    created_by: str | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    used_by: str | None = None

    def usable(self, now: datetime) -> bool:
        """Unused and unexpired: the link still lets someone in."""
        return self.used_at is None and now < self.expires_at
