"""[dashboard]: the coordinators' Mini App, served by the bot's own HTTP server."""

from __future__ import annotations

import re
from typing import Annotated, Self

from pydantic import Field, field_validator, model_validator

from bot.config.base import _KeyedError, _Section

_LOOPBACK = r"http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?"


class DashboardSettings(_Section):
    enabled: bool = False
    # Where the pages live on the bot's HTTP server (and behind the reverse proxy).
    path: str = "/dashboard"
    # The https:// address Telegram opens (BotFather's Mini App URL and the menu button);
    # plain http is accepted on loopback only, for the local demo.
    public_url: str = ""
    # How old Telegram's signed launch data may be when a coordinator opens the dashboard, and
    # how long the session it opens lasts.
    max_age_seconds: Annotated[int, Field(ge=60, le=7 * 24 * 3600)] = 3600

    @field_validator("path")
    @classmethod
    def _path_shape(cls, value: str) -> str:
        if not re.fullmatch(r"(/[A-Za-z0-9_\-]+)+", value):
            raise ValueError(f"expected a path such as '/dashboard', got {value!r}")
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url_shape(cls, value: str) -> str:
        # Telegram opens Mini Apps over HTTPS only.
        if value and not (
            re.fullmatch(r"https://[^\s/]+(/\S*)?", value)
            or re.fullmatch(_LOOPBACK + r"(/\S*)?", value)
        ):
            raise ValueError(f"expected an https:// URL (Telegram opens only HTTPS), got {value!r}")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _url_when_enabled(self) -> Self:
        if self.enabled and not self.public_url:
            raise _KeyedError(
                ("public_url",),
                "required when dashboard.enabled = true: the https:// address of the dashboard",
            )
        return self

    @property
    def secure(self) -> bool:
        """Cookies get the Secure flag when the public address is HTTPS."""
        return self.public_url.startswith("https://")
