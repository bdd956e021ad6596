from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import Sandbox
from bot.storage.crypto import KeyRing
from tests.support import leakcheck
from tests.support.e2e_harness import TOKEN, BotProcess, write_config


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox(token=TOKEN, bot_username="entraide_test_bot") as sb:
        yield sb


@pytest.fixture
async def make_bot(
    sandbox: Sandbox, db_url: str, key_ring: KeyRing, tmp_path: Path, person_keys_url: str
) -> AsyncIterator[Callable[..., BotProcess]]:
    """Builds a bot process on a migrated database of each backend; stopped at the end."""
    made: list[BotProcess] = []

    def factory(env: dict[str, str] | None = None, **config: Any) -> BotProcess:
        logs = tmp_path / f"logs{len(made)}"
        logs.mkdir()
        path = write_config(tmp_path / f"config{len(made)}.toml", sandbox, db_url, **config)
        # The same person key store as the test's own storage, so seeded people open.
        env = {"ENTRAIDE_PERSON_KEYS_URL": person_keys_url, **(env or {})}
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


@pytest.fixture
def leaks_planted() -> None:
    """Requested by a test that plants secrets on purpose: it runs the leak check itself."""


@pytest.fixture(autouse=True)
def no_secret_in_clear(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every test, once its bots have stopped: none of its users' ids, names or texts lies
    in clear in its databases or in its bots' logs (see tests/support/leakcheck.py for the rules).

    Synchronous on purpose: it asks for the sandbox and the database only when the test uses
    them (a test without a database must not gain a backend parameter), and only a synchronous
    fixture may do that. Being set up before the test's own fixtures, it is torn down after
    them: the bots are stopped, the database not yet dropped.
    """
    names = request.fixturenames
    if "leaks_planted" in names:
        yield
        return
    sandbox = request.getfixturevalue("sandbox") if "sandbox" in names else None
    db_url = request.getfixturevalue("db_url") if "db_url" in names else None
    ring = request.getfixturevalue("key_ring") if "key_ring" in names else None
    first = len(BotProcess.made)
    yield
    bots = BotProcess.made[first:]
    del BotProcess.made[first:]
    for bot in bots:
        bot.terminate()  # left running by a test that failed before stopping it
    check = leakcheck.after_test(sandbox, db_url, ring, bots)
    # The test's event loop is not running here, and the test's own loop must stay untouched.
    with ThreadPoolExecutor(1) as pool:
        found = pool.submit(asyncio.run, check).result()
    assert not found, "personal data in clear:\n" + "\n".join(found)
