"""[telegram] (with [telegram.webhook]) and [limits]."""

from __future__ import annotations

import re
from typing import Annotated, Final, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator

from bot.config.base import _check_http_url, _KeyedError, _Secret, _Section

_TOKEN_RE: Final = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{1,200}")
# Telegram takes 1-256 of these; fewer than 32 would be guessable by whoever can reach the port.
_WEBHOOK_SECRET_RE: Final = re.compile(r"[A-Za-z0-9_-]{32,256}")


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


# --- [http] ------------------------------------------------------------------------------------


class HttpSettings(_Section):
    """Where the bot's HTTP server listens in polling mode, when a feature has pages or
    endpoints to serve (in webhook mode they share the webhook's listen address and port)."""

    listen: Annotated[str, Field(min_length=1)] = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535)] = 8080


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
