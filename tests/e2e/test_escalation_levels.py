"""Levels and on call end to end, in the real bot process: what a worrying message from a
seeker or a peer sets off (crisis lines as the sender's next message, an urgent alert to every
coordinator on duty), a concern followed by an urgent message, an idiom that alerts nobody, and
the rota routing an alert to the coordinator on duty, then to everyone after the delay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FakeClock
from bot.domain.risk import RiskLevel, assess
from tests.support.context import make_ctx
from tests.support.coord import add, pair
from tests.support.e2e_coord import BASE_ID, ask, last_id, seat
from tests.support.identity import assert_no_identity_leaks

pytestmark = pytest.mark.e2e

URGENT_TEXT = "I swallowed all my pills ten minutes ago"
CONCERN_TEXT = "I wish I could disappear"
IDIOM = "this cake is to die for"
URGENT_READY = assess(URGENT_TEXT, "en").level is RiskLevel.URGENT
CONCERN_READY = assess(CONCERN_TEXT, "en").level is RiskLevel.CONCERN
IDIOM_READY = assess(IDIOM, "en").level is RiskLevel.NONE


def needs_model(*ready: bool) -> pytest.MarkDecorator:
    """Expected to fail only while the risk model does not classify these sentences yet; once
    it does, the test runs as any other."""
    return pytest.mark.xfail(
        not all(ready), reason="the risk model does not classify this sentence yet", strict=True
    )


MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


async def world(sandbox, make_bot, storage, extra: str = "", env=None):
    alix = seat(sandbox, 1, "Alix", role="coordinator", pseudonym="Alix")
    bea = seat(sandbox, 2, "Bea", role="coordinator", pseudonym="Bea")
    seeker = seat(sandbox, 10, "Seeker", pseudonym="Lune")
    peer = seat(sandbox, 20, "Peer", role="peer", pseudonym="Soleil")
    await add(storage, alix.person, bea.person, seeker.person, peer.person)
    await pair(storage, make_ctx(FakeClock(datetime.now(UTC)), storage), seeker.person, peer.person)
    bot = make_bot(coordinators=(alix.user.id, bea.user.id), extra=extra, env=env)
    await bot.start()
    await seeker.user.wait_for("Soleil")
    return bot, alix, bea, seeker, peer


def alerts(seat_, words: str) -> list:
    return [m for m in seat_.user.received if words in m.content and "Press Claim" in m.content]


@needs_model(URGENT_READY)
async def test_urgent_words_from_a_seeker_and_a_peer(sandbox, make_bot, storage):
    _bot, alix, bea, seeker, peer = await world(sandbox, make_bot, storage)
    await ask(alix.user, "/oncall on", "You are on duty")
    for sender in (seeker, peer):
        before = last_id(sender.user)
        sender.user.send_text(URGENT_TEXT)
        nxt = await sender.user.wait_for(lambda m, b=before: m.message_id > b)
        assert "116 123" in nxt.content, "crisis lines are the sender's very next message"
        assert "no coordinator is on duty" not in nxt.content
        await alix.user.wait_for(
            lambda m, s=sender: "Urgent escalation" in m.content and s.code in m.content
        )
        if sender is seeker:
            # The peer reads the words and is told coordinators know, before writing theirs.
            await peer.user.wait_for("Something in Lune's last message")
    # Béa is not on duty: she hears of them only if Alix has not claimed them in time.
    assert not any("Press Claim" in m.content for m in bea.user.received)
    assert_no_identity_leaks(sandbox)


@needs_model(CONCERN_READY, URGENT_READY)
async def test_concern_then_urgent_realerts_as_urgent(sandbox, make_bot, storage):
    _bot, alix, bea, seeker, _peer = await world(sandbox, make_bot, storage)
    seeker.user.send_text(CONCERN_TEXT)
    await alix.user.wait_for("⚠️ Concern")
    seeker.user.send_text(URGENT_TEXT)
    for coordinator in (alix, bea):
        await coordinator.user.wait_for("is now urgent")
    assert_no_identity_leaks(sandbox)


@needs_model(IDIOM_READY)
async def test_an_idiom_alerts_nobody(sandbox, make_bot, storage):
    _bot, alix, _bea, seeker, peer = await world(sandbox, make_bot, storage)
    seeker.user.send_text(IDIOM)
    await peer.user.wait_for(IDIOM)
    await ask(alix.user, "/escalations", "No escalation is open")
    assert not any("Press Claim" in m.content for m in alix.user.received)
    assert_no_identity_leaks(sandbox)


async def test_a_peers_worrying_words_are_screened_and_the_seeker_is_not_burdened(
    sandbox, make_bot, storage
):
    extra = '[escalation.risk_patterns]\nen = ["\\\\bcannot carry this\\\\b"]\n'
    _bot, alix, bea, seeker, peer = await world(sandbox, make_bot, storage, extra=extra)
    peer.user.send_text("Honestly I cannot carry this any more")
    await peer.user.wait_for("Thank you for putting this into words")
    for coordinator in (alix, bea):
        await coordinator.user.wait_for(
            lambda m: m.content.startswith("⚠️ Concern") and peer.code in m.content
        )
    await seeker.user.wait_for("cannot carry this")
    # The relay tells a seeker's peer that coordinators know; never a peer's seeker.
    told = make_ctx(FakeClock()).t("en", "relay.risk_alerted", name="Soleil")
    assert not any(m.content == told for m in seeker.user.received)
    assert_no_identity_leaks(sandbox)


async def test_the_rota_alerts_the_coordinator_on_duty_then_everyone(
    sandbox, make_bot, storage, clock_file
):
    clock_file(MONDAY)
    extra = (
        "[scheduling]\ntick_seconds = 0.3\n"
        "[escalation]\nescalate_to_all_minutes = 2\n"
        f'rota = [{{ coordinator = {BASE_ID + 1}, days = ["mon"], start = "09:00", '
        'end = "18:00", timezone = "UTC" }]\n'
    )
    env = {"ENTRAIDE_CLOCK_FILE": str(clock_file.path)}
    _bot, alix, bea, seeker, _peer = await world(sandbox, make_bot, storage, extra, env)
    seeker.user.send_command("/sos")
    await alix.user.wait_for("Urgent escalation")
    answer = await seeker.user.wait_for("116 123")
    assert "no coordinator is on duty" not in answer.content
    status = await ask(bea.user, "/oncall", "On duty now")
    assert "Alix" in status.content and "You are off duty." in status.content
    assert not alerts(bea, "escalation")
    clock_file(MONDAY + timedelta(minutes=3))
    widened = await bea.user.wait_for("No one on duty has claimed escalation")
    assert seeker.code in widened.content
    assert_no_identity_leaks(sandbox)
