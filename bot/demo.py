"""The local demo: the sandbox Bot API, the real bot, and a scripted scenario, as a transcript.

Needs no Telegram account and leaves nothing behind: a temporary database and a throw-away key.
The scenario is the network's life in a few seconds: a coordinator invites a peer, the peer
onboards, a seeker onboards and is matched, they talk, a week later both are checked in on, the
seeker sends /sos, a coordinator claims and resolves it, then looks at /stats.

The scenario's own lines (what the simulated people type) are in English; everything the bot
says comes from its catalogues, in each person's language.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.sandbox import BotMessage, Sandbox, SimUser, webapp
from bot.services.training.catalogue import modules as training_modules
from bot.storage import migrate
from bot.storage.crypto import generate_key

DEMO_TOKEN = "100000:DEMO"  # noqa: S105 - the sandbox accepts any token
BOT_USERNAME = "entraide_demo_bot"
# Generous: on a loaded machine the first /stats chart (drawing with matplotlib) takes a while.
STEP_TIMEOUT = 30.0
# The sweeps (check-ins among them) run this often, so the jump of a week shows at once.
TICK_SECONDS = 0.2
# Interactive mode: the bot has answered once nothing new has arrived for this long, and a
# line that brings nothing at all (none does, normally) hands back the keyboard after a while.
QUIET_SECONDS = 0.4
ANSWER_TIMEOUT = 10.0
INDENT = "    "

PEER_ONBOARDING: list[tuple[str, str]] = [
    ("press", "✓ English"),
    ("press", "I understand, let's go on"),
    ("press", "I agree"),
    ("type", "Steady Otter"),
    ("toggle", "Back from a mission"),
    ("toggle", "Loneliness"),
    ("press", "Done"),
    ("toggle", "Grief and loss"),
    ("press", "Done"),
    ("press", "Done"),
    ("press", "3"),
    ("toggle", "Evenings"),
    ("press", "Done"),
    ("press", "Europe/Paris"),
    ("press", "A man"),
    ("press", "I'd rather not say"),
    *[("press", "I understand and agree")] * 9,
]
SEEKER_ONBOARDING: list[tuple[str, str]] = [
    ("press", "I'm looking for support"),
    ("press", "✓ English"),
    ("press", "I understand, let's go on"),
    ("press", "I agree"),
    ("type", "Blue Heron"),
    ("toggle", "Back from a mission"),
    ("press", "Done"),
    ("press", "Done"),
    ("press", "It doesn't matter"),
    ("press", "It doesn't matter"),
    ("toggle", "Evenings"),
    ("press", "Done"),
    ("press", "Europe/Paris"),
    ("press", "No"),
]
PEER_REPLIES = (
    "Thank you for writing. I'm here and I'm listening, take your time.",
    "That sounds really hard. What helps you most on days like this?",
    "I went through something similar when I came back; you are not alone in this.",
    "I'm glad you told me. Would you like to say a little more about it?",
)


class DemoStalled(Exception):
    """The bot did not do what the scenario waited for, in time."""


class Transcript:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    def section(self, title: str) -> None:
        self.say(f"\n── {title} ──")


@dataclass
class Person:
    """One of the cast, and what of their chat the transcript has already shown."""

    name: str
    user: SimUser
    shown: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    # Buttons are looked for on messages from here on: earlier questions are answered.
    mark: int = 0

    def after_last(self) -> None:
        received = self.user.received
        self.mark = (received[-1].message_id + 1) if received else 0


def _labels(message: BotMessage) -> list[str]:
    return [text for text, _ in message.buttons()]


def _body(message: BotMessage) -> str:
    text = message.content
    if message.kind == "text":
        return text
    return f"<{message.kind}> {text}".rstrip()


class Scene:
    """Drives the cast through the sandbox and writes what each of them saw."""

    def __init__(self, t: Transcript, cast: list[Person]) -> None:
        self.t = t
        self.cast = cast

    # --- the transcript ---------------------------------------------------------------------

    def show(self) -> None:
        """Everything the bot sent or changed since the last call, person by person."""
        for person in self.cast:
            for message in person.user.received:
                labels = _labels(message)
                before = person.shown.get(message.message_id)
                person.shown[message.message_id] = (message.content, labels)
                if before is None:
                    self._message(f"[bot → {person.name}] ", _body(message), labels)
                elif before[0] != message.content:
                    self._update(person, before, message, labels)

    def _update(
        self,
        person: Person,
        before: tuple[str, list[str]],
        message: BotMessage,
        labels: list[str],
    ) -> None:
        """An edited message: only its changed lines, as a question that keeps its wording
        and only updates what was chosen would otherwise be shown whole again and again."""
        old_lines = set(before[0].splitlines())
        changed = [line for line in message.content.splitlines() if line not in old_lines]
        body = "\n".join(changed) if old_lines & set(message.content.splitlines()) else None
        # Ticks on a multi-select only redraw the buttons: the press is shown already.
        untick = [label.removeprefix("✓ ") for label in labels]
        same_buttons = untick == [label.removeprefix("✓ ") for label in before[1]]
        self._message(
            f"[bot → {person.name}, updating a message] ",
            _body(message) if body is None else body,
            [] if same_buttons else labels,
        )

    def _message(self, head: str, body: str, labels: list[str]) -> None:
        self.t.say(head + body.replace("\n", "\n" + INDENT))
        if labels:
            self.t.say(INDENT + " ".join(f"[{label}]" for label in labels))

    def acts(self, person: Person, what: str) -> None:
        self.show()
        self.t.say(f"\n[{person.name} → bot] {what}")

    # --- waiting for the bot ----------------------------------------------------------------

    async def wait(self, person: Person, check: Callable[[BotMessage], bool], what: str) -> None:
        try:
            await person.user.wait_for(check, timeout=STEP_TIMEOUT)
        except AssertionError:
            raise DemoStalled(f"{person.name} did not get {what}") from None

    async def expect(self, person: Person, needle: str) -> BotMessage:
        """Waits for a message from ``person.mark`` on that contains ``needle``."""
        since = person.mark
        await self.wait(
            person, lambda m: m.message_id >= since and needle in m.content, repr(needle)
        )
        found = [m for m in person.user.received if m.message_id >= since and needle in m.content]
        self.show()
        return found[0]

    async def expect_copy(self, person: Person, kind: str) -> None:
        """Waits for a relayed message of this kind (the bot copies, never forwards)."""
        since = person.mark
        await self.wait(
            person,
            lambda m: m.message_id >= since and m.copied_from is not None and m.kind == kind,
            f"a relayed {kind}",
        )
        person.after_last()
        self.show()

    async def question(self, person: Person, label: str) -> BotMessage:
        """The newest message from ``person.mark`` on offering the button ``label``."""

        def offers(m: BotMessage) -> bool:
            return m.message_id >= person.mark and label in _labels(m)

        await self.wait(person, offers, f"a button [{label}]")
        return [m for m in person.user.received if offers(m)][-1]

    # --- acting -----------------------------------------------------------------------------

    async def press(self, person: Person, label: str) -> BotMessage:
        message = await self.question(person, label)
        self.show()
        self.t.say(f"\n[{person.name} presses] [{label}]")
        person.user.press(message, button_text=label)
        person.mark = message.message_id + 1
        return message

    async def toggle(self, person: Person, label: str) -> None:
        """Ticks an option of a multi-select and waits for the tick to show."""
        message = await self.question(person, label)
        self.show()
        self.t.say(f"[{person.name} ticks] [{label}]")
        person.user.press(message, button_text=label)
        person.mark = message.message_id
        ticked = f"✓ {label}"
        await self.wait(
            person,
            lambda m: m.message_id == message.message_id and ticked in _labels(m),
            f"[{ticked}]",
        )

    async def type(self, person: Person, words: str) -> None:
        # The bot asks before one answers: wait for the question to be on screen.
        await self.wait(person, lambda m: m.message_id >= person.mark, "a question")
        self.send(person, words, lambda: person.user.send_text(words))

    def send(self, person: Person, shown: str, send: Callable[[], object]) -> None:
        self.acts(person, shown)
        person.after_last()
        send()

    def command(self, person: Person, command: str, *args: str) -> None:
        self.send(
            person, " ".join([command, *args]), lambda: person.user.send_command(command, *args)
        )

    async def steps(self, person: Person, steps: list[tuple[str, str]]) -> None:
        for kind, what in steps:
            if kind == "press":
                await self.press(person, what)
            elif kind == "toggle":
                await self.toggle(person, what)
            else:
                await self.type(person, what)

    async def quiet(self, since: int, limit: float) -> None:
        """Waits until something new came after ``since`` (a count of messages and edits)
        and then nothing more for a moment: the bot has done what it does about the last act."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        last, last_change = since, loop.time()
        while loop.time() < deadline:
            now_count = self.activity()
            if now_count != last:
                last, last_change = now_count, loop.time()
            elif last != since and loop.time() - last_change >= QUIET_SECONDS:
                return
            await asyncio.sleep(0.05)

    def activity(self) -> int:
        return sum(1 + len(m.edits) for person in self.cast for m in person.user.received)


