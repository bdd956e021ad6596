"""Time as a port, so tests move the clock instead of sleeping."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **kwargs: float) -> None:
        self._now += timedelta(**kwargs)

    def set(self, moment: datetime) -> None:
        self._now = moment


class FileClock:
    """Reads "now" from a file holding an ISO timestamp; the system clock when it is absent.

    For acceptance tests of the real bot process, which move time by rewriting the file
    instead of sleeping. Selected by the ENTRAIDE_CLOCK_FILE environment variable; never set
    it in production.
    """

    def __init__(self, path: str) -> None:
        self._path = path
        self._stamp: float | None = None
        self._value: datetime | None = None

    def now(self) -> datetime:
        try:
            stamp = os.stat(self._path).st_mtime_ns
        except FileNotFoundError:
            return datetime.now(UTC)
        if stamp != self._stamp:
            with open(self._path, encoding="utf-8") as fh:
                self._value = datetime.fromisoformat(fh.read().strip())
            self._stamp = stamp
        assert self._value is not None
        return self._value


def clock_from_environment() -> Clock:
    path = os.environ.get("ENTRAIDE_CLOCK_FILE")
    return FileClock(path) if path else SystemClock()
