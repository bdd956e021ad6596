"""Reading the TOML file, environment overrides, and one error line out of a ValidationError."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError

from bot.config.base import ConfigError, _KeyedError
from bot.config.settings import Settings

DEFAULT_CONFIG_PATH: Final = Path("config.toml")

# Environment variable → dotted key: secrets belong here, not in a file under version control.
ENV_OVERRIDES: Final[Mapping[str, tuple[str, ...]]] = {
    "ENTRAIDE_TELEGRAM_TOKEN": ("telegram", "token"),
    "ENTRAIDE_KEYS": ("security", "keys"),
    "ENTRAIDE_DATABASE_URL": ("database", "url"),
    "ENTRAIDE_PERSON_KEYS_URL": ("security", "person_keys_url"),
    "ENTRAIDE_WEBHOOK_SECRET": ("telegram", "webhook", "secret_token"),
    "ENTRAIDE_METRICS_TOKEN": ("metrics", "token"),
}

# Keys whose value must never be echoed in an error (a database URL may carry a password).
_SENSITIVE: Final = frozenset(
    {
        ("telegram", "token"),
        ("telegram", "webhook", "secret_token"),
        ("security", "keys"),
        ("database", "url"),
        ("metrics", "token"),
    }
)


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read `path` (default: ./config.toml if present), apply environment overrides, validate.

    Raises ConfigError with a single line; never lets a traceback or a pydantic dump out.
    """
    env = os.environ if environ is None else environ
    if path is None:
        found = DEFAULT_CONFIG_PATH.exists()
        data = _read_toml(DEFAULT_CONFIG_PATH) if found else {}
        source = str(DEFAULT_CONFIG_PATH) if found else "configuration"
    else:
        if not path.exists():
            raise ConfigError(f"config file not found: {path}")
        data = _read_toml(path)
        source = str(path)

    from_env: dict[tuple[str, ...], str] = {}
    for variable, key in ENV_OVERRIDES.items():
        value = env.get(variable, "").strip()
        if value and _set_in(data, key, value):
            from_env[key] = variable

    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source, from_env)) from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _set_in(data: dict[str, Any], key: tuple[str, ...], value: str) -> bool:
    """Set a dotted key, creating tables; leave a non-table in the way for validation to report."""
    node = data
    for part in key[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            return False
        node = child
    node[key[-1]] = value
    return True


# --- one line out of a ValidationError ---------------------------------------------------------

_EXPECTED: Final[Mapping[str, str]] = {
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "finite_number": "expected a finite number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "string_type": "expected a string (in quotes)",
    "tuple_type": "expected a list",
    "list_type": "expected a list",
    "dict_type": "expected a table",
    "model_type": "expected a table",
    "model_attributes_type": "expected a table",
}


def _describe(exc: ValidationError, source: str, from_env: Mapping[tuple[str, ...], str]) -> str:
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc: tuple[str | int, ...] = tuple(first["loc"])
    ctx = first.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, _KeyedError):
        loc += cause.key
    sensitive = any(loc[: len(key)] == key for key in _SENSITIVE)

    detail = _detail(first["type"], first["msg"], ctx, first.get("input"), sensitive)
    origin = next((var for key, var in from_env.items() if loc[: len(key)] == key), source)
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{origin}: {_dotted(loc)}: {detail}{more}"


def _detail(kind: str, msg: str, ctx: Mapping[str, Any], value: object, sensitive: bool) -> str:
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    if kind == "value_error":
        return str(ctx.get("error", msg))
    if kind in _EXPECTED:
        text = _EXPECTED[kind]
    elif kind == "literal_error":
        text = f"expected {ctx['expected']}"
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        word = {
            "greater_than": "greater than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        bound = next(iter(ctx.values()))
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)
        text = f"must be {word} {bound}"
    elif kind in ("string_too_short", "too_short"):
        least = ctx.get("min_length", 1)
        unit = "character" if kind == "string_too_short" else "item"
        text = f"must have at least {least} {unit}{'s' if least != 1 else ''}"
    elif kind in ("string_too_long", "too_long"):
        most = ctx.get("max_length")
        unit = "characters" if kind == "string_too_long" else "items"
        text = f"must have at most {most} {unit}"
    else:
        text = msg[:1].lower() + msg[1:]
    if sensitive:
        return f"{text} (the value is not shown)"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        # Only the kind of value: a whole section given as a string might be a secret.
        return f"{text}, got {_kind_of(value)}"
    return f"{text}, got {_show(value)}"


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    return "a date or time"


def _show(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)}" if value else "an empty list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _dotted(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "(top level)"
