"""[escalation] and its [[escalation.rota]] on-call slots; [scheduling], [retention], [logging]."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator

from bot.config.base import (
    _HHMM,
    _check_hhmm,
    _check_language,
    _check_timezone,
    _KeyedError,
    _Section,
    _Tuple,
)
from bot.domain import oncall


class RotaSlot(_Section):
    """One ``[[escalation.rota]]`` entry: a coordinator on duty on some days, between two local
    times (an end before the start runs past midnight; equal times mean the whole day)."""

    coordinator: Annotated[int, Field(gt=0)]
    days: Annotated[_Tuple[str], Field(min_length=1, max_length=7)]
    start: _HHMM = "09:00"
    end: _HHMM = "17:00"
    timezone: str = "Europe/Paris"

    @field_validator("days")
    @classmethod
    def _days(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        days = tuple(d.lower() for d in value)
        for day in days:
            if day not in oncall.DAYS:
                raise ValueError(f"unknown day {day!r}: expected some of {', '.join(oncall.DAYS)}")
        return days

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        return _check_hhmm(value)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        _check_timezone(value)
        return value

    def slot(self) -> oncall.Slot:
        return oncall.Slot(
            telegram_id=self.coordinator,
            days=frozenset(oncall.DAYS.index(d) for d in self.days),
            start=dt.time.fromisoformat(self.start),
            end=dt.time.fromisoformat(self.end),
            zone=zoneinfo.ZoneInfo(self.timezone),
        )


class EscalationSettings(_Section):
    auto_cooldown_hours: Annotated[int, Field(ge=1, le=30 * 24)] = 24
    reminder_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 15
    urgent_reminder_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 5
    escalate_to_all_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 10
    stranger_window_hours: Annotated[int, Field(ge=1, le=30 * 24)] = 24
    risk_patterns: dict[str, _Tuple[str]] = Field(default_factory=dict)
    # ``[[escalation.rota]]`` tables (or ``rota = [{...}, ...]``); None: no rota.
    rota: tuple[RotaSlot, ...] | None = None

    @field_validator("rota", mode="before")
    @classmethod
    def _rota_list(cls, value: Any) -> Any:
        # TOML arrays of tables arrive as lists; strict mode wants the tuple.
        return tuple(value) if isinstance(value, list) else value

    def slots(self) -> list[oncall.Slot]:
        return [entry.slot() for entry in self.rota or ()]

    @field_validator("risk_patterns")
    @classmethod
    def _patterns_compile(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for language, patterns in value.items():
            try:
                _check_language(language)
            except ValueError as exc:
                raise _KeyedError((language,), str(exc)) from None
            for index, pattern in enumerate(patterns):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise _KeyedError(
                        (language, index), f"invalid regular expression: {exc}"
                    ) from None
        return value


class SchedulingSettings(_Section):
    tick_seconds: Annotated[float, Field(gt=0, le=3600)] = 30.0


class RetentionSettings(_Section):
    days: Annotated[int, Field(ge=1, le=3650)] = 180
    # Someone who wrote to the bot but never consented: their row and data key are deleted
    # after this many days without a word from them.
    stranger_days: Annotated[int, Field(ge=1, le=3650)] = 30


def _upper(value: object) -> object:
    return value.upper() if isinstance(value, str) else value


class LoggingSettings(_Section):
    level: Annotated[
        Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], BeforeValidator(_upper)
    ] = "INFO"
    format: Literal["json", "text"] = "json"
