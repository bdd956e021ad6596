"""The anonymous relay in the real bot process, over the sandbox Bot API.

Every test in this module ends with the identity check: nothing the bot sent to one person
carries another's Telegram id, first or last name or username, and forwardMessage was never
called. Telegram ids here are twelve digits long, so they cannot turn up by chance inside a date,
a message id or a button's signature.
"""

from __future__ import annotations

import httpx
import pytest

from bot.domain.pairs import ENDED, PAUSED
from bot.sandbox import Fault
from tests.support.e2e_harness import TOKEN
from tests.support.e2e_relay import pair_up, seat
from tests.support.identity import leaks as _leaks

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def identity_guard(request, sandbox):
    """After each test: no identity of one person in anything the bot sent to another."""
    yield
    if "leak_control" not in request.fixturenames:
        assert _leaks(sandbox) == []


@pytest.fixture
def leak_control():
    """Requested by the one test that leaks on purpose, to prove the check sees leaks."""


# ---- set-up ------------------------------------------------------------------------------------


async def load_pair(storage, pair):
    async with storage.uow() as uow:
        return await uow.pairs.get(pair.id)


@pytest.fixture
async def duo(sandbox, storage):
    seeker_u, seeker = await seat(
        storage,
        sandbox,
        880000000101,
        "Zéphyrine",
        "Ondine",
        role="seeker",
        last_name="Kerbrat",
        username="zephyrine_k",
    )
    peer_u, peer = await seat(
        storage,
        sandbox,
        880000000102,
        "Octavien",
        "Basile",
        role="peer",
        last_name="Lozach",
        username="octavien_l",
    )
    [pair] = await pair_up(storage, (seeker, peer))
    return seeker_u, peer_u, pair


def copy_of(user_id, message_id):
    return lambda m: m.copied_from == (user_id, message_id)


# ---- one conversation ----------------------------------------------------------------------------


async def test_every_relayed_kind_arrives_as_a_copy(sandbox, make_bot, duo):
    seeker_u, peer_u, _pair = duo
    bot = make_bot()
    await bot.start()
    sent = [
        seeker_u.send_text("Bonjour, merci d'être là"),
        seeker_u.send_photo(caption="my *garden*"),
        seeker_u.send_video(caption="a walk"),
        seeker_u.send_animation(),
        seeker_u.send_voice(),
        seeker_u.send_video_note(),
        seeker_u.send_audio(caption="this song"),
        seeker_u.send_document(caption="my notes"),
        seeker_u.send_sticker(),
    ]
    kinds = ["text", "photo", "video", "animation", "voice", "video_note", "audio", "document"]
    for message_id, kind in zip(sent, [*kinds, "sticker"], strict=True):
        copy = await peer_u.wait_for(copy_of(seeker_u.id, message_id))
        assert copy.method == "copyMessage" and copy.kind == kind
    photo = await peer_u.wait_for(copy_of(seeker_u.id, sent[1]))
    assert photo.caption == "my *garden*"
    # And the other way round.
    back = peer_u.send_text("Je vous lis, prenez votre temps")
    copy = await seeker_u.wait_for(copy_of(peer_u.id, back))
    assert copy.text == "Je vous lis, prenez votre temps"
    assert await bot.stop() == 0


async def test_replies_thread_both_ways_and_edits_change_the_copy(sandbox, make_bot, duo):
    seeker_u, peer_u, _pair = duo
    bot = make_bot()
    await bot.start()
    first = seeker_u.send_text("I had a rough week")
    copy = await peer_u.wait_for(copy_of(seeker_u.id, first))
    answer = peer_u.send_text("I'm sorry. What happened?", reply_to=copy.message_id)
    threaded = await seeker_u.wait_for(copy_of(peer_u.id, answer))
    assert threaded.reply_to_message_id == first
    again = seeker_u.send_text("Work, mostly", reply_to=threaded.message_id)
    back = await peer_u.wait_for(copy_of(seeker_u.id, again))
    assert back.reply_to_message_id == answer
    # Edits of a text and of a caption reach the copies.
    seeker_u.edit(first, "I had a really rough week")
    await peer_u.wait_for(
        lambda m: m.message_id == copy.message_id and m.text == "I had a really rough week"
    )
    photo = seeker_u.send_photo(caption="before")
    photo_copy = await peer_u.wait_for(copy_of(seeker_u.id, photo))
    seeker_u.edit(photo, "after")
    await peer_u.wait_for(lambda m: m.message_id == photo_copy.message_id and m.caption == "after")
    assert await bot.stop() == 0


