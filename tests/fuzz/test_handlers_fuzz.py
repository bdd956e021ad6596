"""Property-based fuzzing of every handler, as every role.

Whatever a sender types, presses or forges: the update is processed (never set aside as
failing), nobody is shown a stack trace, an exception's name or another person's Telegram id,
and nothing the sender does not own changes — no other person, conversation, offer,
escalation, consent or flow. Coordinators may act on anyone's records through their commands,
so for them the ownership check covers the buttons they were never sent.

The world carries over from one example to the next, as the bot's database would: replayed
buttons go stale, conversations end, escalations are claimed. Each update is checked on its
own, so whatever history led to it, a failure names the update that did the damage.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.storage.crypto import KeyRing
from tests.fuzz.ownership import Owner, Snapshot, foreign_changes, snapshot
from tests.fuzz.strategies import Step, steps
from tests.fuzz.world import ROLES, World, build_world, coordinators_for
from tests.support.in_process import fuzz_settings, in_process_bot, technical_words

T = TypeVar("T")


def _telegram_id_of(snap: Snapshot, person_id: str) -> str | None:
    row = snap["people"].get((person_id,))
    return str(row["tg_id"]) if row else None


async def check_step(world: World, step: Step) -> int:
    """Runs one step through the bot and checks every property; returns how many updates."""
    bot = world.bot
    before = await snapshot(bot.storage)
    earlier_id = await world.sender_id()

    def act() -> None:
        sent = step.act(world.sender)
        if sent is not None and step.editable:
            world.sent_message_ids.append(sent)

    outcomes = await bot.feed(act)
    after = await snapshot(bot.storage)
    sender_id = await world.sender_id()
    for outcome in outcomes:
        assert outcome.processed and outcome.failure is None, (
            f"{step!r} was not processed cleanly ({outcome.failure}):\n" + "\n".join(outcome.errors)
        )
        for sent in outcome.sent:
            shown = sent.visible()
            technical = technical_words(shown, step.text)
            assert not technical, f"{step!r} showed {technical} to someone: {shown}"
            recipient = _telegram_id_of(after, sent.person_id)
            leaked = [
                tid
                for tid in map(str, world.telegram_ids)
                if tid != recipient and tid in shown and tid not in step.text
            ]
            assert not leaked, f"{step!r}: Telegram id(s) {leaked} reached {recipient}: {shown}"
    signed_for_sender = bool(
        step.kind == "press"
        and sender_id
        and bot.services.buttons.decode(sender_id, step.text) is not None
    )
    if world.role != "coordinator" or (step.kind == "press" and not signed_for_sender):
        changes = foreign_changes(Owner(sender_id, earlier_id), before, after)
        assert not changes, f"{step!r} by a {world.role} changed what is not theirs: {changes}"
    return len(outcomes)


@pytest.mark.parametrize("role", ROLES)
async def test_fuzzed_updates_are_handled_and_touch_only_what_the_sender_owns(
    role: str, db_url: str, key_ring: KeyRing
) -> None:
    async with in_process_bot(db_url, key_ring, coordinators_for(role)) as bot:
        world = await build_world(bot, role)
        loop = asyncio.get_running_loop()
        examples, updates = [0], [0]

        def run(coro: Coroutine[Any, Any, T]) -> T:
            return asyncio.run_coroutine_threadsafe(coro, loop).result()

        # Hypothesis drives the examples from a worker thread while the bot and the sandbox keep
        # running on this loop: the world is built once per test, not once per example, and no
        # function-scoped fixture is shared behind Hypothesis's back.
        @fuzz_settings()
        @given(st.data())
        def fuzz(data: st.DataObject) -> None:
            examples[0] += 1
            for _ in range(data.draw(st.integers(1, 3), label="updates in this example")):
                step = data.draw(steps(world, run(world.sender_id())), label="step")
                updates[0] += run(check_step(world, step))

        await asyncio.to_thread(fuzz)
        assert updates[0] > 0
        print(f"fuzz[{role}]: {examples[0]} examples, {updates[0]} updates checked")
