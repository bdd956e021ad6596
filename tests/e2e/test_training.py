"""The training path in the real bot process, over the sandbox, on both backends: an approved
peer is held out of matching until trained, a quiz explains wrong answers and is retaken, an
expiring module is reminded and then takes the peer out of matching (moved clock);
coordinators log hours; a debrief offered after an escalation is claimed and scheduled."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.sandbox.models import BotMessage
from bot.sandbox.users import SimUser
from bot.storage.orm import DebriefRow, PairRow, TrainingMetaRow, TrainingPeerRow
from tests.support.factories import add_pair, add_person
from tests.support.training import (
    RIGHT,
    WRONG,
    is_question,
    module_toml,
    training_config,
    write_modules,
)

pytestmark = pytest.mark.e2e
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday, 11:00 in Paris
FAST = "[scheduling]\ntick_seconds = 0.3\n"


async def until(predicate: Callable[[], Awaitable[bool]], timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("condition not met in time")


def after(user: SimUser, check: Callable[[BotMessage], bool]) -> Callable[[BotMessage], bool]:
    """Messages that arrive from now on and pass ``check``."""
    last = max((m.message_id for m in user.received), default=0)
    return lambda m: m.message_id > last and check(m)


def has(text: str) -> Callable[[BotMessage], bool]:
    return lambda m: text in m.content


async def take_quiz(user: SimUser, title: str, answers: list[str]) -> None:
    for number, option in enumerate(answers, start=1):
        question = await user.wait_for(after_question(user, number, title))
        user.press(question, button_text=option)


def after_question(user: SimUser, number: int, title: str) -> Callable[[BotMessage], bool]:
    # Buttons stay on answered questions: the newest question with this number is the one.
    seen = {m.message_id for m in user.received}
    check = is_question(number, title)
    return lambda m: m.message_id not in seen and check(m)


async def held(storage, person_id: str) -> bool:
    async with storage.uow() as uow:
        row = await uow.session.get(TrainingPeerRow, person_id)
        return bool(row is not None and row.held)


@pytest.fixture
def modules(tmp_path: Path) -> Path:
    return write_modules(
        tmp_path / "modules",
        {
            "listening": module_toml("Listening", valid_months=1, order=1),
            "extra": module_toml("Extra reading", required=False, order=2),
        },
    )


async def test_a_peer_is_matched_only_once_trained_and_leaves_matching_when_it_expires(
    sandbox, make_bot, storage, clock, clock_file, modules
):
    clock.set(T0)
    clock_file(T0)
    coord_u, peer_u, seeker_u, later_u = (
        sandbox.user(9701 + n, first_name=f"Real{n}", language_code="en") for n in range(4)
    )
    for user in (coord_u, peer_u, seeker_u, later_u):
        user.started = True
    async with storage.uow() as uow:
        await add_person(uow, coord_u.id, "Coord", coordinator=True)
        await add_person(uow, seeker_u.id, "Robin", seeker=True)
        peer = await add_person(uow, peer_u.id, "Alex", peer=True, capacity=2)
        peer.peer_state = "applicant"
        await uow.people.save(peer)
        await uow.commit()
    env = {"ENTRAIDE_CLOCK_FILE": str(clock_file.path)}
    extra = FAST + training_config(modules, reminder_days=7, retry_minutes=30)
    bot = make_bot(coordinators=(coord_u.id,), env=env, extra=extra)
    await bot.start()

    # Approved: held at once, told where to start; the waiting seeker is not offered to them.
    coord_u.send_command("/approve", peer.code)
    await peer_u.wait_for(has("Before you are offered to seekers"))
    await asyncio.sleep(1.5)  # several offer sweeps
    assert not any("Accept" in [t for t, _ in m.buttons()] for m in peer_u.received)
    assert await held(storage, peer.id)
    why = after(coord_u, has("is not offered to seekers right now"))
    coord_u.send_command("/why", peer.code)
    answer = await coord_u.wait_for(why)
    assert "training:" in answer.content and "Listening" in answer.content
    assert "Extra reading" not in answer.content  # not required

    # The path: progress first, then the module; a wrong answer is explained, not passed.
    peer_u.send_command("/training")
    path = await peer_u.wait_for(has("Your training path"))
    assert "Listening (required): to do" in path.content
    peer_u.press(path, button_text="▶ Listening")
    await peer_u.wait_for(has("Lesson one of Listening"))
    await take_quiz(peer_u, "Listening", [WRONG, RIGHT, RIGHT])
    failed = await peer_u.wait_for(has("Not passed this time"))
    assert f"You answered: {WRONG}" in failed.content
    assert f"Right answer: {RIGHT}" in failed.content and "Because 1 says so." in failed.content
    # Not before retry_minutes; then taken again and passed.
    peer_u.press(path, button_text="▶ Listening")
    await peer_u.wait_for(has("You can take this quiz again in 30 min"))
    clock_file(T0 + timedelta(minutes=31))
    peer_u.press(path, button_text="▶ Listening")
    await take_quiz(peer_u, "Listening", [RIGHT, RIGHT, RIGHT])
    await peer_u.wait_for(has("Well done: Listening passed (3/3)"))
    await peer_u.wait_for(has("you can be offered to seekers again"))
    offer = await peer_u.wait_for(lambda m: "Robin" in m.content and "Accept" in str(m.buttons()))
    peer_u.press(offer, button_text="Accept")
    await seeker_u.wait_for(has("Alex"))
    assert not await held(storage, peer.id)

    # A week before the month is over: reminded once; then expired: out of matching, the
    # coordinator is told, and the pair goes on.
    clock_file(T0 + timedelta(days=25))
    reminder = await peer_u.wait_for(has('Your module "Listening" expires on 2026-04-02'))
    assert "/training" in reminder.content
    clock_file(T0 + timedelta(days=31, hours=1))
    await peer_u.wait_for(has("expired: you are not offered to new seekers"))
    told = await coord_u.wait_for(has("is no longer offered to new seekers"))
    assert peer.code in told.content and "1 open pair(s) go on" in told.content
    assert await held(storage, peer.id)
    async with storage.uow() as uow:
        statuses = (await uow.session.execute(select(PairRow.status))).scalars().all()
    assert list(statuses) == ["active"]
    assert len([m for m in peer_u.received if "expires on" in m.content]) == 1
    assert await bot.stop() == 0


async def test_coordinators_log_hours_and_see_them_in_training_and_stats(
    sandbox, make_bot, storage, modules
):
    coord_u, peer_u = (sandbox.user(9711 + n, language_code="en") for n in range(2))
    for user in (coord_u, peer_u):
        user.started = True
    async with storage.uow() as uow:
        await add_person(uow, coord_u.id, "Coord", coordinator=True)
        peer = await add_person(uow, peer_u.id, "Alex", peer=True)
        await uow.commit()
    bot = make_bot(coordinators=(coord_u.id,), extra=training_config(modules))
    await bot.start()

    # Kind answers to what cannot be logged; nothing is recorded.
    coord_u.send_command("/training", "log")
    await coord_u.wait_for(has("/training log CODE hours topic"))
    coord_u.send_command("/training", f"log {peer.code} lots Supervision")
    await coord_u.wait_for(has('"lots" is not a number of hours'))
    coord_u.send_command("/training", "log NOPE99 1 Supervision")
    await coord_u.wait_for(has("NOPE99"))

    coord_u.send_command("/training", f"log {peer.code} 1,5 Listening workshop")
    await coord_u.wait_for(has(f"Logged: 1.5 h for Alex ({peer.code}) — Listening workshop"))
    await peer_u.wait_for(has("logged 1.5 h of training for you"))
    view = after(coord_u, has("Continuing education, last 12 months: 1.5 h"))
    coord_u.send_command("/training")
    overview = await coord_u.wait_for(view)
    # Peers seeded before training existed are in their grace period, not blocked.
    assert "because of training (0)" in overview.content
    figures = after(coord_u, has("Training and supervision"))
    coord_u.send_command("/stats")
    stats = await coord_u.wait_for(figures)
    assert "1.5 h" in stats.content and "Listening: — passed (0/0 quizzes)" in stats.content
    assert "Debrief coverage" in stats.content
    # A peer's /training is their own path, never the coordinators' view.
    peer_u.send_command("/training")
    mine = await peer_u.wait_for(has("Your training path"))
    assert "Continuing education" not in mine.content
    assert await bot.stop() == 0


async def test_an_escalation_in_a_pair_brings_a_debrief_that_is_claimed_and_scheduled(
    sandbox, make_bot, storage, modules
):
    coord_u, peer_u, seeker_u = (sandbox.user(9721 + n, language_code="en") for n in range(3))
    for user in (coord_u, peer_u, seeker_u):
        user.started = True
    async with storage.uow() as uow:
        await add_person(uow, coord_u.id, "Coord", coordinator=True)
        seeker = await add_person(uow, seeker_u.id, "Robin", seeker=True)
        peer = await add_person(uow, peer_u.id, "Alex", peer=True)
        await add_pair(uow, seeker, peer)
        await uow.commit()
    extra = FAST + training_config(modules, debrief_offer_delay_minutes=0)
    bot = make_bot(coordinators=(coord_u.id,), extra=extra)
    await bot.start()

    seeker_u.send_command("/sos")
    await coord_u.wait_for(has("Urgent escalation"))
    offer = await peer_u.wait_for(has("Would you like to talk it through with a coordinator"))
    peer_u.press(offer, button_text="Yes, I'd like a debrief")
    await peer_u.wait_for(has("1/3 · What happened?"))
    peer_u.send_text("My seeker wrote that they were in danger.")
    await peer_u.wait_for(has("2/3 · How are you right now?"))
    peer_u.send_text("Shaken.")
    await peer_u.wait_for(has("3/3 · What would help you?"))
    peer_u.send_text("Talking it through this week.")
    await peer_u.wait_for(has("went to the coordinators on duty"))

    request = await coord_u.wait_for(has("Debrief request"))
    assert "after an escalation in their pair" in request.content
    assert "Shaken." in request.content and "Talking it through this week." in request.content
    coord_u.press(request, button_text="Claim")
    await peer_u.wait_for(has("A coordinator has your debrief request"))
    days = await coord_u.wait_for(has("which day would you propose?"))
    coord_u.press(days, data=days.buttons()[1][1])  # tomorrow
    times = await coord_u.wait_for(has("time"))
    times = await coord_u.wait_for(lambda m: any(t == "14:00" for t, _ in m.buttons()))
    coord_u.press(times, button_text="14:00")
    proposal = await peer_u.wait_for(has("proposes your debrief on"))
    peer_u.press(proposal, button_text="Yes, that suits me")
    agreed = await peer_u.wait_for(has("agreed for"))
    await coord_u.wait_for(has("agreed for"))
    assert "14:00" in agreed.content or ":00" in agreed.content
    async with storage.uow() as uow:
        rows = (await uow.session.execute(select(DebriefRow))).scalars().all()
        assert [(r.status, r.trigger) for r in rows] == [("scheduled", "escalation")]
        # The answers are sealed: not one word of them in the row.
        assert rows[0].answers is not None and b"Shaken" not in rows[0].answers
        assert (await uow.session.get(TrainingMetaRow, "grace_given")) is not None
    assert await bot.stop() == 0
