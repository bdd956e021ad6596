"""A flood cannot bury a real crisis: 300 /sos from a stranger in a few seconds, then one /sos
from a paired seeker. Every coordinator gets the genuine alert within 5 s, with Telegram's real
per-chat pacing (one message a second after a small burst); the stranger's flood is one
escalation, one alert, and crisis lines for every /sos; ``/resolve CODE spam`` ends it."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.sandbox.models import BotMessage
from bot.storage.orm import EscalationRow
from tests.support.context import make_ctx
from tests.support.coord import add, pair
from tests.support.e2e_coord import BASE_ID, ask, seat
from tests.support.identity import assert_no_identity_leaks

pytestmark = pytest.mark.e2e

FLOOD = 300
PACING = {"per_chat_messages_per_second": 1.0, "per_chat_burst": 3}


async def test_a_strangers_flood_of_sos_does_not_delay_a_genuine_one(sandbox, make_bot, storage):
    alix = seat(sandbox, 1, "Alix", role="coordinator", pseudonym="Alix")
    bea = seat(sandbox, 2, "Bea", role="coordinator", pseudonym="Bea", language="fr")
    seeker = seat(sandbox, 10, "Seeker", pseudonym="Lune")
    peer = seat(sandbox, 20, "Peer", role="peer", pseudonym="Soleil")
    await add(storage, alix.person, bea.person, seeker.person, peer.person)
    ctx = make_ctx(FakeClock(datetime.now(UTC)), storage)
    await pair(storage, ctx, seeker.person, peer.person)
    bot = make_bot(coordinators=(alix.user.id, bea.user.id), telegram=PACING)
    await bot.start()
    await seeker.user.wait_for("Soleil")
    stranger = sandbox.user(BASE_ID + 99, first_name="RealStranger", username="stranger_handle")
    stranger.started = True
    for _ in range(FLOOD):
        stranger.send_command("/sos")
    await alix.user.wait_for("Urgent escalation", timeout=30)
    seeker.user.send_command("/sos")
    sent_at = time.monotonic()
    # Polled with a deadline: each coordinator's chat must show the seeker's alert within 5 s.
    for coordinator, words in ((alix, "Urgent escalation"), (bea, "Escalade urgente")):
        left = 5.0 - (time.monotonic() - sent_at)
        await coordinator.user.wait_for(alert_for(words, seeker.code), timeout=max(left, 0.01))
    # The seeker's crisis lines came first, too.
    await seeker.user.wait_for("116 123", timeout=max(5.0 - (time.monotonic() - sent_at), 0.01))
    # The flood was one escalation and one alert per coordinator.
    async with storage.uow() as uow:
        rows = list((await uow.session.execute(select(EscalationRow))).scalars())
    flood = [r for r in rows if r.subject_id != seeker.person.id]
    assert len(rows) == 2 and len(flood) == 1
    for coordinator in (alix, bea):
        about_stranger = [
            m for m in coordinator.user.received if flood[0].code in m.content and "🚨" in m.content
        ]
        assert len(about_stranger) == 1
    # One action ends the flood: closed and suspended.
    done = await ask(alix.user, f"/resolve {flood[0].code} spam", "Closed as spam: 1")
    assert "escalation" in done.content
    await alix.user.wait_for("is suspended")
    await bot.stop()
    async with storage.uow() as uow:
        row = await uow.session.get(EscalationRow, flood[0].id)
        assert row.status == "resolved" and row.signals >= FLOOD
    assert_no_identity_leaks(sandbox)


def alert_for(words: str, code: str) -> Callable[[BotMessage], bool]:
    return lambda m: words in m.content and code in m.content