def demo_settings(
    sandbox: Sandbox, db_url: str, coordinator_id: int, dashboard_port: int | None = None
) -> Settings:
    # The coordinators' dashboard on loopback (plain http is accepted there only).
    dashboard = (
        {
            "http": {"listen": "127.0.0.1", "port": dashboard_port},
            "dashboard": {"enabled": True, "public_url": f"http://127.0.0.1:{dashboard_port}"},
        }
        if dashboard_port
        else {}
    )
    return Settings.model_validate(
        {
            **dashboard,
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
            "scheduling": {"tick_seconds": TICK_SECONDS},
            "logging": {"level": "WARNING", "format": "text"},
        }
    )


@contextlib.contextmanager
def _demo_clock(path: Path, start: datetime) -> Iterator[Callable[[datetime], None]]:
    """The bot reads time from this file for the demo (see bot.clock.FileClock), so a week
    passes in an instant; the variable is put back as it was afterwards."""

    def set_time(moment: datetime) -> None:
        path.write_text(moment.isoformat(), encoding="utf-8")

    set_time(start)
    before = os.environ.get("ENTRAIDE_CLOCK_FILE")
    os.environ["ENTRAIDE_CLOCK_FILE"] = str(path)
    try:
        yield set_time
    finally:
        if before is None:
            os.environ.pop("ENTRAIDE_CLOCK_FILE", None)
        else:
            os.environ["ENTRAIDE_CLOCK_FILE"] = before


