"""The life of a pair on real storage: focus, pause/resume, end with feedback, a new peer,
report, block, and what happens when one side cannot be reached."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.domain.events import Event, PeerHasRoom, SeekerLooking
from bot.domain.pairs import ACTIVE, ENDED, PAUSED
from bot.domain.relay import PAUSED_UNREACHABLE
from bot.services.reactions import REACTIONS
from bot.services.relay import conversation, ending, feedback, picking, reports
from bot.services.relay import routing as relay
from bot.services.relay.unreachable import handle_unreachable
from bot.services.shared.context import Reaction
from bot.storage.orm import DomainEventRow, EscalationRow, HeldMessageRow, PairRow
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
def reactions() -> dict[type[Event], list[Reaction]]:
    """The reactions this test's services publish to (the real ones unless a fixture below
    records instead: what matching does with them is matching's tests' business)."""
    return {kind: list(found) for kind, found in REACTIONS.items()}


@pytest.fixture
def ctx(clock, reactions):
    return replace(make_ctx(clock), reactions=reactions)


@pytest.fixture
def freed(reactions):
    """Peers the relay said have room again (``PeerHasRoom``)."""
    calls: list[str] = []

    async def record(uow, ctx, event: PeerHasRoom) -> None:
        calls.append(event.peer.id)

    reactions[PeerHasRoom] = [record]
    return calls


@pytest.fixture
def searches(reactions):
    """Seekers the relay said are looking for a peer (``SeekerLooking``); marked waiting, as
    matching would."""
    calls: list[str] = []

    async def record(uow, ctx, event: SeekerLooking) -> None:
        seeker = event.seeker
        calls.append(seeker.id)
        seeker.seeker_state = "waiting"
        await uow.people.save(seeker)

    reactions[SeekerLooking] = [record]
    return calls


@pytest.fixture
async def world(storage, clock):
    """A coordinator, and a peer in two conversations (with Ondine and Pervenche)."""
    async with storage.uow() as uow:
        coordinator = await add_person(uow, clock, 93000, "Coord", coordinator=True)
        peer = await add_person(uow, clock, 93001, "Basile", peer=True)
        ondine = await add_person(uow, clock, 93002, "Ondine", seeker=True, language="fr")
        pervenche = await add_person(uow, clock, 93003, "Pervenche", seeker=True)
        first = await add_pair(uow, clock, ondine, peer)
        second = await add_pair(uow, clock, pervenche, peer)
        await uow.commit()
    return coordinator, peer, ondine, pervenche, first, second


async def run(storage, fn, *args, **kw):
    async with storage.uow() as uow:
        result = await fn(uow, *args, **kw)
        await uow.commit()
    return result


def args_of(ctx, person, data):
    decoded = ctx.buttons.decode(person.id, data)
    assert decoded is not None
    return decoded[1]


async def test_with_by_name_or_code_sets_the_focus_and_says_so(storage, ctx, world):
    _c, peer, _o, _p, first, second = world
    out = Outbox(storage)
    await run(storage, conversation.with_command, ctx, sender(peer), "pervenche")
    [said] = await out.new()
    assert "Pervenche" in said.text and second.code in said.text
    assert (await reload(storage, peer)).focus_pair_id == second.id
    await run(storage, conversation.with_command, ctx, sender(peer), first.code.lower())
    assert (await reload(storage, peer)).focus_pair_id == first.id


async def test_with_alone_lists_every_conversation_with_a_button(storage, ctx, world):
    _c, peer, _o, _p, first, second = world
    out = Outbox(storage)
    await run(storage, conversation.with_command, ctx, sender(peer), "")
    [listing] = await out.new()
    assert "No conversation is in focus" in listing.text
    buttons = listing.button_data()
    assert [args_of(ctx, peer, b) for b in buttons] == [[first.id], [second.id]]
    await run(storage, conversation.focus, ctx, sender(peer), second.id, 12)
    [edited] = await out.new()
    assert edited.method == "editMessageText" and edited.params["message_id"] == 12
    assert (await reload(storage, peer)).focus_pair_id == second.id


async def test_with_an_unknown_name_lists_the_conversations(storage, ctx, world):
    _c, peer, *_ = world
    out = Outbox(storage)
    await run(storage, conversation.with_command, ctx, sender(peer), "Zoé")
    [said] = await out.new()
    assert "No conversation matches “Zoé”" in said.text and len(said.button_data()) == 2


async def test_naming_a_conversation_sends_the_messages_waiting_for_a_choice(storage, ctx, world):
    _c, peer, _o, pervenche, _first, _second = world
    out = Outbox(storage)
    await run(storage, relay.on_message, ctx, sender(peer), text_message(70, "waiting"))
    await out.new()
    await run(storage, conversation.with_command, ctx, sender(peer), "Pervenche")
    said, copy = await out.new()
    assert "Pervenche" in said.text
    assert copy.person_id == pervenche.id and copy.params["message_id"] == 70


async def test_pause_and_resume_tell_the_other_side(storage, ctx, world):
    _c, peer, ondine, _p, first, _s = world
    out = Outbox(storage)
    await run(storage, conversation.pause, ctx, ondine)
    mine, theirs = await out.new()
    assert mine.person_id == ondine.id and "en pause" in mine.text
    assert theirs.person_id == peer.id and "Ondine has paused" in theirs.text
    paused = await reload_pair(storage, first)
    assert (paused.status, paused.paused_by) == (PAUSED, ondine.id)
    assert (await reload(storage, ondine)).seeker_state == "paused"
    # The peer cannot lift the seeker's pause.
    await run(storage, conversation.resume, ctx, peer, first.id)
    [refused] = await out.new()
    assert "Ondine paused this conversation" in refused.text
    await run(storage, conversation.resume, ctx, await reload(storage, ondine))
    mine, theirs = await out.new()
    assert "reprend" in mine.text and "Ondine has resumed" in theirs.text
    assert (await reload_pair(storage, first)).status == ACTIVE
    assert (await reload(storage, ondine)).seeker_state == "paired"


async def test_a_command_with_several_conversations_and_no_focus_asks_which(storage, ctx, world):
    _c, peer, _o, _p, _first, second = world
    out = Outbox(storage)
    await run(storage, conversation.pause, ctx, peer)
    [question] = await out.new()
    assert "Which conversation do you want to pause" in question.text
    code, pair_id = args_of(ctx, peer, question.button_data()[1])
    await run(storage, picking.pick, ctx, sender(peer), code, pair_id, 5)
    assert (await reload_pair(storage, second)).status == PAUSED


async def test_end_asks_then_ends_tells_both_and_frees_the_peer(storage, ctx, world, freed):
    _c, peer, ondine, _p, first, _s = world
    async with storage.uow() as uow:
        fresh = await uow.people.get(peer.id)
        fresh.focus_pair_id = first.id
        await uow.people.save(fresh)
        await uow.commit()
    out = Outbox(storage)
    await run(storage, ending.ask_end, ctx, ondine)
    [question] = await out.new()
    yes, no = question.button_data()
    assert ctx.buttons.decode(ondine.id, no) == (ending.KEEP_ACTION, [])
    await run(storage, ending.keep, ctx, ondine, 3)
    assert (await reload_pair(storage, first)).status == ACTIVE
    await out.new()
    [pair_id] = args_of(ctx, ondine, yes)
    await run(storage, ending.confirm_end, ctx, await reload(storage, ondine), pair_id, 3)
    sent = await out.new()
    to_ondine = [s for s in sent if s.person_id == ondine.id and s.method == "sendMessage"]
    to_peer = [s for s in sent if s.person_id == peer.id]
    assert "est terminée" in to_ondine[0].text and len(to_ondine[0].button_data()) == 6
    assert "Ondine has ended the conversation" in to_peer[0].text
    ended = await reload_pair(storage, first)
    assert (ended.status, ended.end_reason) == (ENDED, "seeker")
    assert (await reload(storage, peer)).focus_pair_id is None
    assert (await reload(storage, ondine)).seeker_state == "none"
    assert freed == [peer.id]


async def test_feedback_rating_then_comment_are_kept_sealed_and_a_new_peer_offered(
    storage, ctx, world, freed, searches
):
    _c, _peer, ondine, _p, first, _s = world
    out = Outbox(storage)
    await run(storage, ending.confirm_end, ctx, await reload(storage, ondine), first.id, None)
    ended = next(s for s in await out.new() if s.person_id == ondine.id and s.button_data())
    four = next(b for b in ended.button_data() if args_of(ctx, ondine, b)[1] == "4")
    assert args_of(ctx, ondine, four) == [first.id, "4"]
    await run(storage, feedback.rate, ctx, ondine, first.id, 4, 8)
    *_, comment_question = await out.new()
    assert "quelques mots" in comment_question.text
    taken = await run(
        storage, feedback.take_comment, ctx, ondine, text_message(20, "merci pour tout")
    )
    assert taken
    thanks, offer = await out.new()
    assert "Merci" in thanks.text and offer.button_data()
    pair = await reload_pair(storage, first)
    assert (pair.seeker_rating, pair.seeker_comment) == (4, "merci pour tout")
    async with storage.uow() as uow:
        row = await uow.session.get(PairRow, first.id)
        assert b"merci pour tout" not in (row.seeker_comment or b"")
        assert await uow.flows.get(ondine.id) is None
    # A second press of the same rating is recognised.
    await run(storage, feedback.rate, ctx, ondine, first.id, 2, None)
    assert "déjà noté" in (await out.new())[-1].text
    assert (await reload_pair(storage, first)).seeker_rating == 4
    await run(storage, feedback.again, ctx, await reload(storage, ondine), 9)
    assert searches == [ondine.id]


async def test_a_peer_in_other_conversations_comments_only_by_replying(storage, ctx, world, freed):
    _c, peer, _o, pervenche, first, _second = world
    out = Outbox(storage)
    await run(storage, ending.confirm_end, ctx, await reload(storage, peer), first.id, None)
    await out.new()
    await run(storage, feedback.rate, ctx, peer, first.id, 5, None)
    [question] = await out.new()
    assert "Reply to this message" in question.text
    # A plain message is for Pervenche, not a comment.
    assert not await run(
        storage, feedback.take_comment, ctx, peer, text_message(30, "for pervenche")
    )
    assert await run(storage, relay.on_message, ctx, sender(peer), text_message(30, "for you"))
    [copy] = await out.new()
    assert copy.person_id == pervenche.id
    reply = text_message(31, "it went well", reply_to=question.row_id)
    reply["reply_to_message"]["from"] = {"id": 1, "is_bot": True, "first_name": "Bot"}
    assert await run(storage, feedback.take_comment, ctx, peer, reply)
    assert (await reload_pair(storage, first)).peer_comment == "it went well"


async def test_newpeer_ends_for_the_seeker_and_asks_matching(storage, ctx, world, freed, searches):
    _c, peer, _o, pervenche, _f, second = world
    out = Outbox(storage)
    await run(storage, ending.ask_newpeer, ctx, pervenche)
    [question] = await out.new()
    [pair_id] = args_of(ctx, pervenche, question.button_data()[0])
    await run(storage, ending.confirm_newpeer, ctx, await reload(storage, pervenche), pair_id, 4)
    ended = await reload_pair(storage, second)
    assert (ended.status, ended.end_reason) == (ENDED, "seeker")
    assert searches == [pervenche.id] and freed == [peer.id]
    sent = await out.new()
    assert any(s.person_id == peer.id and "Pervenche has ended" in s.text for s in sent)
    assert any(s.person_id == pervenche.id and "someone else" in s.text for s in sent)


async def test_report_alerts_coordinators_with_a_sealed_reason_and_the_pair_goes_on(
    storage, ctx, world
):
    coordinator, peer, ondine, _p, first, _s = world
    out = Outbox(storage)
    await run(storage, reports.report, ctx, ondine, "  ")
    [usage] = await out.new()
    assert "/report" in usage.text
    await run(storage, reports.report, ctx, ondine, "propos déplacés")
    sent = await out.new()
    assert any(s.person_id == coordinator.id for s in sent)
    assert any(s.person_id == ondine.id and "Merci" in s.text for s in sent)
    assert not any(s.person_id == peer.id for s in sent)
    async with storage.uow() as uow:
        esc = (await uow.session.execute(select(EscalationRow))).scalar_one()
        reason = uow.cipher.decrypt_opt(
            esc.reason, table="escalations", column="reason", row_id=esc.id
        )
    assert (esc.kind, esc.pair_id, reason) == ("report", first.id, "propos déplacés")
    assert b"propos" not in (esc.reason or b"")
    assert (await reload_pair(storage, first)).status == ACTIVE


async def test_a_report_about_one_of_several_conversations_waits_for_the_choice(
    storage, ctx, world
):
    _c, peer, _o, pervenche, _first, second = world
    out = Outbox(storage)
    await run(storage, reports.report, ctx, peer, "rude")
    [question] = await out.new()
    code, pair_id = args_of(ctx, peer, question.button_data()[1])
    await run(storage, picking.pick, ctx, sender(peer), code, pair_id, None)
    async with storage.uow() as uow:
        esc = (await uow.session.execute(select(EscalationRow))).scalar_one()
        assert (await uow.session.execute(select(HeldMessageRow))).first() is None
    assert (esc.pair_id, esc.subject_id) == (second.id, pervenche.id)


async def test_block_ends_for_good_and_coordinators_know(storage, ctx, world, freed):
    coordinator, peer, ondine, _p, first, _s = world
    out = Outbox(storage)
    await run(storage, ending.ask_block, ctx, ondine)
    [question] = await out.new()
    [pair_id] = args_of(ctx, ondine, question.button_data()[0])
    await run(storage, ending.confirm_block, ctx, await reload(storage, ondine), pair_id, 2)
    ended = await reload_pair(storage, first)
    assert (ended.status, ended.end_reason) == (ENDED, "blocked")
    sent = await out.new()
    to_peer = [s for s in sent if s.person_id == peer.id]
    # Told kindly that it ended, not that they were blocked.
    assert to_peer and all("block" not in s.text.lower() for s in to_peer)
    assert any(s.person_id == coordinator.id and first.code in s.text for s in sent)
    async with storage.uow() as uow:
        assert peer.id in await uow.pairs.history_between(ondine.id)


async def test_end_pair_clears_what_was_held_for_it(storage, ctx, world, freed):
    _c, peer, ondine, _p, first, _s = world
    await run(storage, relay.on_message, ctx, sender(ondine), text_message(5, "0612345678"))
    async with storage.uow() as uow:
        pair = await uow.pairs.get(first.id)
        await ending.end_pair(uow, ctx, pair, reason="coordinator", by=None)
        await uow.commit()
    async with storage.uow() as uow:
        assert (await uow.session.execute(select(HeldMessageRow))).first() is None
    # Ending twice changes nothing.
    async with storage.uow() as uow:
        pair = await uow.pairs.get(first.id)
        await ending.end_pair(uow, ctx, pair, reason="peer", by=peer)
        await uow.commit()
    assert (await reload_pair(storage, first)).end_reason == "coordinator"
    assert freed == [peer.id]


async def test_an_unreachable_person_pauses_their_pairs_and_everyone_is_told(
    storage, ctx, clock, world
):
    coordinator, peer, ondine, pervenche, first, second = world
    async with storage.uow() as uow:
        await uow.events.record("recipient_unreachable", peer.id, clock.now())
        await uow.events.record("something_else", peer.id, clock.now())
        await uow.commit()
    out = Outbox(storage)
    assert await run(storage, handle_unreachable, ctx) == 1
    for pair in (first, second):
        fresh = await reload_pair(storage, pair)
        assert (fresh.status, fresh.paused_by) == (PAUSED, PAUSED_UNREACHABLE)
    sent = await out.new()
    assert {s.person_id for s in sent} == {ondine.id, pervenche.id, coordinator.id}
    alert = next(s for s in sent if s.person_id == coordinator.id)
    assert peer.code in alert.text and first.code in alert.text and second.code in alert.text
    assert "Basile" not in alert.text
    async with storage.uow() as uow:
        kinds = {
            e.kind: e.handled_at
            for e in (await uow.session.execute(select(DomainEventRow))).scalars()
        }
    assert kinds["recipient_unreachable"] is not None and kinds["something_else"] is None
    assert await run(storage, handle_unreachable, ctx) == 0
    # Once reachable again, either side may resume.
    await run(storage, conversation.resume, ctx, ondine, first.id)
    assert (await reload_pair(storage, first)).status == ACTIVE
