"""The error, the base of every section, and the small types and checks sections share."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Annotated, Final, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, SecretStr


class ConfigError(Exception):
    """A configuration problem, as one line that names the offending key."""

    def __init__(self, message: str) -> None:
        self.message = " ".join(message.splitlines())
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class _KeyedError(ValueError):
    """A validator's complaint about a key below the one being validated (cross-field checks)."""

    def __init__(self, key: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message

    def __str__(self) -> str:
        return self.message


# --- small reusable types --------------------------------------------------------------------


def _list_as_tuple(value: object) -> object:
    # TOML arrays arrive as lists; tuples keep the frozen settings truly immutable.
    return tuple(value) if isinstance(value, list) else value


def _empty_as_none(value: object) -> object:
    # `token = ""` is a placeholder, like an empty environment variable: not set.
    return None if value == "" else value


_Secret = Annotated[SecretStr | None, BeforeValidator(_empty_as_none)]


def _time_as_text(value: object) -> object:
    # A bare TOML local time (21:00:00) is accepted as well as the documented "21:00".
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value


_HHMM = Annotated[str, BeforeValidator(_time_as_text)]

_T = TypeVar("_T")
_Tuple = Annotated[tuple[_T, ...], BeforeValidator(_list_as_tuple)]

_LANGUAGE_RE: Final = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
_HHMM_RE: Final = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def _check_language(code: str) -> str:
    if not _LANGUAGE_RE.fullmatch(code):
        raise ValueError(f"expected a language code such as 'fr', 'en' or 'pt_BR', got {code!r}")
    return code


def _check_http_url(url: str) -> str:
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url):
        raise ValueError(f"expected an http:// or https:// URL, got {url!r}")
    return url


class _Section(BaseModel):
    # strict: TOML is typed, so "60" for a number or "true" for a boolean is a mistake to report,
    # not to guess at. hide_input_in_errors keeps secrets out of a raw ValidationError too.
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, hide_input_in_errors=True)


def _check_hhmm(value: str) -> str:
    if not _HHMM_RE.fullmatch(value):
        raise ValueError(f'expected a time as "HH:MM" (00:00 to 23:59), got {value!r}')
    return value


def _check_timezone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}: expected an IANA name such as 'Europe/Paris'"
        ) from None
