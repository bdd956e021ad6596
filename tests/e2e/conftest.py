from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import Sandbox
from bot.storage.crypto import KeyRing
from tests.e2e.harness import TOKEN, BotProcess, write_config


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox(token=TOKEN, bot_username="entraide_test_bot") as sb:
        yield sb


@pytest.fixture
async def make_bot(
    sandbox: Sandbox, db_url: str, key_ring: KeyRing, tmp_path: Path
) -> AsyncIterator[Callable[..., BotProcess]]:
    """Builds a bot process on a migrated database of each backend; stopped at the end."""
    made: list[BotProcess] = []

    def factory(env: dict[str, str] | None = None, **config: Any) -> BotProcess:
        logs = tmp_path / f"logs{len(made)}"
        logs.mkdir()
        path = write_config(tmp_path / f"config{len(made)}.toml", sandbox, db_url, **config)
        bot = BotProcess(path, key_ring, logs, env=env)
        made.append(bot)
        return bot

    yield factory
    for bot in made:
        if bot.proc is not None and bot.proc.returncode is None:
            await bot.stop()


@pytest.fixture
def clock_file(tmp_path: Path):
    """Time for the bot process: tests move it by rewriting this file (ENTRAIDE_CLOCK_FILE)."""
    from datetime import datetime

    path = tmp_path / "clock.txt"

    def set_time(moment: datetime) -> None:
        path.write_text(moment.isoformat(), encoding="utf-8")

    set_time.path = path  # type: ignore[attr-defined]
    return set_time
