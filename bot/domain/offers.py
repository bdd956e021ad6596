"""An offer: one peer asked to take one seeker, until they answer or its time runs out.

pending → accepted | declined | expired | cancelled (withdrawn: the seeker was matched
otherwise, left, or the peer went away). Every answer is final.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.domain.people import EnumField, IllegalTransition


class OfferStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


PENDING = OfferStatus.PENDING
ACCEPTED = OfferStatus.ACCEPTED
DECLINED = OfferStatus.DECLINED
EXPIRED = OfferStatus.EXPIRED
CANCELLED = OfferStatus.CANCELLED
# Answers given by the peer asked (a double tap on one of them needs no second word).
ANSWERED = frozenset({ACCEPTED, DECLINED})


@dataclass
class Offer:
    """One peer asked to take one seeker, waiting for their answer until ``expires_at``."""

    id: str
    seeker_id: str
    peer_id: str
    created_at: datetime
    expires_at: datetime
    # A descriptor, not a shared default: each offer holds its own status.
    status: EnumField[OfferStatus] = EnumField(OfferStatus, PENDING)  # noqa: RUF009
    parts: dict[str, Any] = field(default_factory=dict)
    decided_at: datetime | None = None

    @classmethod
    def new(
        cls,
        id: str,
        seeker_id: str,
        peer_id: str,
        now: datetime,
        timeout: timedelta,
        parts: dict[str, Any],
    ) -> Offer:
        return cls(id, seeker_id, peer_id, now, now + timeout, PENDING, dict(parts))

    @property
    def pending(self) -> bool:
        return self.status is PENDING

    def open_to(self, peer_id: str) -> bool:
        """Whether this peer may still answer it."""
        return self.peer_id == peer_id and self.pending

    def due(self, now: datetime) -> bool:
        return self.pending and self.expires_at <= now

    def _settle(self, status: OfferStatus, now: datetime) -> None:
        if not self.pending:
            raise IllegalTransition("offer", self.status, status)
        self.status = status
        self.decided_at = now

    def accept(self, now: datetime) -> None:
        self._settle(ACCEPTED, now)

    def decline(self, now: datetime) -> None:
        self._settle(DECLINED, now)

    def expire(self, now: datetime) -> None:
        self._settle(EXPIRED, now)

    def cancel(self, now: datetime) -> None:
        """Withdrawn: nobody answered it, but it may not be answered any more."""
        self._settle(CANCELLED, now)
