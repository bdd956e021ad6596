"""[checkins]: check-in rhythm, quiet hours, the default time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated

from pydantic import Field, field_validator

from bot.config.base import _HHMM, _check_hhmm, _check_timezone, _Section


class CheckinsSettings(_Section):
    every_days: Annotated[int, Field(ge=1, le=90)] = 7
    inactive_days: Annotated[int, Field(ge=1, le=365)] = 10
    max_unanswered: Annotated[int, Field(ge=1, le=20)] = 2
    quiet_hours_start: _HHMM = "21:00"
    quiet_hours_end: _HHMM = "09:00"
    session_reminder_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 60
    default_timezone: str = "Europe/Paris"

    @field_validator("quiet_hours_start", "quiet_hours_end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        return _check_hhmm(value)

    @field_validator("default_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        _check_timezone(value)
        return value

    @property
    def quiet_start(self) -> dt.time:
        return dt.time.fromisoformat(self.quiet_hours_start)

    @property
    def quiet_end(self) -> dt.time:
        return dt.time.fromisoformat(self.quiet_hours_end)

    @property
    def timezone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.default_timezone)