async def test_refused_kinds_are_explained_and_never_reach_the_other_side(sandbox, make_bot, duo):
    seeker_u, peer_u, _pair = duo
    bot = make_bot()
    await bot.start()
    refused = {
        seeker_u.send_contact(): "shows who someone is",
        seeker_u.send_location(): "shows where you are",
        seeker_u.send_venue(): "can show where you are",
        seeker_u.send_poll(): "Polls",
        seeker_u.send_dice(): "Dice",
    }
    for message_id, reason in refused.items():
        answer = await seeker_u.wait_for(lambda m, i=message_id: m.reply_to_message_id == i)
        assert reason in answer.text
    marker = seeker_u.send_text("still here")
    await peer_u.wait_for(copy_of(seeker_u.id, marker))
    assert [m.copied_from for m in peer_u.received if m.copied_from] == [(seeker_u.id, marker)]
    assert await bot.stop() == 0


async def test_contact_details_are_held_until_confirmed_and_dropped_on_cancel(
    sandbox, make_bot, duo
):
    seeker_u, peer_u, _pair = duo
    bot = make_bot()
    await bot.start()
    number = seeker_u.send_text("you can call me on 06 12 34 56 78")
    question = await seeker_u.wait_for(lambda m: m.reply_to_message_id == number)
    assert "phone number" in question.text and "anonymity" in question.text
    handle = seeker_u.send_text("or find me as @somebody_else")
    second = await seeker_u.wait_for(lambda m: m.reply_to_message_id == handle)
    assert "username" in second.text
    seeker_u.press(second, button_text="Don't send")
    await seeker_u.wait_for(lambda m: m.message_id == second.message_id and not m.buttons())
    seeker_u.press(question, button_text="Send anyway")
    await peer_u.wait_for(copy_of(seeker_u.id, number))
    await seeker_u.wait_for(lambda m: m.message_id == question.message_id and m.text == "Sent.")
    marker = seeker_u.send_text("thank you")
    await peer_u.wait_for(copy_of(seeker_u.id, marker))
    assert [m.copied_from[1] for m in peer_u.received if m.copied_from] == [number, marker]
    assert await bot.stop() == 0


# ---- a peer with three seekers -------------------------------------------------------------


