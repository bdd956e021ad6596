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

    def factory(**config: Any) -> BotProcess:
        logs = tmp_path / f"logs{len(made)}"
        logs.mkdir()
        path = write_config(tmp_path / f"config{len(made)}.toml", sandbox, db_url, **config)
        bot = BotProcess(path, key_ring, logs)
        made.append(bot)
        return bot

    yield factory
    for bot in made:
        if bot.proc is not None and bot.proc.returncode is None:
            await bot.stop()
