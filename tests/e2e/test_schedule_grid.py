"""/schedule end to end: a seeker in a half-hour zone proposes, the peer in Paris reads a time
on the hour; nothing in it gives the seeker's UTC offset away."""

from __future__ import annotations

import re

import pytest

from tests.support.factories import add_pair, add_person
from tests.support.identity import leaks

pytestmark = pytest.mark.e2e
WHEN = re.compile(r"at (\d\d):(\d\d) \(your time\)")


@pytest.mark.parametrize(("zone", "minutes"), [("Asia/Kolkata", "30"), ("Asia/Kathmandu", "45")])
async def test_the_peer_reads_the_proposal_on_the_hour(sandbox, make_bot, storage, zone, minutes):
    users = []
    async with storage.uow() as uow:
        people = []
        for n, (first, pseudonym, place) in enumerate(
            (("Anaïs", "Colibri", zone), ("Bertrand", "Héron", "Europe/Paris"))
        ):
            telegram_id = 880_000_000_401 + n
            user = sandbox.user(telegram_id, first_name=first, language_code="en")
            user.started = True
            users.append(user)
            people.append(
                await add_person(
                    uow,
                    telegram_id,
                    pseudonym,
                    timezone=place,
                    seeker=n == 0,
                    peer=n == 1,
                )
            )
        await add_pair(uow, *people)
        await uow.commit()
    seeker_u, peer_u = users
    bot = make_bot()
    await bot.start()
    seeker_u.send_command("/schedule")
    days = await seeker_u.wait_for("Which day")
    seeker_u.press(days, button_text=days.buttons()[-1][0])  # a day ahead: every slot is open
    times = await seeker_u.wait_for("At what time?")
    labels = [text for text, _data in times.buttons()]
    assert labels and all(label.endswith(f":{minutes}") for label in labels), labels
    seeker_u.press(times, button_text=labels[0])
    await seeker_u.wait_for("Proposed")
    proposal = await peer_u.wait_for("proposes to talk")
    found = WHEN.search(proposal.text)
    assert found is not None and found.group(2) == "00", proposal.text
    assert await bot.stop() == 0
    assert leaks(sandbox) == []