async def run_demo(
    interactive: bool = False,
    out: TextIO | None = None,
    inp: TextIO | None = None,
    keep_dashboard: bool = False,
) -> int:
    """``keep_dashboard``: after the scenario the bot and its dashboard stay up until Ctrl+C,
    so the dashboard's address can be opened in a browser."""
    from bot.bootstrap import serve
    from bot.logs import setup_logging

    started = time.monotonic()
    t = Transcript(out or sys.stdout)
    setup_logging("WARNING", "text")
    # The demo's fast tick makes the scheduler skip ticks while /stats holds the database, and
    # can catch a sweep mid-run at the stop; both harmless here (a failing sweep is reported by
    # bot.scheduling itself), and the scheduler's own lines would only clutter the transcript.
    logging.getLogger("apscheduler").setLevel(logging.CRITICAL)
    # Late morning UTC: inside every cast member's waking hours, so no check-in waits for them.
    start = datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0)
    with tempfile.TemporaryDirectory(prefix="entraide-demo-") as tmp:
        db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'demo.db'}"
        await migrate.upgrade(db_url)
        with _demo_clock(Path(tmp) / "clock.txt", start) as set_time:
            async with Sandbox(token=DEMO_TOKEN, bot_username=BOT_USERNAME) as sandbox:
                nadia = Person(
                    "Nadia (coordinator)",
                    sandbox.user(900001, first_name="Nadia", language_code="fr"),
                )
                sam = Person(
                    "Sam (peer)", sandbox.user(900003, first_name="Sam", language_code="en")
                )
                alex = Person(
                    "Alex (seeker)", sandbox.user(900002, first_name="Alex", language_code="en")
                )
                scene = Scene(t, [nadia, sam, alex])
                stop = asyncio.Event()
                port = webapp.free_loopback_port()
                bot_task = asyncio.create_task(
                    serve(
                        demo_settings(sandbox, db_url, nadia.user.id, port),
                        install_signals=False,
                        stop=stop,
                        announce=False,
                    )
                )
                t.say(
                    "Entraide demo: a local Bot API sandbox and the real bot. Three people: "
                    "Nadia coordinates the network (her Telegram speaks French), Sam becomes a "
                    "peer, Alex looks for support. Their names stay on this side."
                )
                dashboard_url = webapp.launch_url(
                    f"http://127.0.0.1:{port}/dashboard",
                    webapp.init_data(DEMO_TOKEN, nadia.user.id, first_name="Nadia"),
                )
                t.say(
                    "Nadia's coordinator dashboard (the Mini App her menu button opens), in a "
                    f"browser on this machine for the next hour:\n{INDENT}{dashboard_url}"
                )
                try:
                    await _scenario(scene, nadia, sam, alex, set_time, start, interactive)
                    if interactive:
                        await _interactive(scene, alex, sam, inp or sys.stdin)
                    if keep_dashboard:
                        t.say(f"\nThe dashboard stays open at {dashboard_url}\nStop with Ctrl+C.")
                        await asyncio.Event().wait()
                except DemoStalled as exc:
                    scene.show()
                    t.say(f"\nThe demo stopped: {exc} within {STEP_TIMEOUT:.0f} s.")
                    return 1
                finally:
                    stop.set()
                    with contextlib.suppress(asyncio.CancelledError):
                        await bot_task
    t.say(f"\nDemo finished in {time.monotonic() - started:.1f} s.")
    return 0