async def test_a_peer_with_three_seekers_never_misroutes(sandbox, make_bot, storage):
    peer_u, peer = await seat(storage, sandbox, 880000000200, "Octavien", "Basile", role="peer")
    seekers = []
    for n, (first, name) in enumerate(
        (("Anatole", "Alpha"), ("Bérénice", "Bravo"), ("Côme", "Cosmo"))
    ):
        seekers.append(await seat(storage, sandbox, 880000000201 + n, first, name, role="seeker"))
    pairs = await pair_up(storage, *((s, peer) for _u, s in seekers))
    (alpha_u, _a), (bravo_u, _b), (cosmo_u, _c) = seekers
    bot = make_bot()
    await bot.start()

    # What each seeker writes arrives labelled with their pseudonym.
    from_bravo = bravo_u.send_text("Are you there?")
    labelled = await peer_u.wait_for(lambda m: m.text == "💬 Bravo\nAre you there?")
    assert labelled.entities[0]["type"] == "bold"
    # A reply goes to the conversation it replies to.
    reply = peer_u.send_text("Yes, I'm here", reply_to=labelled.message_id)
    got = await bravo_u.wait_for(copy_of(peer_u.id, reply))
    assert got.reply_to_message_id == from_bravo

    # No reply, no focus: held until the peer says where it goes.
    held = peer_u.send_text("How are you all doing?")
    chooser = await peer_u.wait_for(lambda m: m.reply_to_message_id == held and m.buttons())
    assert [text for text, _ in chooser.buttons()] == [
        f"{name} · {pair.code}"
        for name, pair in zip(("Alpha", "Bravo", "Cosmo"), pairs, strict=True)
    ]
    peer_u.press(chooser, button_text=f"Cosmo · {pairs[2].code}")
    await cosmo_u.wait_for(copy_of(peer_u.id, held))
    # Cosmo is now in focus.
    focused = peer_u.send_text("Take your time, Cosmo")
    await cosmo_u.wait_for(copy_of(peer_u.id, focused))

    # /with moves the focus by pseudonym (any case) or pair code.
    peer_u.send_command("/with", "alpha")
    await peer_u.wait_for(lambda m: "now go to Alpha" in m.content)
    to_alpha = peer_u.send_text("Hello Alpha")
    await alpha_u.wait_for(copy_of(peer_u.id, to_alpha))
    peer_u.send_command("/with", pairs[1].code.lower())
    await peer_u.wait_for(lambda m: "now go to Bravo" in m.content)
    to_bravo = peer_u.send_text("Back to you")
    await bravo_u.wait_for(copy_of(peer_u.id, to_bravo))
    # /with alone lists the conversations with a button each.
    peer_u.send_command("/with")
    listing = await peer_u.wait_for(lambda m: "Your messages go to Bravo" in m.content)
    assert len(listing.buttons()) == 3

    expected = {
        alpha_u.id: [to_alpha],
        bravo_u.id: [reply, to_bravo],
        cosmo_u.id: [held, focused],
    }
    for user in (alpha_u, bravo_u, cosmo_u):
        assert [m.copied_from[1] for m in user.received if m.copied_from] == expected[user.id]
    assert await bot.stop() == 0


# ---- the life of a pair --------------------------------------------------------------------------


async def test_pause_and_resume_tell_both_and_nothing_passes_meanwhile(
    sandbox, make_bot, storage, duo
):
    seeker_u, peer_u, pair = duo
    bot = make_bot()
    await bot.start()
    seeker_u.send_command("/pause")
    await seeker_u.wait_for("is paused")
    await peer_u.wait_for("Ondine has paused the conversation")
    assert (await load_pair(storage, pair)).status == PAUSED
    blocked = peer_u.send_text("Are you okay?")
    notice = await peer_u.wait_for(lambda m: m.reply_to_message_id == blocked)
    assert "was not passed on" in notice.text
    seeker_u.send_command("/resume")
    await seeker_u.wait_for("continues")
    await peer_u.wait_for("Ondine has resumed")
    after = peer_u.send_text("Welcome back")
    await seeker_u.wait_for(copy_of(peer_u.id, after))
    assert not [m for m in seeker_u.received if m.copied_from == (peer_u.id, blocked)]
    assert await bot.stop() == 0


async def test_end_asks_for_an_optional_rating_and_comment_and_offers_a_new_peer(
    sandbox, make_bot, storage, duo
):
    seeker_u, peer_u, pair = duo
    bot = make_bot()
    await bot.start()
    seeker_u.send_command("/end")
    confirm = await seeker_u.wait_for(lambda m: "end your conversation with Basile" in m.content)
    seeker_u.press(confirm, button_text="Yes, end it")
    ended = await seeker_u.wait_for(lambda m: "has ended" in m.content and m.buttons())
    await peer_u.wait_for("Ondine has ended the conversation")
    seeker_u.press(ended, button_text="4")
    await seeker_u.wait_for("add a few words")
    seeker_u.send_text("It helped me a lot")
    await seeker_u.wait_for("Thank you. This helps")
    offer = await seeker_u.wait_for(lambda m: "another peer" in m.content and m.buttons())
    seeker_u.press(offer, button_text="Not now")
    await seeker_u.wait_for("/newpeer")
    done = await load_pair(storage, pair)
    assert (done.status, done.end_reason) == (ENDED, "seeker")
    assert (done.seeker_rating, done.seeker_comment) == (4, "It helped me a lot")
    # After the end nothing is relayed any more: the ordinary answer comes back instead.
    late = peer_u.send_text("one more thing")
    answer = await peer_u.wait_for(lambda m: m.reply_to_message_id == late)
    assert "not in a conversation" in answer.text
    assert await bot.stop() == 0


