"""Each coordinator command's happy path and wrong-argument path, in the real bot process."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FakeClock
from tests.support.context import make_ctx
from tests.support.coord import pair
from tests.support.e2e_coord import ask, open_bot, seat
from tests.support.identity import assert_no_identity_leaks

pytestmark = pytest.mark.e2e


async def usage_of(user, command: str) -> None:
    answer = await ask(user, command, "Usage:")
    assert answer.content.startswith(f"Usage: {command.split()[0]}")


async def test_lists_turn_pages_and_refuse_arguments(sandbox, make_bot, storage):
    coord = seat(sandbox, 1, "Coord", role="coordinator")
    seekers = [
        seat(sandbox, 10 + n, f"Seeker{n}", pseudonym=f"Lune{n}", waiting_for=timedelta(hours=n))
        for n in range(10)
    ]
    peer = seat(sandbox, 30, "Peer", role="peer", pseudonym="Soleil")
    peer.person.peer_away = True  # no offers while we look at the queue
    await open_bot(make_bot, storage, coord, peer, *seekers)
    user = coord.user
    first = await ask(user, "/queue", "Waiting seekers")
    assert first.content.startswith("Waiting seekers: 10 (page 1/2)")
    assert "Lune9 (" in first.content and "waiting for 9 h" in first.content
    user.press(first, button_text="Next ›")
    page2 = await user.wait_for(lambda m: m.message_id == first.message_id and "2/2" in m.content)
    assert "Lune1 (" in page2.content and page2.buttons()[0][0] == "‹ Prev"
    assert "Lune9" not in page2.content
    peers = await ask(user, "/peers", "Peers:")
    assert f"Soleil ({peer.code}) · approved · 0/2 seekers · away" in peers.content
    assert (await ask(user, "/pairs")).content == "There are no open pairs."
    assert (await ask(user, "/escalations")).content == "No escalation is open. ✅"
    audit = await ask(user, "/audit", "Audit log")
    assert "view.queue" in audit.content and coord.code in audit.content
    for command in ("/queue 2", "/pairs x", "/peers all", "/escalations open", "/audit 5"):
        await usage_of(user, command)
    assert_no_identity_leaks(sandbox)


async def test_match_why_and_endpair(sandbox, make_bot, storage):
    coord = seat(sandbox, 1, "Coord", role="coordinator")
    seeker = seat(sandbox, 10, "Seeker", pseudonym="Lune")
    seeker.person.seeker_state = "none"  # not searching: no automatic offer meanwhile
    peer = seat(sandbox, 20, "Peer", role="peer", pseudonym="Soleil")
    far = seat(sandbox, 21, "Far", role="peer", pseudonym="Loin", language="fr")
    await open_bot(make_bot, storage, coord, seeker, peer, far)
    user = coord.user
    refused = await ask(user, f"/match {seeker.code} {far.code}", "cannot be paired")
    assert "they share no language" in refused.content
    done = await ask(user, f"/match {seeker.code} {peer.code}", "created")
    pair_code = done.content.split("Pair ")[1].split(" ")[0]
    await seeker.user.wait_for("Soleil")
    await peer.user.wait_for("Lune")
    why = await ask(user, f"/why {pair_code}", "Score parts")
    assert "shared_experience: 3.0" in why.content and f"matched_by: {coord.code}" in why.content
    ended = await ask(user, f"/endpair {pair_code}", pair_code)
    assert ended.content.startswith(f"Pair {pair_code} has ended")
    await seeker.user.wait_for(lambda m: m.message_id > 1 and "Soleil" not in m.content)
    async with storage.uow() as uow:
        row = await uow.pairs.by_code(pair_code)
    assert (row.status, row.end_reason) == ("ended", "coordinator")
    assert (await ask(user, "/why PNOPE1")).content == "No pair has the code PNOPE1."
    for command in ("/match", f"/match {seeker.code}", "/why", "/endpair", "/endpair A B"):
        await usage_of(user, command)
    assert_no_identity_leaks(sandbox)


async def test_msg_suspend_unsuspend_broadcast(sandbox, make_bot, storage):
    coord = seat(sandbox, 1, "Coord", role="coordinator", pseudonym="Marie")
    seeker = seat(sandbox, 10, "Seeker", pseudonym="Lune")
    peer = seat(sandbox, 20, "Peer", role="peer", pseudonym="Soleil")
    other = seat(sandbox, 21, "Other", role="peer", pseudonym="Nuage", language="fr")
    await open_bot(make_bot, storage, coord, seeker, peer, other)
    ctx = make_ctx(FakeClock(datetime.now(UTC)), storage)
    code = await pair(storage, ctx, seeker.person, peer.person)
    await seeker.user.wait_for("Soleil")
    user = coord.user
    await ask(user, f"/msg {seeker.code} How are you doing today?", "signed by the coordination")
    got = await seeker.user.wait_for("How are you doing today?")
    assert got.content.startswith("💬 Message from the coordination team")
    assert "Marie" not in got.content and coord.code not in got.content
    done = await ask(user, f"/suspend {peer.code} shared a phone number", "is suspended")
    assert code in done.content
    await seeker.user.wait_for("Your conversation with Soleil is paused")
    await peer.user.wait_for("participation in the network is paused")
    # While suspended, the peer's messages go nowhere.
    asked = peer.user.send_text("are you there?")
    await peer.user.wait_for(lambda m: "paused" in m.content and m.reply_to_message_id == asked)
    await ask(user, f"/unsuspend {peer.code}", "no longer suspended")
    await seeker.user.wait_for("can continue")
    await ask(user, "/broadcast peers Training on Thursday", "Broadcast queued for 2 people")
    await other.user.wait_for("Training on Thursday")
    await peer.user.wait_for("Training on Thursday")
    assert not any("Thursday" in m.content for m in seeker.user.received)
    for command in (
        "/msg",
        f"/msg {seeker.code}",
        "/suspend",
        f"/suspend {peer.code}",
        "/unsuspend",
        "/broadcast",
        "/broadcast nobody hi",
        "/broadcast all",
    ):
        await usage_of(user, command)
    assert_no_identity_leaks(sandbox)


async def test_resources_add_list_remove(sandbox, make_bot, storage):
    coord = seat(sandbox, 1, "Coord", role="coordinator", language="fr")
    await open_bot(make_bot, storage, coord)
    user = coord.user
    listing = await ask(user, "/resources", "Annuaire")
    assert "[config] fr · ligne d'écoute de crise · 3114" in listing.content
    added = await ask(user, "/resources add fr social_work Assistante sociale CHU | 01 23 45 67 89")
    short = added.content.split("[")[1].split("]")[0]
    listing = await ask(user, "/resources", "Annuaire")
    assert f"[{short}] fr · service social · Assistante sociale CHU : 01 23 45 67 89" in (
        listing.content
    )
    assert (await ask(user, "/resources add xx emergency A | 1")).content.startswith("La langue xx")
    assert (await ask(user, f"/resources remove {short}")).content.startswith("Retiré")
    for command in (
        "/resources list",
        "/resources add fr emergency sans contact",
        "/resources remove",
    ):
        answer = await ask(user, command, "Utilisation")
        assert answer.content.startswith("Utilisation : /resources")
