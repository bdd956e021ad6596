"""/reassign end to end: the handover note reaches the new peer, everyone is told kindly,
nobody learns anybody's identity, and the old pair's messages no longer route."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import FakeClock
from tests.support.context import make_ctx
from tests.support.coord import pair
from tests.support.e2e_coord import ask, open_bot, seat
from tests.support.identity import assert_no_identity_leaks

pytestmark = pytest.mark.e2e

NOTE = "Prefers evenings; has been through a lot at work, go gently."


async def test_reassign_with_a_handover_note(sandbox, make_bot, storage):
    coord = seat(sandbox, 1, "Coord", role="coordinator", pseudonym="Marie")
    seeker = seat(sandbox, 10, "Seeker", pseudonym="Lune")
    old = seat(sandbox, 20, "Old", role="peer", pseudonym="Soleil")
    new = seat(sandbox, 21, "New", role="peer", pseudonym="Nuage")
    await open_bot(make_bot, storage, coord, seeker, old, new)
    ctx = make_ctx(FakeClock(datetime.now(UTC)), storage)
    code = await pair(storage, ctx, seeker.person, old.person)
    await seeker.user.wait_for("Soleil")
    seeker.user.send_text("hello, first message")
    await old.user.wait_for("hello, first message")

    question = await ask(coord.user, f"/reassign {code}", "handover note")
    assert [label for label, _ in question.buttons()] == ["Skip", "Cancel"]
    done = await ask(coord.user, NOTE, "reassigned")
    assert f"Pair {code} reassigned" in done.content and "Nuage" in done.content

    intro = await new.user.wait_for(NOTE)
    assert "Lune" in intro.content
    await old.user.wait_for("Another peer will now continue the conversation with Lune")
    await seeker.user.wait_for("not because of anything you did")
    await seeker.user.wait_for("Nuage")
    assert not any(NOTE in m.content for m in seeker.user.received + old.user.received)

    # The old pair is closed: what the old peer writes reaches no one.
    stale = old.user.send_text("are you still there?")
    await old.user.wait_for(lambda m: m.reply_to_message_id == stale)
    seeker.user.send_text("hi, nice to meet you")
    await new.user.wait_for("hi, nice to meet you")
    assert not any("still there" in m.content for m in seeker.user.received)
    assert not any("nice to meet you" in m.content for m in old.user.received)
    assert_no_identity_leaks(sandbox)


async def test_reassign_refusals_and_usage(sandbox, make_bot, storage):
    coord = seat(sandbox, 1, "Coord", role="coordinator")
    seeker = seat(sandbox, 10, "Seeker", pseudonym="Lune")
    old = seat(sandbox, 20, "Old", role="peer", pseudonym="Soleil")
    full = seat(sandbox, 21, "Full", role="peer", pseudonym="Plein", capacity=0)
    await open_bot(make_bot, storage, coord, seeker, old, full)
    ctx = make_ctx(FakeClock(datetime.now(UTC)), storage)
    code = await pair(storage, ctx, seeker.person, old.person)
    refused = await ask(coord.user, f"/reassign {code} {full.code}", "cannot be paired")
    assert "full capacity" in refused.content
    assert "already in pair" in (await ask(coord.user, f"/reassign {code} {old.code}")).content
    assert (await ask(coord.user, "/reassign PZZZZZ")).content == "No pair has the code PZZZZZ."
    for command in ("/reassign", f"/reassign {code} {old.code} extra"):
        assert (await ask(coord.user, command, "Usage")).content.startswith("Usage: /reassign")
    question = await ask(coord.user, f"/reassign {code}", "handover note")
    coord.user.press(question, button_text="Cancel")
    await coord.user.wait_for("Cancelled; nothing was changed.")
    await seeker.user.wait_for("Soleil")
    seeker.user.send_text("still with you")
    await old.user.wait_for("still with you")
