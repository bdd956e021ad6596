"""Contact details hidden outside the text, end to end: file names, an audio's performer and
title, other apps' accounts and numbers spelled out are held for confirmation like a number in
a text; a message sent through an inline bot is refused; ordinary numbers pass at once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import FakeClock
from tests.support.identity import leaks
from tests.support.relay import add_pair, add_person

pytestmark = pytest.mark.e2e

HELD = "anonymity"


@pytest.fixture
async def duo(sandbox, storage):
    """A seeker and a peer in one conversation, each with a sandbox account."""
    clock = FakeClock(datetime.now(UTC))
    users = []
    async with storage.uow() as uow:
        people = []
        for n, (first, pseudonym, role) in enumerate(
            (("Zéphyrine", "Ondine", "seeker"), ("Octavien", "Basile", "peer"))
        ):
            telegram_id = 880_000_000_301 + n
            user = sandbox.user(telegram_id, first_name=first, language_code="en")
            user.started = True
            users.append(user)
            people.append(
                await add_person(
                    uow,
                    clock,
                    telegram_id,
                    pseudonym,
                    seeker=role == "seeker",
                    peer=role == "peer",
                )
            )
        await add_pair(uow, clock, *people)
        await uow.commit()
    return users[0], users[1]


def copy_of(user_id: int, message_id: int):
    return lambda m: m.copied_from == (user_id, message_id)


async def held(user, message_id: int) -> str:
    """The question asked about a held message (it is answered as a reply to it)."""
    question = await user.wait_for(lambda m: m.reply_to_message_id == message_id)
    assert HELD in question.text, question.text
    return question.text


async def test_file_names_audio_tags_accounts_and_spelled_numbers_are_held(
    sandbox,
    make_bot,
    duo,
):
    seeker_u, peer_u = duo
    bot = make_bot()
    await bot.start()
    document = seeker_u.send_document(file_name="Camille_Martin_0612345678.pdf")
    assert "phone number" in await held(seeker_u, document)
    audio = seeker_u.send_media(
        "audio",
        {"duration": 60, "title": "Demo", "performer": "@camille_martin92", "file_name": "a.mp3"},
        None,
        None,
        None,
    )
    assert "username" in await held(seeker_u, audio)
    texts = [
        "wa.me/33612345678",
        "my insta is camille.martin92",
        "snap: camille92",
        "add me on discord camille#1234",
        "zéro six douze trente-quatre cinquante-six soixante-dix-huit",
        "oh six one two three four five six seven eight",
    ]
    for text in texts:
        await held(seeker_u, seeker_u.send_text(text))
    ordinary = [
        "I slept 6 hours",
        "see you at 10:30",
        "I have 3 kids",
        "it was in 2019",
        "page 12 of the booklet",
        "my insta is full of other people's holidays",
    ]
    sent = [seeker_u.send_text(text) for text in ordinary]
    for message_id in sent:
        await peer_u.wait_for(copy_of(seeker_u.id, message_id))
    copied = [m.copied_from[1] for m in peer_u.received if m.copied_from]
    assert copied == sent, "only the ordinary numbers went on, in order"
    # Confirmed, the document goes like any held message.
    question = next(m for m in seeker_u.received if m.reply_to_message_id == document)
    seeker_u.press(question, button_text="Send anyway")
    await peer_u.wait_for(copy_of(seeker_u.id, document))
    assert await bot.stop() == 0
    assert leaks(sandbox) == []


async def test_a_message_sent_through_an_inline_bot_is_refused(sandbox, make_bot, duo):
    seeker_u, peer_u = duo
    bot = make_bot()
    await bot.start()
    via = seeker_u.send_message(
        {
            "text": "Look at this",
            "via_bot": {"id": 7000001, "is_bot": True, "first_name": "Some", "username": "somebot"},
            "reply_markup": {
                "inline_keyboard": [[{"text": "Open", "url": "https://example.org/u/camille"}]]
            },
        },
        None,
    )
    answer = await seeker_u.wait_for(lambda m: m.reply_to_message_id == via)
    assert "another bot" in answer.text
    after = seeker_u.send_text("sorry, here it is in my words")
    await peer_u.wait_for(copy_of(seeker_u.id, after))
    assert not [m for m in peer_u.received if m.copied_from == (seeker_u.id, via)]
    assert all(m.reply_markup is None for m in peer_u.received if m.copied_from)
    assert await bot.stop() == 0
