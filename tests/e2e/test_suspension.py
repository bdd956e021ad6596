"""A suspension is a hard stop, end to end: nothing a suspended person sends reaches anyone,
they are never matched, and /unsuspend gives back exactly what was there."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.domain.pairs import ACTIVE, PAUSED
from bot.storage.orm import OfferRow
from tests.support.context import make_ctx
from tests.support.coord import add, pair
from tests.support.e2e_coord import UNKNOWN_COMMAND, ask, open_bot, seat
from tests.support.identity import assert_no_identity_leaks

pytestmark = pytest.mark.e2e
ON_HOLD = "nothing you send here is passed on"


async def pair_status(storage, code: str) -> tuple[str, str | None]:
    async with storage.uow() as uow:
        found = await uow.pairs.by_code(code)
    assert found is not None
    return found.status, found.paused_by


async def test_a_suspended_peer_cannot_resume_write_or_edit_and_keeps_their_own_pause(
    sandbox, make_bot, storage
):
    coord = seat(sandbox, 1, "Coord", role="coordinator")
    seeker = seat(sandbox, 10, "Seeker", pseudonym="Lune")
    peer = seat(sandbox, 20, "Peer", role="peer", pseudonym="Soleil")
    await open_bot(make_bot, storage, coord, seeker, peer)
    code = await pair(
        storage, make_ctx(FakeClock(datetime.now(UTC)), storage), seeker.person, peer.person
    )
    await seeker.user.wait_for("Soleil")
    hello = peer.user.send_text("Hello Lune")
    await seeker.user.wait_for(lambda m: m.copied_from == (peer.user.id, hello))
    peer.user.send_command("/pause")
    await peer.user.wait_for("is paused")
    await ask(coord.user, f"/suspend {peer.code} shared a phone number", "is suspended")

    # Their own pause is theirs to lift, but not while suspended.
    notice = await ask(peer.user, "/resume", ON_HOLD)
    assert "/sos" in notice.content
    assert await pair_status(storage, code) == (PAUSED, peer.person.id)
    sent = peer.user.send_text("are you still there?")
    peer.user.edit(hello, "Hello Lune, my number is 06 12 34 56 78")
    peer.user.send_photo("a photo for you")

    # Lifted: what they paused themselves stays paused, and nothing sent meanwhile went on.
    await ask(coord.user, f"/unsuspend {peer.code}", "no longer suspended")
    assert await pair_status(storage, code) == (PAUSED, peer.person.id)
    await ask(peer.user, "/resume", "continues")
    assert await pair_status(storage, code) == (ACTIVE, None)
    await seeker.user.wait_for("Soleil has resumed")
    after = peer.user.send_text("I am back")
    await seeker.user.wait_for(lambda m: m.copied_from == (peer.user.id, after))
    got = seeker.user.received
    assert not [m for m in got if m.copied_from == (peer.user.id, sent)]
    assert not [m for m in got if "photo for you" in m.content or "06 12" in m.content]
    # Their messages were answered once within the hour, not once each.
    notices = [m for m in peer.user.received if ON_HOLD in m.content]
    assert len(notices) == 1
    assert_no_identity_leaks(sandbox)


async def test_a_suspended_seeker_is_never_offered_and_match_says_why(sandbox, make_bot, storage):
    coord = seat(sandbox, 1, "Coord", role="coordinator")
    seeker = seat(sandbox, 10, "Seeker", pseudonym="Lune")
    first = seat(sandbox, 20, "First", role="peer", pseudonym="Soleil")
    other = seat(sandbox, 21, "Other", role="peer", pseudonym="Nuage")
    other.person.peer_away = True  # not offered anyone until the seeker is suspended
    await open_bot(make_bot, storage, coord, seeker, first, other)
    code = await pair(
        storage, make_ctx(FakeClock(datetime.now(UTC)), storage), seeker.person, first.person
    )
    await seeker.user.wait_for("Soleil")
    await ask(coord.user, f"/suspend {seeker.code} repeated insults", "is suspended")
    # The seeker was seated waiting: a matching sweep may have offered them to First before
    # the pair above was made. What counts is that nothing is offered from now on.
    offers_before = await count_offers(storage)
    await ask(other.user, "/back", "back")

    await ask(seeker.user, "/newpeer", ON_HOLD)
    # Their pair ended by a coordinator, they are asked whether they want someone new: not
    # while suspended, whichever way they ask.
    await ask(coord.user, f"/endpair {code}", "has ended")
    again = await seeker.user.wait_for("another peer")
    seeker.user.press(again, button_text=again.buttons()[0][0])
    await seeker.user.wait_for(ON_HOLD, count=2)
    refused = await ask(coord.user, f"/match {seeker.code} {other.code}", "cannot be paired")
    assert "the seeker is suspended" in refused.content
    assert await count_offers(storage) == offers_before
    assert not [m for m in other.user.received if "Lune" in m.content]
    assert_no_identity_leaks(sandbox)


async def test_a_suspended_coordinator_has_no_command_and_no_alert(sandbox, make_bot, storage):
    boss = seat(sandbox, 1, "Boss", role="coordinator")
    helper = seat(sandbox, 2, "Helper", role="coordinator")
    seeker = seat(sandbox, 10, "Seeker", pseudonym="Lune")
    peer = seat(sandbox, 20, "Peer", role="peer", pseudonym="Soleil")
    await add(storage, helper.person)  # a coordinator by invitation, not in the configuration
    await open_bot(make_bot, storage, boss, seeker, peer)
    await pair(storage, make_ctx(FakeClock(datetime.now(UTC)), storage), seeker.person, peer.person)
    await seeker.user.wait_for("Soleil")
    assert "pending" in {c["command"] for c in sandbox.visible_commands(helper.user.id, "en")}
    await ask(boss.user, f"/suspend {helper.code} left the team", "is suspended")
    await helper.user.wait_for("participation in the network is paused")
    assert (await ask(helper.user, "/pending")).content == UNKNOWN_COMMAND
    # Not even listed in their menu any more.
    assert "pending" not in {c["command"] for c in sandbox.visible_commands(helper.user.id, "en")}
    # A block is told to every coordinator: not to a suspended one.
    await ask(seeker.user, "/block", "Block")
    yes = seeker.user.received[-1]
    seeker.user.press(yes, button_text=yes.buttons()[0][0])
    await boss.user.wait_for("blocked")
    await ask(boss.user, "/pairs", "There are no open pairs")
    assert not [m for m in helper.user.received if "blocked" in m.content]
    # Lifted: their commands and their menu are back.
    await ask(boss.user, f"/unsuspend {helper.code}", "no longer suspended")
    await helper.user.wait_for("can continue")
    assert (await ask(helper.user, "/pending")).content == "No application is waiting."
    assert "pending" in {c["command"] for c in sandbox.visible_commands(helper.user.id, "en")}
    assert_no_identity_leaks(sandbox)


async def count_offers(storage) -> int:
    async with storage.uow() as uow:
        return (await uow.session.execute(select(func.count()).select_from(OfferRow))).scalar()
