"""The local demo: the sandbox Bot API, the real bot, and a scripted scenario, as a transcript.

Needs no Telegram account and leaves nothing behind: a temporary database and a throw-away key.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.sandbox import Sandbox, SimUser
from bot.storage import migrate
from bot.storage.crypto import generate_key

DEMO_TOKEN = "100000:DEMO"  # noqa: S105 - the sandbox accepts any token
STEP_TIMEOUT = 10.0


class Transcript:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.lines: list[str] = []

    def say(self, line: str) -> None:
        self.lines.append(line)
        print(line, file=self.out, flush=True)

    def user(self, who: str, text: str) -> None:
        self.say(f"\n[{who} → bot] {text}")

    def bot(self, who: str, text: str) -> None:
        body = text.replace("\n", "\n    ")
        self.say(f"[bot → {who}] {body}")


def demo_settings(sandbox: Sandbox, db_url: str, coordinator_id: int) -> Settings:
    return Settings.model_validate(
        {
            "telegram": {
                "token": DEMO_TOKEN,
                "base_url": sandbox.base_url,
                "base_file_url": sandbox.base_file_url,
                "poll_timeout_seconds": 1,
                "per_chat_messages_per_second": 30.0,
                "per_chat_burst": 30,
            },
            "database": {"url": db_url},
            "security": {"keys": generate_key("demo").encode()},
            "network": {"name": "Entraide (démo)", "coordinators": [coordinator_id]},
            "logging": {"level": "WARNING", "format": "text"},
        }
    )


async def _exchange(
    t: Transcript, user: SimUser, who: str, send: Callable[[], object], label: str, expect: int = 1
) -> None:
    before = len(user.received)
    t.user(who, label)
    send()
    await user.wait_for(lambda m: True, count=before + expect, timeout=STEP_TIMEOUT)
    for message in user.received[before:]:
        t.bot(who, message.text or message.caption or f"<{message.kind}>")


async def run_demo(interactive: bool = False, out: TextIO | None = None) -> int:
    from bot.bootstrap import serve
    from bot.logs import setup_logging

    t = Transcript(out or sys.stdout)
    setup_logging("WARNING", "text")
    with tempfile.TemporaryDirectory(prefix="entraide-demo-") as tmp:
        db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'demo.db'}"
        await migrate.upgrade(db_url)
        async with Sandbox(token=DEMO_TOKEN, bot_username="entraide_demo_bot") as sandbox:
            coordinator = sandbox.user(900001, first_name="Nadia", language_code="fr")
            seeker = sandbox.user(900002, first_name="Alex", language_code="en")
            settings = demo_settings(sandbox, db_url, coordinator.id)
            stop = asyncio.Event()
            bot_task = asyncio.create_task(
                serve(settings, install_signals=False, stop=stop, announce=False)
            )
            t.say(
                "Entraide demo: a local Bot API sandbox and the real bot. Names stay on this side."
            )
            try:
                await _exchange(
                    t,
                    coordinator,
                    "Nadia (coordinator)",
                    lambda: coordinator.send_command("/start"),
                    "/start",
                )
                await _exchange(
                    t, seeker, "Alex (seeker)", lambda: seeker.send_command("/start"), "/start"
                )
                await _exchange(
                    t, seeker, "Alex (seeker)", lambda: seeker.send_command("/help"), "/help"
                )
                await _exchange(
                    t, seeker, "Alex (seeker)", lambda: seeker.send_text("Hello?"), "Hello?"
                )
                before = len(coordinator.received)
                await _exchange(
                    t, seeker, "Alex (seeker)", lambda: seeker.send_command("/sos"), "/sos"
                )
                await coordinator.wait_for(lambda m: True, count=before + 1, timeout=STEP_TIMEOUT)
                for message in coordinator.received[before:]:
                    t.bot("Nadia (coordinator)", message.text or "")
                if interactive:
                    await _interactive(t, seeker)
            finally:
                stop.set()
                with contextlib.suppress(asyncio.CancelledError):
                    await bot_task
    t.say("\nDemo finished.")
    return 0


async def _interactive(t: Transcript, seeker: SimUser) -> None:
    t.say("\nYou are Alex now. Type a message (or a /command); an empty line ends the demo.")
    loop = asyncio.get_running_loop()
    while True:
        line = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
        if not line:
            return
        await _exchange(t, seeker, "you", partial(_type_line, seeker, line), line)


def _type_line(seeker: SimUser, line: str) -> int:
    if line.startswith("/"):
        command, *args = line.split()
        return seeker.send_command(command, *args)
    return seeker.send_text(line)
