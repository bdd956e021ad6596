"""A seeker and a peer talking through the bot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

ACTIVE, PAUSED, ENDED = "active", "paused", "ended"


@dataclass
class Pair:
    id: str
    code: str
    seeker_id: str
    peer_id: str
    status: str
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
