"""Local-time arithmetic for follow-up: quiet hours, each person's own day; and the times two
sides of a pair agree to talk (/schedule). Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


def in_quiet_hours(local: time, start: time, end: time) -> bool:
    """Quiet hours may wrap midnight (21:00–09:00) or not (13:00–14:00)."""
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def next_allowed(moment: datetime, zone: ZoneInfo, quiet_start: time, quiet_end: time) -> datetime:
    """``moment`` if it falls outside the person's quiet hours, else the end of those quiet
    hours in their own time zone (as UTC)."""
    local = moment.astimezone(zone)
    if not in_quiet_hours(local.timetz().replace(tzinfo=None), quiet_start, quiet_end):
        return moment
    candidate = datetime.combine(local.date(), quiet_end, tzinfo=zone)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), quiet_end, tzinfo=zone)
    return candidate.astimezone(UTC)


def local_slot(day: datetime, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a day in someone's zone, as UTC (DST handled by zoneinfo)."""
    local_day = day.astimezone(zone).date()
    return datetime.combine(local_day, time(hour, minute), tzinfo=zone).astimezone(UTC)


def on_utc_grid(moment: datetime) -> datetime:
    """The whole hour in UTC nearest to ``moment`` (half past goes to the next hour).

    Times proposed with /schedule are moments on this grid, so that the other side never reads
    the proposer's UTC offset in them: 09:00 chosen in Asia/Kolkata (+05:30) would reach
    Europe/Paris as 04:30, and the ":30" alone says "India or Sri Lanka"; 09:00 in
    Asia/Kathmandu (+05:45) would arrive at ":15". On the grid, every time a person reads has
    the minutes of their *own* offset (":00" in Paris, ":30" in Kolkata, whoever proposed it);
    the proposer's own buttons show their local times on that grid (08:45, 09:30...)."""
    utc = moment.astimezone(UTC)
    floor = utc.replace(minute=0, second=0, microsecond=0)
    return floor + timedelta(hours=1) if utc - floor >= timedelta(minutes=30) else floor


def grid_slot(day: datetime, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    """The grid moment (``on_utc_grid``) nearest to a wall-clock time in someone's zone."""
    return on_utc_grid(local_slot(day, hour, minute, zone))


def zone_or_default(name: str | None, default: ZoneInfo) -> ZoneInfo:
    if not name:
        return default
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return default


# ---- a time to talk (/schedule) ---------------------------------------------------------------


class TalkStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    REPLACED = "replaced"  # a newer proposal, or "another time", took its place
    DONE = "done"


# A pair has at most one of these at a time: a new proposal replaces them.
OPEN_TALK_STATUSES = (TalkStatus.PROPOSED, TalkStatus.ACCEPTED)


@dataclass(frozen=True)
class TalkSession:
    """A time one side of a pair proposed (or both agreed) to talk."""

    id: str
    pair_id: str
    proposer_id: str
    starts_at: datetime
    status: TalkStatus
    remind_at: datetime | None = None
    reminded_at: datetime | None = None

    def may_answer(self, person_id: str) -> bool:
        """Only the other side answers a proposal, and only while it is one."""
        return self.status == TalkStatus.PROPOSED and self.proposer_id != person_id

    @property
    def may_cancel(self) -> bool:
        """Either side may cancel an agreed time (and only that)."""
        return self.status == TalkStatus.ACCEPTED

    def reminder_at(self, before: timedelta) -> datetime:
        return self.starts_at - before
