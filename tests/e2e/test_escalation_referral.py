"""A peer's /escalate and a seeker's risky words, end to end: both reach the coordinators."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import FakeClock
from tests.support.context import make_ctx
from tests.support.coord import pair
from tests.support.e2e_coord import ask, open_bot, seat
from tests.support.identity import assert_no_identity_leaks

pytestmark = pytest.mark.e2e


async def seated_pair(sandbox, make_bot, storage):
    coord = seat(sandbox, 1, "Coord", role="coordinator")
    seeker = seat(sandbox, 10, "Seeker", pseudonym="Lune", language="fr")
    peer = seat(sandbox, 20, "Peer", role="peer", pseudonym="Soleil", language="fr")
    await open_bot(make_bot, storage, coord, seeker, peer)
    await pair(storage, make_ctx(FakeClock(datetime.now(UTC)), storage), seeker.person, peer.person)
    await seeker.user.wait_for("Soleil")
    return coord, seeker, peer


async def test_peer_refers_their_seeker(sandbox, make_bot, storage):
    coord, seeker, peer = await seated_pair(sandbox, make_bot, storage)
    usage = await ask(peer.user, "/escalate", "/escalate MOTIF")
    assert "secours" in usage.content
    await ask(
        peer.user, "/escalate parle de ne plus vouloir se réveiller", "alertés au sujet de Lune"
    )
    alert = await coord.user.wait_for("peer referral")
    coord.user.press(alert, button_text="Claim")
    details = await coord.user.wait_for("You have taken escalation")
    assert "Reason: parle de ne plus vouloir se réveiller" in details.content
    assert f"Opened by: Soleil ({peer.code})" in details.content
    # The seeker is not told by the bot: the coordinator decides how to reach out.
    assert not any("escalad" in m.content.lower() for m in seeker.user.received)
    assert (await ask(seeker.user, "/escalate help")).content.startswith("Je ne connais pas")
    assert_no_identity_leaks(sandbox)


async def test_risky_words_from_a_seeker_alert_coordinators_and_help_the_seeker(
    sandbox, make_bot, storage
):
    coord, seeker, peer = await seated_pair(sandbox, make_bot, storage)
    seeker.user.send_text("J’ai envie d’en finir, vraiment")
    gentle = await seeker.user.wait_for("3114")
    assert "/sos" in gentle.content
    alert = await coord.user.wait_for("risk words in a message")
    assert seeker.code in alert.content
    await peer.user.wait_for("en finir")
    # Within the cooldown the seeker is not sent the same text again.
    seeker.user.send_text("je veux mourir")
    await peer.user.wait_for("je veux mourir")
    seeker.user.send_text("merci de m'écouter")
    await peer.user.wait_for("merci de m'écouter")
    assert sum("3114" in m.content for m in seeker.user.received) == 1
    assert_no_identity_leaks(sandbox)
