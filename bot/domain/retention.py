"""What the retention sweep deletes, and from when; what erasure leaves. Pure: storage applies
these to its tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# The status of a person's row once erased: an anonymous tombstone that keeps counts right.
ERASED = "erased"

# Long enough to recognise any update Telegram could still resend.
INBOX_KEEP_DAYS = 7

# Outgoing messages in these states are done with: nothing will send them again.
FINISHED_SENDS = ("sent", "dead", "cancelled", "uncertain")


@dataclass(frozen=True)
class RetentionCutoffs:
    """Personal data from before ``data`` goes (anonymous counts stay); received updates
    processed before ``inbox`` are forgotten."""

    data: datetime
    inbox: datetime


def retention_cutoffs(now: datetime, days: int) -> RetentionCutoffs:
    # Updates are kept a week to recognise a resend, but never longer than data itself.
    return RetentionCutoffs(
        data=now - timedelta(days=days),
        inbox=now - timedelta(days=min(INBOX_KEEP_DAYS, days)),
    )


def stranger_cutoff(now: datetime, stranger_days: int) -> datetime:
    """Someone who wrote but never consented, silent since before this, is deleted."""
    return now - timedelta(days=stranger_days)