async def test_newpeer_ends_the_pair_and_asks_matching_for_someone_else(
    sandbox, make_bot, storage, duo
):
    seeker_u, peer_u, pair = duo
    bot = make_bot()
    await bot.start()
    seeker_u.send_command("/newpeer")
    confirm = await seeker_u.wait_for(lambda m: "matched with someone else" in m.content)
    seeker_u.press(confirm, button_text="Yes, someone else")
    await seeker_u.wait_for("looking for someone else")
    await peer_u.wait_for("Ondine has ended the conversation")
    done = await load_pair(storage, pair)
    assert (done.status, done.end_reason) == (ENDED, "seeker")
    seeker = await _person_of(storage, seeker_u)
    assert seeker.seeker_state in ("waiting", "offered")
    assert await bot.stop() == 0


async def test_report_reaches_coordinators_and_block_ends_for_good(sandbox, make_bot, storage, duo):
    seeker_u, peer_u, pair = duo
    coord_u, _coord = await seat(
        storage, sandbox, 880000000999, "Clémence", "Coord", role="coordinator"
    )
    bot = make_bot(coordinators=(coord_u.id,))
    await bot.start()
    seeker_u.send_command("/report", "made remarks", "I did not like")
    await seeker_u.wait_for("Thank you for telling us")
    alert = await coord_u.wait_for(lambda m: m.buttons() and "report" in m.content)
    assert "made remarks" not in alert.content  # the reason goes to whoever claims it
    # The conversation goes on after a report.
    still = seeker_u.send_text("still talking")
    await peer_u.wait_for(copy_of(seeker_u.id, still))
    peer_u.send_command("/block")
    confirm = await peer_u.wait_for(lambda m: "Block Ondine" in m.content)
    peer_u.press(confirm, button_text="Yes, block")
    await peer_u.wait_for("won't be matched together again")
    told = await seeker_u.wait_for("Basile has ended the conversation")
    assert "block" not in told.text.lower()
    await coord_u.wait_for(lambda m: pair.code in m.content and "blocked" in m.content)
    done = await load_pair(storage, pair)
    assert (done.status, done.end_reason) == (ENDED, "blocked")
    assert await bot.stop() == 0


async def test_an_unreachable_partner_pauses_the_pair_and_everyone_is_told(
    sandbox, make_bot, storage, duo
):
    seeker_u, peer_u, pair = duo
    coord_u, _coord = await seat(
        storage, sandbox, 880000000998, "Clémence", "Coord", role="coordinator"
    )
    bot = make_bot(coordinators=(coord_u.id,), extra="[scheduling]\ntick_seconds = 0.5\n")
    await bot.start()
    sandbox.add_fault(Fault("403", chat_id=peer_u.id))
    seeker_u.send_text("hello?")
    await seeker_u.wait_for("Basile can't be reached right now", timeout=15)
    alert = await coord_u.wait_for(lambda m: pair.code in m.content, timeout=15)
    assert "can't be reached" in alert.text
    paused = await load_pair(storage, pair)
    assert paused.status == PAUSED
    assert await bot.stop() == 0


async def _person_of(storage, user):
    async with storage.uow() as uow:
        return await uow.people.by_telegram_id(user.id)


async def test_the_identity_check_sees_a_leak_and_a_forward(sandbox, duo, leak_control):
    """Control: the check run after every test here is not vacuous."""
    seeker_u, peer_u, _pair = duo
    original = seeker_u.send_text("hello")
    async with httpx.AsyncClient(base_url=f"{sandbox.base_url}{TOKEN}/") as client:
        named = {"chat_id": peer_u.id, "text": f"from {seeker_u.first_name}"}
        assert (await client.post("sendMessage", json=named)).status_code == 200
        forward = {"chat_id": peer_u.id, "from_chat_id": seeker_u.id, "message_id": original}
        assert (await client.post("forwardMessage", json=forward)).status_code == 200
    found = _leaks(sandbox)
    assert any("forwardMessage" in f for f in found)
    assert any(repr(seeker_u.first_name) in f for f in found)
    # The forward header alone carries the sender's id and username.
    assert any(str(seeker_u.id) in f for f in found)
    assert any(repr(seeker_u.username) in f for f in found)
