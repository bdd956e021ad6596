"""[network]: the name, the languages served, enrollment and coordinators."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, field_validator, model_validator

from bot.config.base import _check_language, _KeyedError, _Section, _Tuple


class NetworkSettings(_Section):
    name: Annotated[str, Field(min_length=1, max_length=64)] = "Entraide"
    languages: Annotated[_Tuple[str], Field(min_length=1)] = ("fr", "en")
    default_language: str = "fr"
    open_enrollment: bool = True
    coordinators: _Tuple[Annotated[int, Field(gt=0)]] = ()
    invite_ttl_hours: Annotated[int, Field(ge=1, le=24 * 90)] = 72
    consent_version: Annotated[int, Field(ge=1)] = 1

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for index, code in enumerate(value):
            try:
                _check_language(code)
            except ValueError as exc:
                raise _KeyedError((index,), str(exc)) from None
            if code in value[:index]:
                raise _KeyedError((index,), f"{code!r} is listed twice")
        return value

    @field_validator("default_language")
    @classmethod
    def _default_language(cls, value: str) -> str:
        return _check_language(value)

    @model_validator(mode="after")
    def _default_is_served(self) -> Self:
        if self.default_language not in self.languages:
            raise _KeyedError(
                ("default_language",),
                f"{self.default_language!r} is not in network.languages {list(self.languages)}",
            )
        return self