async def _scenario(
    scene: Scene,
    nadia: Person,
    sam: Person,
    alex: Person,
    set_time: Callable[[datetime], None],
    start: datetime,
    interactive: bool,
) -> None:
    t = scene.t
    t.section("1. A coordinator invites a peer")
    scene.command(nadia, "/start")
    await scene.expect(nadia, "/help")
    scene.command(nadia, "/invite", "peer")
    invite = await scene.expect(nadia, f"https://t.me/{BOT_USERNAME}?start=")
    found = re.search(r"\?start=([A-Za-z0-9_-]+)", invite.content)
    if found is None:
        raise DemoStalled(f"{nadia.name} did not get an invite link")
    code = found.group(1)

    t.section("2. The peer follows the link and onboards (invited: no approval needed)")
    scene.send(
        sam,
        f"/start {code}   (Sam opened the invite link)",
        partial(sam.user.send_command, "/start", code),
    )
    await scene.steps(sam, PEER_ONBOARDING)
    await scene.expect(sam, "you are now a peer of the network")

    t.section("2b. Before being matched, the peer follows the training path")
    await scene.expect(sam, "Before you are offered to seekers")
    scene.command(sam, "/training")
    # The demo runs with the shipped modules: Sam knows the answers.
    for module in training_modules(Settings()).ordered(sam.user.language_code):
        await scene.press(sam, f"▶ {module.title}")
        for question in module.questions:
            await scene.press(sam, question.options[question.answer])
        await scene.expect(sam, "Well done")
    await scene.expect(sam, "you can be offered to seekers again")

    t.section("3. A seeker onboards: consent, then a few questions")
    scene.command(alex, "/start")
    await scene.steps(alex, SEEKER_ONBOARDING)
    await scene.expect(alex, "Thank you, Blue Heron")

    t.section("4. Matching: the peer is offered the seeker and accepts")
    await scene.press(sam, "Accept")
    await scene.expect(sam, "paired with")
    await scene.expect(alex, "write here")
    if interactive:
        return

    t.section("5. They talk through the bot: text, photo, voice, document")
    first = "Hello. Since I came back I can't sleep, and I don't know who to talk to."
    scene.send(alex, first, partial(alex.user.send_text, first))
    await scene.expect_copy(sam, "text")
    scene.send(sam, PEER_REPLIES[2], partial(sam.user.send_text, PEER_REPLIES[2]))
    await scene.expect_copy(alex, "text")
    scene.send(
        alex,
        "<photo> The view from my walk this morning",
        lambda: alex.user.send_photo(caption="The view from my walk this morning"),
    )
    await scene.expect_copy(sam, "photo")
    scene.send(sam, "<voice>", sam.user.send_voice)
    await scene.expect_copy(alex, "voice")
    scene.send(
        sam,
        "<document> A routine that helped me",
        lambda: sam.user.send_document(
            caption="A routine that helped me", file_name="sleep-routine.pdf"
        ),
    )
    await scene.expect_copy(alex, "document")

    t.section("6. A week later: the bot checks in on both")
    t.say("(the demo moves the bot's clock forward by seven days)")
    set_time(start + timedelta(days=7, minutes=5))
    await scene.question(sam, "Fine")
    await scene.press(alex, "4")
    await scene.expect(alex, "Thank you for telling us")
    await scene.press(sam, "Fine")
    await scene.expect(sam, "Thank you for telling us")

    t.section("7. The seeker sends /sos; a coordinator claims and resolves it")
    scene.command(alex, "/sos")
    await scene.expect(alex, "You are not alone")
    await scene.press(nadia, "Prendre")
    await scene.press(nadia, "Résoudre")
    note = "Called Blue Heron back: safe, at a friend's tonight; we talk again tomorrow."
    await scene.type(nadia, note)
    await scene.expect(nadia, "résolue")

    t.section("8. The coordinator looks at the network: /stats")
    scene.command(nadia, "/stats")
    await scene.wait(nadia, lambda m: m.kind == "photo", "the chart")
    scene.show()


