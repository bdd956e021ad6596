"""The names the escalation entity and its repository had before they moved to
``bot.domain.escalations`` and ``bot.storage.escalations_repo``; kept for their callers outside
the coordination code (the escalation buttons' handler, tests)."""

from __future__ import annotations

from bot.domain.escalations import NOT_MERGED, UNRESOLVED, URGENT_LEVEL, Escalation, Status
from bot.storage.escalations_repo import EscalationsRepository as CoordStore

OPEN, CLAIMED, RESOLVED = Status.OPEN, Status.CLAIMED, Status.RESOLVED

__all__ = [
    "CLAIMED",
    "NOT_MERGED",
    "OPEN",
    "RESOLVED",
    "UNRESOLVED",
    "URGENT_LEVEL",
    "CoordStore",
    "Escalation",
]
