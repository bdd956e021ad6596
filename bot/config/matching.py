"""[matching] and [matching.weights]."""

from __future__ import annotations

import re
from typing import Annotated, Final, Self

from pydantic import Field, field_validator, model_validator

from bot.config.base import _KeyedError, _Section, _Tuple

DEFAULT_EXPERIENCES: Final = (
    "burnout",
    "grief",
    "trauma",
    "addiction_recovery",
    "coming_out",
    "discrimination",
    "isolation",
    "illness",
    "caregiving",
    "mission_return",
)

_TAG_RE: Final = re.compile(r"[a-z][a-z0-9_]{0,31}")

_Weight = Annotated[float, Field(ge=0, le=100)]


class MatchingWeights(_Section):
    shared_experience: _Weight = 3.0
    nice_to_have: _Weight = 1.0
    availability: _Weight = 1.0
    load_balance: _Weight = 1.0


class MatchingSettings(_Section):
    experiences: Annotated[_Tuple[str], Field(min_length=1, max_length=100)] = DEFAULT_EXPERIENCES
    offer_timeout_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)] = 60
    alert_waiting_hours: Annotated[int, Field(ge=1, le=30 * 24)] = 24
    default_capacity: Annotated[int, Field(ge=1, le=20)] = 2
    max_capacity: Annotated[int, Field(ge=1, le=20)] = 5
    weights: MatchingWeights = Field(default_factory=MatchingWeights)

    @field_validator("experiences")
    @classmethod
    def _tags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for index, tag in enumerate(value):
            if not _TAG_RE.fullmatch(tag):
                raise _KeyedError(
                    (index,),
                    f"expected a snake_case tag of at most 32 characters, got {tag!r}",
                )
            if tag in value[:index]:
                raise _KeyedError((index,), f"{tag!r} is listed twice")
        return value

    @model_validator(mode="after")
    def _capacity_order(self) -> Self:
        if self.default_capacity > self.max_capacity:
            raise _KeyedError(
                ("default_capacity",),
                f"{self.default_capacity} is above matching.max_capacity ({self.max_capacity})",
            )
        return self
