"""Matching in the real bot process: offers reach peers, their answers and silence count, and
both sides are introduced by pseudonym only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.profiles import PeerProfile, SeekerProfile
from tests.support.factories import add_person

pytestmark = pytest.mark.e2e
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


async def add_peer(storage, user, pseudonym, topics, *, capacity=1, away=False):
    async with storage.uow() as uow:
        peer = await add_person(uow, user.id, pseudonym, peer=True, capacity=capacity)
        peer.peer_away = away
        peer.peer_profile = PeerProfile(experiences=list(topics), languages=["en"])
        await uow.people.save(peer)
        await uow.commit()
    return peer


async def add_waiting_seeker(storage, user, pseudonym, topics):
    async with storage.uow() as uow:
        seeker = await add_person(uow, user.id, pseudonym, seeker=True)
        seeker.seeker_profile = SeekerProfile(experiences=list(topics), languages=["en"])
        await uow.people.save(seeker)
        await uow.commit()
    return seeker


def is_offer(pseudonym):
    return lambda m: pseudonym in m.content and any(text == "Accept" for text, _ in m.buttons())


async def test_a_peer_back_from_away_accepts_and_both_are_introduced(sandbox, make_bot, storage):
    peer_u = sandbox.user(9201, first_name="Marguerite", last_name="Duval", language_code="en")
    seeker_u = sandbox.user(9202, first_name="Bastien", username="bastien_r", language_code="en")
    for user in (peer_u, seeker_u):
        user.started = True
    await add_peer(storage, peer_u, "Alex", ["burnout"], away=True)
    await add_waiting_seeker(storage, seeker_u, "Robin", ["burnout", "grief"])
    bot = make_bot()
    await bot.start()

    peer_u.send_command("/back")
    await peer_u.wait_for("Welcome back")
    offer = await peer_u.wait_for(is_offer("Robin"))
    assert "Burnout" in offer.text and "English" in offer.text
    peer_u.press(offer, button_text="Accept")

    intro = await seeker_u.wait_for("Alex")
    assert "write here" in intro.text
    await peer_u.wait_for("paired with Robin")
    edited = await peer_u.wait_for(lambda m: m.message_id == offer.message_id and not m.buttons())
    assert "You accepted" in edited.text
    # Neither side ever sees the other's name, username or Telegram id.
    for user, other in ((seeker_u, peer_u), (peer_u, seeker_u)):
        for message in user.received:
            for secret in (other.first_name, other.last_name, other.username, str(other.id)):
                assert not secret or secret not in message.content
    assert await bot.stop() == 0


async def test_a_declined_then_unanswered_offer_goes_on_to_the_next_peer(
    sandbox, make_bot, storage, clock, clock_file
):
    clock.set(T0)
    clock_file(T0)
    first_u, second_u, third_u, seeker_u = (
        sandbox.user(9210 + n, first_name=f"U{n}", language_code="en") for n in range(4)
    )
    for user in (first_u, second_u, third_u, seeker_u):
        user.started = True
    # Scores decide the order: three, two, then one shared topic.
    await add_peer(storage, first_u, "Alex", ["burnout", "grief", "isolation"])
    await add_peer(storage, second_u, "Sam", ["burnout", "grief"])
    await add_peer(storage, third_u, "Kim", ["burnout"])
    await add_waiting_seeker(storage, seeker_u, "Robin", ["burnout", "grief", "isolation"])
    # The offers sweep gives waiting seekers a look on every tick.
    bot = make_bot(
        env={"ENTRAIDE_CLOCK_FILE": str(clock_file.path)},
        extra="[scheduling]\ntick_seconds = 0.3\n",
    )
    await bot.start()

    first_offer = await first_u.wait_for(is_offer("Robin"))
    first_u.press(first_offer, button_text="Decline")
    await first_u.wait_for(lambda m: "You declined" in (m.text or ""))
    await second_u.wait_for(is_offer("Robin"))

    clock_file(T0 + timedelta(minutes=61))
    await second_u.wait_for("has expired")
    third_offer = await third_u.wait_for(is_offer("Robin"))
    third_u.press(third_offer, button_text="Accept")
    await seeker_u.wait_for("Kim")
    # Nobody was left out, so the seeker never heard "you are in the queue".
    assert not any("queue" in m.content for m in seeker_u.received)
    assert await bot.stop() == 0


async def test_peer_commands_belong_to_peers(sandbox, make_bot, storage):
    peer_u = sandbox.user(9220, first_name="Pia", language_code="en")
    seeker_u = sandbox.user(9221, first_name="Sol", language_code="en")
    await add_peer(storage, peer_u, "Alex", ["burnout"], capacity=2)
    bot = make_bot()
    await bot.start()

    seeker_u.send_command("/away")
    await seeker_u.wait_for("I don't know that command")
    peer_u.send_command("/capacity", "9")
    await peer_u.wait_for("from 1 to 5")
    peer_u.send_command("/capacity", "3")
    await peer_u.wait_for("up to 3 people")
    peer_u.send_command("/away")
    await peer_u.wait_for("You are now away")
    assert await bot.stop() == 0
