"""The relay service on real storage (SQLite and Postgres): copies, labels, threads, edits,
refusals, holds and the choice of conversation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.domain.pairs import PAUSED
from bot.domain.relay import MAX_TEXT, utf16_len
from bot.services.escalations import screening as risk
from bot.services.relay import routing as relay
from bot.storage.orm import HeldMessageRow, MessageLinkRow
from tests.support.context import make_ctx
from tests.support.relay import (
    Outbox,
    add_pair,
    add_person,
    reload,
    reload_pair,
    sender,
    text_message,
)


@pytest.fixture
def ctx(clock):
    return make_ctx(clock)


@pytest.fixture
async def duo(storage, clock):
    """One seeker and one peer in one conversation."""
    async with storage.uow() as uow:
        seeker = await add_person(uow, clock, 91001, "Ondine", seeker=True)
        peer = await add_person(uow, clock, 91002, "Basile", peer=True, language="fr")
        pair = await add_pair(uow, clock, seeker, peer)
        await uow.commit()
    return seeker, peer, pair


@pytest.fixture
async def three(storage, clock):
    """A peer with three seekers."""
    async with storage.uow() as uow:
        peer = await add_person(uow, clock, 92000, "Basile", peer=True)
        seekers, pairs = [], []
        for n, name in enumerate(("Ondine", "Pervenche", "Quentin")):
            seeker = await add_person(uow, clock, 92001 + n, name, seeker=True)
            seekers.append(seeker)
            pairs.append(await add_pair(uow, clock, seeker, peer))
        await uow.commit()
    return peer, seekers, pairs


async def run(storage, fn, *args, **kw):
    async with storage.uow() as uow:
        result = await fn(uow, *args, **kw)
        await uow.commit()
    return result


async def press(storage, ctx, person, data, fn, **kw):
    """Decodes a button as the router does, then runs its service with the args."""
    decoded = ctx.buttons.decode(person.id, data)
    assert decoded is not None
    return await run(storage, fn, ctx, sender(await reload(storage, person)), *decoded[1], **kw)


async def test_a_text_to_the_only_conversation_is_copied_and_linked(storage, clock, ctx, duo):
    seeker, peer, pair = duo
    out = Outbox(storage)
    took = await run(storage, relay.on_message, ctx, sender(seeker), text_message(5, "bonjour"))
    assert took
    [copy] = await out.new()
    assert copy.person_id == peer.id and copy.method == "copyMessage"
    assert copy.params == {"from_chat_id": seeker.telegram_id, "message_id": 5}
    assert copy.ref_kind == "link"
    async with storage.uow() as uow:
        link = await uow.session.get(MessageLinkRow, copy.ref_id)
    assert (link.pair_id, link.sender_message_id, link.recipient_id) == (pair.id, 5, peer.id)
    assert (await reload_pair(storage, pair)).last_activity_at == clock.now()


async def test_someone_without_a_conversation_is_not_the_relays(storage, clock, ctx):
    async with storage.uow() as uow:
        lonely = await add_person(uow, clock, 91009, "Seule")
        await uow.commit()
    assert not await run(storage, relay.on_message, ctx, sender(lonely), text_message(1, "hi"))


async def test_an_unknown_command_is_left_to_the_default_answer(storage, ctx, duo):
    seeker, _peer, _pair = duo
    command = text_message(3, "/nope", entities=[{"type": "bot_command", "offset": 0, "length": 5}])
    assert not await run(storage, relay.on_message, ctx, sender(seeker), command)


@pytest.mark.parametrize(
    ("field", "key"),
    [
        ("contact", "shows who someone is"),
        ("location", "shows where you are"),
        ("venue", "can show where you are"),
        ("poll", "Polls can't"),
        ("game", "Games can't"),
        ("dice", "Dice"),
        ("story", "This kind of message"),
    ],
)
async def test_refused_kinds_are_explained_and_not_copied(storage, ctx, duo, field, key):
    seeker, _peer, _pair = duo
    out = Outbox(storage)
    message = {"message_id": 8, "date": 0, field: {"x": 1}}
    assert await run(storage, relay.on_message, ctx, sender(seeker), message)
    [answer] = await out.new()
    assert answer.person_id == seeker.id and answer.method == "sendMessage"
    assert key in answer.text
    assert answer.params["reply_parameters"]["message_id"] == 8


async def test_replies_thread_in_both_directions(storage, ctx, duo):
    seeker, peer, _pair = duo
    out = Outbox(storage)
    await run(storage, relay.on_message, ctx, sender(seeker), text_message(5, "first"))
    delivered = await out.deliver(await out.new())
    copy_id = next(iter(delivered.values()))
    # The peer replies to the copy: the seeker's copy replies to the original.
    await run(
        storage, relay.on_message, ctx, sender(peer), text_message(40, "re", reply_to=copy_id)
    )
    [back] = await out.new()
    assert back.person_id == seeker.id
    assert back.params["reply_parameters"] == {"message_id": 5, "allow_sending_without_reply": True}
    back_id = next(iter((await out.deliver([back])).values()))
    # The seeker replies to the peer's copy: it threads onto the peer's original.
    await run(
        storage, relay.on_message, ctx, sender(seeker), text_message(6, "ok", reply_to=back_id)
    )
    [again] = await out.new()
    assert again.person_id == peer.id and again.params["reply_parameters"]["message_id"] == 40


async def test_an_edit_changes_the_copy(storage, ctx, duo):
    seeker, peer, _pair = duo
    out = Outbox(storage)
    await run(storage, relay.on_message, ctx, sender(seeker), text_message(5, "helo"))
    copy_id = next(iter((await out.deliver(await out.new())).values()))
    edited = text_message(5, "hello *you*", entities=[{"type": "bold", "offset": 6, "length": 5}])
    assert await run(storage, relay.on_edit, ctx, sender(seeker), edited)
    [edit] = await out.new()
    assert edit.person_id == peer.id and edit.method == "editMessageText"
    assert edit.params["message_id"] == copy_id and edit.params["text"] == "hello *you*"
    assert edit.params["entities"] == [{"type": "bold", "offset": 6, "length": 5}]


async def test_a_caption_edit_changes_the_copys_caption(storage, ctx, duo):
    seeker, _peer, _pair = duo
    out = Outbox(storage)
    photo = {"message_id": 7, "date": 0, "photo": [{"file_id": "f"}], "caption": "old"}
    await run(storage, relay.on_message, ctx, sender(seeker), photo)
    copy_id = next(iter((await out.deliver(await out.new())).values()))
    await run(storage, relay.on_edit, ctx, sender(seeker), {**photo, "caption": "new"})
    [edit] = await out.new()
    assert edit.method == "editMessageCaption"
    assert edit.params == {"message_id": copy_id, "caption": "new"}


async def test_an_edit_of_a_message_never_relayed_is_not_the_relays(storage, ctx, duo):
    seeker, _peer, _pair = duo
    assert not await run(storage, relay.on_edit, ctx, sender(seeker), text_message(99, "x"))


async def test_contact_details_are_held_sealed_until_confirmed(storage, ctx, duo):
    seeker, peer, _pair = duo
    out = Outbox(storage)
    secret = "my number is 06 12 34 56 78"
    await run(storage, relay.on_message, ctx, sender(seeker), text_message(9, secret))
    [question] = await out.new()
    assert question.person_id == seeker.id and "phone number" in question.text
    send_data, drop_data = question.button_data()
    async with storage.uow() as uow:
        row = (await uow.session.execute(select(HeldMessageRow))).scalar_one()
    assert row.reason == "contact" and secret.encode() not in (row.message or b"")
    await press(storage, ctx, seeker, send_data, relay.answer_contact, send=True, prompt_id=77)
    sent = await out.new()
    assert [s.method for s in sent] == ["copyMessage", "editMessageText"]
    assert sent[0].person_id == peer.id and sent[0].params["message_id"] == 9
    assert sent[1].params == {"message_id": 77, "text": "Sent."}
    # The other button of the same question is now stale.
    await press(storage, ctx, seeker, drop_data, relay.answer_contact, send=False, prompt_id=77)
    [stale] = await out.new()
    assert stale.person_id == seeker.id and "already been answered" in stale.text


async def test_contact_details_dropped_on_cancel_never_reach_the_other_side(storage, ctx, duo):
    seeker, _peer, _pair = duo
    out = Outbox(storage)
    await run(storage, relay.on_message, ctx, sender(seeker), text_message(9, "@zeph_real"))
    [question] = await out.new()
    await press(
        storage,
        ctx,
        seeker,
        question.button_data()[1],
        relay.answer_contact,
        send=False,
        prompt_id=None,
    )
    sent = await out.new()
    assert [s.person_id for s in sent] == [seeker.id]
    assert "Nothing was passed on" in sent[0].text
    async with storage.uow() as uow:
        assert (await uow.session.execute(select(HeldMessageRow))).first() is None


async def test_a_paused_conversation_passes_nothing_and_says_so(storage, ctx, duo):
    seeker, peer, pair = duo
    out = Outbox(storage)
    async with storage.uow() as uow:
        pair.status, pair.paused_by = PAUSED, peer.id
        await uow.pairs.save(pair)
        await uow.commit()
    await run(storage, relay.on_message, ctx, sender(seeker), text_message(4, "are you there"))
    [notice] = await out.new()
    assert notice.person_id == seeker.id and "Basile has paused" in notice.text


async def test_risky_seeker_words_still_go_and_the_peer_hears_coordinators_know(
    storage, ctx, duo, monkeypatch
):
    seeker, peer, _pair = duo
    screened = []

    async def flag(uow, ctx, who, pair, text):
        screened.append((who.id, text))
        return True

    monkeypatch.setattr(risk, "screen_relayed", flag)
    out = Outbox(storage)
    await run(storage, relay.on_message, ctx, sender(seeker), text_message(5, "je n'en peux plus"))
    copy, notice = await out.new()
    assert copy.method == "copyMessage" and notice.person_id == peer.id
    assert "coordinateur" in notice.text  # the peer reads French
    # A peer's words are screened too: a peer can be in distress as well.
    await run(storage, relay.on_message, ctx, sender(peer), text_message(6, "je suis là"))
    assert screened == [(seeker.id, "je n'en peux plus"), (peer.id, "je suis là")]


# ---- several conversations -------------------------------------------------------------------


async def test_with_several_conversations_copies_are_labelled(storage, ctx, three):
    _peer, (ondine, _p, _q), _pairs = three
    out = Outbox(storage)
    bold = [{"type": "bold", "offset": 0, "length": 2}]
    await run(
        storage, relay.on_message, ctx, sender(ondine), text_message(5, "😀 hi", entities=bold)
    )
    [labelled] = await out.new()
    assert labelled.method == "sendMessage" and labelled.ref_kind == "link"
    assert labelled.params["text"] == "💬 Ondine\n😀 hi"
    assert labelled.params["entities"][1] == {
        "type": "bold",
        "offset": utf16_len("💬 Ondine\n"),
        "length": 2,
    }
    photo = {"message_id": 6, "date": 0, "photo": [{"file_id": "f"}], "caption": "look"}
    await run(storage, relay.on_message, ctx, sender(ondine), photo)
    [copy] = await out.new()
    assert copy.method == "copyMessage" and copy.params["caption"] == "💬 Ondine\nlook"
    sticker = {"message_id": 7, "date": 0, "sticker": {"file_id": "s"}}
    await run(storage, relay.on_message, ctx, sender(ondine), sticker)
    label, sticker_copy = await out.new()
    assert label.params["text"] == "💬 Ondine" and label.ref_kind is None
    assert sticker_copy.method == "copyMessage" and sticker_copy.ref_kind == "link"


async def test_a_long_labelled_text_is_cut_never_truncated(storage, ctx, three):
    _peer, (ondine, _p, _q), _pairs = three
    out = Outbox(storage)
    text = "mot " * 2000
    await run(storage, relay.on_message, ctx, sender(ondine), text_message(5, text))
    pieces = await out.new()
    assert len(pieces) == 2
    assert all(utf16_len(p.params["text"]) <= MAX_TEXT for p in pieces)
    assert "".join(p.params["text"].removeprefix("💬 Ondine\n") for p in pieces) == text


async def test_the_peer_is_asked_where_a_message_goes_and_it_waits_for_the_answer(
    storage, ctx, three
):
    peer, seekers, pairs = three
    out = Outbox(storage)
    await run(storage, relay.on_message, ctx, sender(peer), text_message(50, "first"))
    await run(storage, relay.on_message, ctx, sender(peer), text_message(51, "second"))
    asked = await out.new()
    assert [a.person_id for a in asked] == [peer.id, peer.id]
    assert "2 messages are waiting" in asked[1].text
    choices = asked[1].button_data()
    assert len(choices) == 3
    # The press sends both, in order, to the chosen one only, and puts it in focus.
    await press(storage, ctx, peer, choices[1], relay.choose, prompt_id=None)
    sent = await out.new()
    copies = [s for s in sent if s.ref_kind == "link"]
    assert [(c.person_id, c.method) for c in copies] == [(seekers[1].id, "copyMessage")] * 2
    assert [c.params["message_id"] for c in copies] == [50, 51]
    assert (await reload(storage, peer)).focus_pair_id == pairs[1].id
    # The next message goes straight to the conversation in focus.
    fresh = await reload(storage, peer)
    await run(storage, relay.on_message, ctx, sender(fresh), text_message(52, "third"))
    [third] = await out.new()
    assert third.person_id == seekers[1].id


async def test_a_reply_goes_to_its_conversation_whatever_the_focus(storage, ctx, three):
    peer, seekers, pairs = three
    out = Outbox(storage)
    await run(storage, relay.on_message, ctx, sender(seekers[2]), text_message(5, "hello"))
    copy_id = next(iter((await out.deliver(await out.new())).values()))
    async with storage.uow() as uow:
        fresh = await uow.people.get(peer.id)
        fresh.focus_pair_id = pairs[0].id
        await uow.people.save(fresh)
        await uow.commit()
    await run(
        storage, relay.on_message, ctx, sender(peer), text_message(60, "hi!", reply_to=copy_id)
    )
    [reply] = await out.new()
    assert reply.person_id == seekers[2].id
    assert reply.params["reply_parameters"]["message_id"] == 5


async def test_holding_survives_and_held_messages_are_sealed(storage, ctx, three):
    peer, _seekers, _pairs = three
    await run(storage, relay.on_message, ctx, sender(peer), text_message(50, "très personnel"))
    async with storage.uow() as uow:
        row = (await uow.session.execute(select(HeldMessageRow))).scalar_one()
    assert row.reason == "choose" and "très personnel".encode() not in (row.message or b"")


async def test_an_edit_of_a_labelled_copy_keeps_its_label(storage, ctx, three):
    _peer, (ondine, _p, _q), _pairs = three
    out = Outbox(storage)
    await run(storage, relay.on_message, ctx, sender(ondine), text_message(5, "helo"))
    copy_id = next(iter((await out.deliver(await out.new())).values()))
    await run(storage, relay.on_edit, ctx, sender(ondine), text_message(5, "hello"))
    [edit] = await out.new()
    assert edit.method == "editMessageText"
    assert edit.params["message_id"] == copy_id and edit.params["text"] == "💬 Ondine\nhello"


async def test_an_edit_that_grows_past_the_limit_sends_the_rest_and_one_that_shrinks_deletes(
    storage, ctx, three
):
    _peer, (ondine, _p, _q), _pairs = three
    out = Outbox(storage)
    await run(storage, relay.on_message, ctx, sender(ondine), text_message(5, "short"))
    await out.deliver(await out.new())
    long_text = "mot " * 2000
    await run(storage, relay.on_edit, ctx, sender(ondine), text_message(5, long_text))
    grown = await out.new()
    assert [g.method for g in grown] == ["editMessageText", "sendMessage"]
    assert grown[1].ref_kind == "link"
    await out.deliver(grown)
    await run(storage, relay.on_edit, ctx, sender(ondine), text_message(5, "short again"))
    shrunk = await out.new()
    assert [s.method for s in shrunk] == ["editMessageText", "deleteMessage"]
    async with storage.uow() as uow:
        links = await uow.pairs.copies_of(ondine.id, 5)
    assert len(links) == 1


async def test_an_edit_before_the_copy_is_delivered_is_not_lost_silently(storage, ctx, duo):
    seeker, _peer, _pair = duo
    out = Outbox(storage)
    await run(storage, relay.on_message, ctx, sender(seeker), text_message(5, "helo"))
    await out.new()
    await run(storage, relay.on_edit, ctx, sender(seeker), text_message(5, "hello"))
    [notice] = await out.new()
    assert notice.person_id == seeker.id and "new message" in notice.text


async def test_an_edit_of_a_held_message_updates_what_waits(storage, ctx, three):
    peer, seekers, _pairs = three
    out = Outbox(storage)
    await run(storage, relay.on_message, ctx, sender(peer), text_message(50, "helo"))
    [chooser] = await out.new()
    await run(storage, relay.on_edit, ctx, sender(peer), text_message(50, "hello"))
    decoded = ctx.buttons.decode(peer.id, chooser.button_data()[0])
    await run(storage, relay.choose, ctx, sender(peer), decoded[1][0], None)
    sent = await out.new()
    copy = next(s for s in sent if s.ref_kind == "link")
    assert copy.person_id == seekers[0].id and copy.params["message_id"] == 50


async def test_a_seekers_words_are_screened_even_when_the_pair_is_paused(
    storage, ctx, duo, monkeypatch
):
    seeker, _peer, pair = duo
    screened = []

    async def flag(uow, ctx, who, pair, text):
        screened.append(text)
        return True

    monkeypatch.setattr(risk, "screen_relayed", flag)
    async with storage.uow() as uow:
        pair.status, pair.paused_by = PAUSED, seeker.id
        await uow.pairs.save(pair)
        await uow.commit()
    out = Outbox(storage)
    await run(storage, relay.on_message, ctx, sender(seeker), text_message(5, "plus la force"))
    assert screened == ["plus la force"]
    sent = await out.new()
    assert [s.person_id for s in sent] == [seeker.id]  # told it was paused; the peer hears nothing
