"""Runs the real bot (``python -m bot run``) as a child process against the sandbox Bot API."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from bot.sandbox import Sandbox
from bot.storage.crypto import KeyRing
from tests.support import zygote

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TESTTOKEN"


def write_config(
    path: Path,
    sandbox: Sandbox,
    db_url: str,
    *,
    coordinators: tuple[int, ...] = (),
    telegram: Mapping[str, Any] | None = None,
    webhook: Mapping[str, Any] | None = None,
    limits: Mapping[str, Any] | None = None,
    extra: str = "",
) -> Path:
    tg: dict[str, Any] = {
        "base_url": sandbox.base_url,
        "base_file_url": sandbox.base_file_url,
        "poll_timeout_seconds": 1,
        "request_timeout_seconds": 5.0,
        # Tests stream many messages into one chat; Telegram's real per-chat limit would only
        # make them slow.
        "per_chat_messages_per_second": 30.0,
        "per_chat_burst": 30,
    }
    tg.update(telegram or {})
    lines = ["[telegram]"]
    lines += [f"{k} = {_toml(v)}" for k, v in tg.items()]
    if webhook:
        lines.append("[telegram.webhook]")
        lines += [f"{k} = {_toml(v)}" for k, v in webhook.items()]
    # Tests stream many messages from one person too; those about the limits set their own.
    lim: dict[str, Any] = {
        "messages_burst": 10_000,
        "commands_burst": 10_000,
        "buttons_burst": 10_000,
    }
    lim.update(limits or {})
    lines.append("[limits]")
    lines += [f"{k} = {_toml(v)}" for k, v in lim.items()]
    lines += ["[database]", f"url = {_toml(db_url)}"]
    lines += ["[network]", f"coordinators = [{', '.join(str(c) for c in coordinators)}]"]
    # The tests' tiny work factor for the Telegram-id index (tests/conftest.py says why).
    lines += ["[security]", "index_cost = 4"]
    lines += ["[logging]", 'format = "json"', 'level = "INFO"']
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


class BotProcess:
    """One bot process at a time; ``restart`` and ``kill`` simulate operators and crashes."""

    # Every process built, so the leak check after a test finds their logs and databases
    # however the test made them.
    made: ClassVar[list[BotProcess]] = []

    def __init__(
        self, config: Path, keys: KeyRing, log_dir: Path, env: Mapping[str, str] | None = None
    ) -> None:
        self.config = config
        self.env = {
            **os.environ,
            "ENTRAIDE_TELEGRAM_TOKEN": TOKEN,
            "ENTRAIDE_KEYS": keys.encoded(),
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self.env.pop("ENTRAIDE_DATABASE_URL", None)
        self.log_dir = log_dir
        self.proc: zygote.ForkedProcess | asyncio.subprocess.Process | None = None
        self.starts = 0
        self.kills = 0
        BotProcess.made.append(self)

    @property
    def log_files(self) -> list[Path]:
        return sorted(self.log_dir.glob("bot-*"))

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    @property
    def stderr_path(self) -> Path:
        return self.log_dir / f"bot-{self.starts}.stderr"

    async def start(self, wait_ready: bool = True, fresh_interpreter: bool = False) -> None:
        assert self.proc is None or self.proc.returncode is not None, "already running"
        self.starts += 1
        stdout = self.log_dir / f"bot-{self.starts}.stdout"
        stdout.write_bytes(b"")
        self.stderr_path.write_bytes(b"")
        # `python -m bot run`, forked from an interpreter that has the bot's modules loaded
        # already (tests/support/zygote.py): the same process, without paying the imports at
        # every start and restart.
        args = ["run", "--config", str(self.config)]
        if fresh_interpreter:
            # A start of its full length (imports included), for a test about what happens
            # while a process starts.
            with stdout.open("wb") as out, self.stderr_path.open("wb") as err:
                self.proc = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bot",
                    *args,
                    cwd=str(ROOT),
                    env=self.env,
                    stdout=out,
                    stderr=err,
                )
        else:
            self.proc = await zygote.start(
                args,
                cwd=ROOT,
                env=self.env,
                stdout=stdout,
                stderr=self.stderr_path,
            )
        if wait_ready:
            await self.wait_ready()

    async def wait_ready(self, timeout: float = 60.0) -> None:
        path = self.log_dir / f"bot-{self.starts}.stdout"
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            if path.exists() and b"bot running" in path.read_bytes():
                return
            assert self.proc is not None
            if self.proc.returncode is not None:
                raise AssertionError(f"bot exited early: {self.stderr_text()}")
            await asyncio.sleep(0.05)
        raise AssertionError(f"bot not ready after {timeout}s: {self.stderr_text()}")

    def stderr_text(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")[-4000:]

    def all_logs(self) -> str:
        return "".join(p.read_text(encoding="utf-8", errors="replace") for p in self.log_files)

    async def kill(self) -> None:
        """SIGKILL: no clean-up at all, as in a crash or an OOM kill."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()
        self.kills += 1

    async def stop(self, timeout: float = 15.0) -> int:
        """SIGTERM and wait: the clean shutdown an operator or systemd asks for."""
        if self.proc is None:
            return 0
        if self.proc.returncode is not None:
            return self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.proc.wait(), timeout)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
            raise AssertionError("bot did not stop within the grace period") from None

    def terminate(self, timeout: float = 15.0) -> None:
        """SIGTERM, then SIGKILL, without an event loop: the clean-up after a test that failed
        before stopping its bot, once that test's loop is gone."""
        if not self.running:
            return
        assert self.proc is not None
        pid = self.proc.pid
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                if not _alive(pid):
                    return
                time.sleep(0.05)

    async def restart(self) -> None:
        await self.start()


def _alive(pid: int) -> bool:
    # A zombie has exited: asyncio's child watcher reaps it, but only while a loop runs.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