async def _interactive(scene: Scene, alex: Person, sam: Person, inp: TextIO) -> None:
    t = scene.t
    scene.show()
    t.section("Your turn: you are Alex")
    t.say(
        "Type a message for Sam, or a /command for the bot (try /help or /sos); "
        "/quit ends the demo."
    )
    replies = itertools.cycle(PEER_REPLIES)
    loop = asyncio.get_running_loop()
    while True:
        raw = await loop.run_in_executor(None, inp.readline)
        if not raw:  # end of input ends it as /quit does
            return
        line = raw.strip()
        if not line:
            continue
        if line == "/quit":
            return
        since = scene.activity()
        peer_had = len(sam.user.received)
        scene.send(alex, line, partial(_type_line, alex.user, line))
        await scene.quiet(since, ANSWER_TIMEOUT)
        relayed = [m for m in sam.user.received[peer_had:] if m.copied_from is not None]
        if relayed:
            reply = next(replies)
            since = scene.activity()
            scene.send(sam, reply, partial(sam.user.send_text, reply))
            await scene.quiet(since, ANSWER_TIMEOUT)
        scene.show()


def _type_line(seeker: SimUser, line: str) -> int:
    if line.startswith("/"):
        command, *args = line.split()
        return seeker.send_command(command, *args)
    return seeker.send_text(line)
