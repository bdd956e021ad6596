"""Per-person inbound limits in the real bot process, over the sandbox Bot API: a burst of
messages is delayed but all of it arrives, in order; a burst of commands earns one "slow
down" and leaves the bot free for everyone else; /sos always gets through."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import pytest

from bot.clock import FakeClock
from bot.i18n import Translator
from tests.support.relay import add_pair, add_person

pytestmark = pytest.mark.e2e

T = Translator(["en", "fr"], "en")
SLOW_DOWN = T("en", "limits.slow_down")


async def seat_pair(storage, sandbox, seeker_id: int, peer_id: int, names: tuple[str, str]):
    clock = FakeClock(datetime.now(UTC))
    users = []
    async with storage.uow() as uow:
        people = []
        for telegram_id, name, role in (
            (seeker_id, names[0], "seeker"),
            (peer_id, names[1], "peer"),
        ):
            user = sandbox.user(telegram_id, first_name=name, language_code="en")
            user.started = True
            users.append(user)
            people.append(
                await add_person(
                    uow,
                    clock,
                    telegram_id,
                    f"{name}o",
                    seeker=role == "seeker",
                    peer=role == "peer",
                )
            )
        await add_pair(uow, clock, people[0], people[1])
        await uow.commit()
    return users


def copies_from(sender):
    return lambda m: m.copied_from is not None and m.copied_from[0] == sender.id


async def test_a_burst_of_messages_is_delayed_but_all_arrive_in_order(sandbox, make_bot, storage):
    seeker, peer = await seat_pair(
        storage, sandbox, 880_500_000_001, 880_500_000_002, ("Maëlys", "Gwenaël")
    )
    rate, burst = 5.0, 10
    bot = make_bot(limits={"messages_per_second": rate, "messages_burst": burst})
    await bot.start()
    started = time.monotonic()
    sent = [seeker.send_text(f"line {n} of my long story") for n in range(60)]
    await peer.wait_for(copies_from(seeker), count=60, timeout=120)

    copies = [m for m in peer.received if copies_from(seeker)(m)]
    assert [m.copied_from[1] for m in copies] == sent, "every message, once, in the order written"
    assert [m.text for m in copies] == [f"line {n} of my long story" for n in range(60)]
    # The tail waited for its tokens: fifty over the burst at five a second is ten seconds at
    # least (a lower bound only: how fast is never asserted).
    last = max(
        r.time
        for r in sandbox.calls("copyMessage")
        if r.status_code == 200 and r.params.get("message_id") == sent[-1]
    )
    assert last - started >= (60 - burst) / rate * 0.9
    assert await bot.stop() == 0


async def test_a_burst_of_commands_gets_one_slow_down_and_others_are_still_served(
    sandbox, make_bot, storage
):
    flooder, _their_peer = await seat_pair(
        storage, sandbox, 880_500_000_011, 880_500_000_012, ("Ewen", "Soizic")
    )
    other, other_peer = await seat_pair(
        storage, sandbox, 880_500_000_013, 880_500_000_014, ("Nolwenn", "Tristan")
    )
    burst = 5
    bot = make_bot(limits={"commands_per_second": 0.5, "commands_burst": burst})
    await bot.start()
    for _ in range(40):
        flooder.send_command("/help")
    first_help = (await flooder.wait_for(lambda m: True, timeout=30)).text
    assert first_help != SLOW_DOWN
    # Meanwhile someone else's message is relayed as usual (the bound is only a deadline).
    hello = other.send_text("are you there?")
    copy = await other_peer.wait_for(lambda m: m.copied_from == (other.id, hello), timeout=30)
    assert copy.text == "are you there?"
    # /sos is never refused, even in the middle of a flood.
    flooder.send_command("/sos")
    crisis = T("en", "sos.resources", crisis="").split("\n")[0]
    await flooder.wait_for(lambda m: (m.text or "").startswith(crisis), timeout=30)
    await flooder.wait_for(lambda m: m.text == SLOW_DOWN, timeout=30)

    # Once a token is back, a command works again; its answer comes after everything the
    # burst caused (one chat's routine messages go in order), so the count below is final.
    await asyncio.sleep(2.5)  # a token back at 0.5/s
    flooder.send_command("/help")
    await flooder.wait_for(lambda m: m.text == first_help, count=burst + 1, timeout=30)
    texts = [m.text for m in flooder.received]
    assert texts.count(first_help) == burst + 1, "the commands over the limit were ignored"
    assert texts.count(SLOW_DOWN) == 1
    assert T("en", "errors.internal") not in texts
    assert await bot.stop() == 0
