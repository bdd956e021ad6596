"""TOML file + environment → typed, validated, immutable settings.

Every problem becomes one `ConfigError` line naming the offending key, so `python -m bot check`
and start-up can print it as is. Secrets are `SecretStr` and are never echoed, not even when they
are malformed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
import zoneinfo
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Final, Literal, Self, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.domain import oncall

__all__ = [
    "DEFAULT_CONFIG_PATH",
    "DEFAULT_EXPERIENCES",
    "DEFAULT_RESOURCES",
    "ENV_OVERRIDES",
    "CheckinsSettings",
    "ConfigError",
    "DatabaseSettings",
    "EscalationSettings",
    "LoggingSettings",
    "MatchingSettings",
    "MatchingWeights",
    "NetworkSettings",
    "Resource",
    "ResourceKind",
    "RetentionSettings",
    "SecuritySettings",
    "Settings",
    "TelegramSettings",
    "WebhookSettings",
    "load_settings",
]

DEFAULT_CONFIG_PATH: Final = Path("config.toml")

# Environment variable → dotted key: secrets belong here, not in a file under version control.
ENV_OVERRIDES: Final[Mapping[str, tuple[str, ...]]] = {
    "ENTRAIDE_TELEGRAM_TOKEN": ("telegram", "token"),
    "ENTRAIDE_KEYS": ("security", "keys"),
    "ENTRAIDE_DATABASE_URL": ("database", "url"),
    "ENTRAIDE_PERSON_KEYS_URL": ("security", "person_keys_url"),
    "ENTRAIDE_WEBHOOK_SECRET": ("telegram", "webhook", "secret_token"),
}

# Keys whose value must never be echoed in an error (a database URL may carry a password).
_SENSITIVE: Final = frozenset(
    {
        ("telegram", "token"),
        ("telegram", "webhook", "secret_token"),
        ("security", "keys"),
        ("database", "url"),
    }
)


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


_T = TypeVar("_T")
_Tuple = Annotated[tuple[_T, ...], BeforeValidator(_list_as_tuple)]

_LANGUAGE_RE: Final = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
_TAG_RE: Final = re.compile(r"[a-z][a-z0-9_]{0,31}")
_TOKEN_RE: Final = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{1,200}")
# Telegram takes 1-256 of these; fewer than 32 would be guessable by whoever can reach the port.
_WEBHOOK_SECRET_RE: Final = re.compile(r"[A-Za-z0-9_-]{32,256}")
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


# --- [telegram] --------------------------------------------------------------------------------


class WebhookSettings(_Section):
    listen: Annotated[str, Field(min_length=1)] = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8443
    path: str = "/telegram"
    public_url: str = ""
    secret_token: _Secret = None

    @field_validator("path")
    @classmethod
    def _path_is_absolute(cls, value: str) -> str:
        if not re.fullmatch(r"/\S*", value):
            raise ValueError(f"expected a path starting with '/', got {value!r}")
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url_is_https(cls, value: str) -> str:
        # Telegram posts only to HTTPS; a local Bot API server (telegram-bot-api --local, or
        # the sandbox) may post plain HTTP on loopback.
        if value and not (
            re.fullmatch(r"https://[^\s/]+(/\S*)?", value)
            or re.fullmatch(r"http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(/\S*)?", value)
        ):
            raise ValueError(
                f"expected an https:// URL (Telegram only posts to HTTPS), got {value!r}"
            )
        return value.rstrip("/")

    @field_validator("secret_token")
    @classmethod
    def _secret_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET_RE.fullmatch(value.get_secret_value()):
            raise ValueError(
                "expected 32 to 256 characters among A-Z, a-z, 0-9, '_' and '-', e.g. from "
                "`python -c 'import secrets; print(secrets.token_urlsafe(32))'` "
                "(the value is not shown)"
            )
        return value


class TelegramSettings(_Section):
    token: _Secret = None
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    mode: Literal["polling", "webhook"] = "polling"
    poll_timeout_seconds: Annotated[int, Field(ge=0, le=120)] = 30
    request_timeout_seconds: Annotated[float, Field(gt=0, le=300)] = 15.0
    max_messages_per_second: Annotated[float, Field(gt=0, le=30)] = 25.0
    per_chat_messages_per_second: Annotated[float, Field(gt=0, le=30)] = 1.0
    per_chat_burst: Annotated[int, Field(ge=1, le=30)] = 3
    max_concurrent_sends: Annotated[int, Field(ge=1, le=64)] = 8
    webhook: WebhookSettings = Field(default_factory=WebhookSettings)

    @field_validator("token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_RE.fullmatch(value.get_secret_value()):
            raise ValueError(
                "malformed bot token: expected digits, a colon, then letters, digits, '_' or '-' "
                "(as given by @BotFather; the value is not shown)"
            )
        return value

    @field_validator("base_url", "base_file_url")
    @classmethod
    def _urls(cls, value: str) -> str:
        return _check_http_url(value)

    @model_validator(mode="after")
    def _webhook_mode_is_complete(self) -> Self:
        if self.mode != "webhook":
            return self
        if not self.webhook.public_url:
            raise _KeyedError(
                ("webhook", "public_url"),
                'required when telegram.mode = "webhook": the https:// address Telegram posts to',
            )
        if self.webhook.secret_token is None:
            raise _KeyedError(
                ("webhook", "secret_token"),
                'required when telegram.mode = "webhook": set ENTRAIDE_WEBHOOK_SECRET '
                "or telegram.webhook.secret_token",
            )
        return self


# --- [limits] ---------------------------------------------------------------------------------


class LimitsSettings(_Section):
    """Per-person inbound limits (bot/delivery/limits.py): a token bucket per sender and kind.
    Messages and button presses over the limit are delayed, never dropped; commands over it
    are ignored with one "slow down" answer; /sos is never limited."""

    messages_per_second: Annotated[float, Field(gt=0, le=1000)] = 1.0
    messages_burst: Annotated[int, Field(ge=1, le=10_000)] = 30
    commands_per_second: Annotated[float, Field(gt=0, le=1000)] = 0.5
    commands_burst: Annotated[int, Field(ge=1, le=10_000)] = 10
    buttons_per_second: Annotated[float, Field(gt=0, le=1000)] = 2.0
    buttons_burst: Annotated[int, Field(ge=1, le=10_000)] = 20


# --- [database], [security] ------------------------------------------------------------------


class DatabaseSettings(_Section):
    # repr=False: a PostgreSQL URL may carry a password.
    url: Annotated[str, Field(repr=False)] = "sqlite+aiosqlite:///entraide.db"
    pool_size: Annotated[int, Field(ge=1, le=100)] = 5
    echo: bool = False

    @field_validator("url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "expected a sqlite+aiosqlite:/// or postgresql+asyncpg:// URL "
                "(the value is not shown)"
            )
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")


class SecuritySettings(_Section):
    key_file: str = ""
    keys: _Secret = None
    # Where each person's data key is kept, wrapped: a database separate from database.url, so
    # that erasure also defeats old backups of the main database.
    person_keys_url: str = ""
    # log2 of scrypt's N for the Telegram-id index of a *new* database (an existing database
    # keeps the factor it was created with). 14 = 16 MiB and tens of milliseconds per guess,
    # which makes enumerating Telegram ids from a stolen backup take core-decades. Lower values
    # exist for test suites that create thousands of people; never lower it in production.
    index_cost: Annotated[int, Field(ge=4, le=20)] = 14

    @property
    def key_path(self) -> Path | None:
        """The key file, or None when keys come only from `keys` / ENTRAIDE_KEYS."""
        return Path(self.key_file) if self.key_file else None


# --- [network] -------------------------------------------------------------------------------


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


# --- [matching] ------------------------------------------------------------------------------

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


# --- [checkins] ------------------------------------------------------------------------------

_HHMM = Annotated[str, BeforeValidator(_time_as_text)]


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


# --- [escalation], [retention], [logging] ----------------------------------------------------


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


# --- [[resources]] ---------------------------------------------------------------------------

ResourceKind = Literal[
    "crisis_line", "emergency", "social_work", "employee_assistance", "public_health"
]
_CRISIS_KINDS: Final = frozenset({"crisis_line", "emergency"})


class Resource(_Section):
    language: str
    kind: ResourceKind
    name: Annotated[str, Field(min_length=1, max_length=200)]
    contact: Annotated[str, Field(min_length=1, max_length=200)]
    note: Annotated[str, Field(max_length=500)] = ""

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        return _check_language(value)

    @property
    def is_crisis(self) -> bool:
        return self.kind in _CRISIS_KINDS


DEFAULT_RESOURCES: Final = (
    Resource(
        language="fr",
        kind="crisis_line",
        name="3114 — numéro national de prévention du suicide",
        contact="3114",
        note="24h/24, 7j/7, gratuit",
    ),
    Resource(language="fr", kind="emergency", name="SAMU", contact="15", note="urgence médicale"),
    Resource(
        language="fr",
        kind="emergency",
        name="Numéro d'urgence européen",
        contact="112",
        note="partout dans l'Union européenne",
    ),
    Resource(
        language="en",
        kind="emergency",
        name="European emergency number",
        contact="112",
        note="anywhere in the EU",
    ),
    Resource(
        language="en",
        kind="crisis_line",
        name="Samaritans",
        contact="116 123",
        note="UK & Ireland, 24/7, free",
    ),
    Resource(
        language="en",
        kind="crisis_line",
        name="988 Suicide & Crisis Lifeline",
        contact="988",
        note="US, call or text, 24/7",
    ),
)


# --- the whole ---------------------------------------------------------------------------------


class Settings(_Section):
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    limits: LimitsSettings = Field(default_factory=LimitsSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    network: NetworkSettings = Field(default_factory=NetworkSettings)
    matching: MatchingSettings = Field(default_factory=MatchingSettings)
    checkins: CheckinsSettings = Field(default_factory=CheckinsSettings)
    escalation: EscalationSettings = Field(default_factory=EscalationSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    scheduling: SchedulingSettings = Field(default_factory=SchedulingSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    resources: _Tuple[Resource] = DEFAULT_RESOURCES

    @model_validator(mode="after")
    def _languages_are_covered(self) -> Self:
        languages = self.network.languages
        for index, resource in enumerate(self.resources):
            if resource.language not in languages:
                raise _KeyedError(
                    ("resources", index, "language"),
                    f"{resource.language!r} is not in network.languages {list(languages)}",
                )
        for language in self.escalation.risk_patterns:
            if language not in languages:
                raise _KeyedError(
                    ("escalation", "risk_patterns", language),
                    f"{language!r} is not in network.languages {list(languages)}",
                )
        for language in languages:
            # Someone in crisis must always be shown a number to call, in their own language.
            if not any(r.is_crisis and r.language == language for r in self.resources):
                raise _KeyedError(
                    ("resources",),
                    f"no crisis_line or emergency entry for language {language!r}: "
                    "every language in network.languages needs at least one",
                )
        return self

    def require_token(self) -> str:
        """The bot token, or a ConfigError saying how to provide it."""
        if self.telegram.token is None:
            raise ConfigError(
                "telegram.token is not set: set ENTRAIDE_TELEGRAM_TOKEN "
                "or telegram.token in the config file"
            )
        return self.telegram.token.get_secret_value()

    def crisis_resources(self, language: str) -> list[Resource]:
        """Crisis lines and emergency numbers for `language`, else for the default language."""
        for lang in (language, self.network.default_language):
            found = [r for r in self.resources if r.is_crisis and r.language == lang]
            if found:
                return found
        return []

    def resources_for(self, language: str) -> list[Resource]:
        """Every referral entry in `language` (crisis and non-crisis), in configured order."""
        return [r for r in self.resources if r.language == language]


# --- loading -----------------------------------------------------------------------------------


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
