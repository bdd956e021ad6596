"""Unit tests run without a database: opening one (SQLite or Postgres, through the bot's engine
or any other way) fails the test. Tests over storage belong in tests/integration."""

from __future__ import annotations

from typing import Any, NoReturn

import pytest

from bot.storage import engine

MESSAGE = "unit tests do not open a database (storage tests belong in tests/integration)"


def _refuse(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise AssertionError(MESSAGE)


@pytest.fixture(autouse=True)
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    # The bot's own engine factories, then the drivers themselves: whatever built the engine,
    # the first connection is refused.
    monkeypatch.setattr(engine, "create_engine", _refuse)
    monkeypatch.setattr(engine, "create_null_pool_engine", _refuse)
    monkeypatch.setattr("aiosqlite.connect", _refuse)
    monkeypatch.setattr("asyncpg.connect", _refuse)
    monkeypatch.setattr("sqlite3.connect", _refuse)
