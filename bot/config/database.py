"""[database] and [security]."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator

from bot.config.base import _Secret, _Section


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
