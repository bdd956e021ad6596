"""What a risky message from a seeker sets off: a gentle message (once per cooldown) and one
automatic escalation at a time, in real storage."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.services.escalations import claims
from bot.services.escalations import screening as risk
from bot.storage.orm import EscalationRow
from tests.support.context import make_ctx
from tests.support.coord import add, outbox, pair, person, run, texts


async def setup(storage, clock):
    ctx = make_ctx(clock, storage)
    seeker = person(clock, 11, pseudonym="Lune", language="fr")
    peer = person(clock, 12, pseudonym="Soleil", language="fr", role="peer")
    coordinator = person(clock, 13, language="en", role="coordinator")
    await add(storage, seeker, peer, coordinator)
    await pair(storage, ctx, seeker, peer)
    async with storage.uow() as uow:
        seeker = await uow.people.get(seeker.id)
        the_pair = (await uow.pairs.open_for(seeker.id))[0]
    return ctx, seeker, peer, coordinator, the_pair


async def escalation_rows(storage):
    async with storage.uow() as uow:
        return list((await uow.session.execute(select(EscalationRow))).scalars())


async def test_risky_words_send_crisis_lines_and_alert_coordinators(storage, clock):
    ctx, seeker, peer, coordinator, the_pair = await setup(storage, clock)
    raised = await run(
        storage, risk.screen_seeker_text, ctx, seeker, the_pair, "J’ai envie d’en finir"
    )
    assert raised is True
    gentle = (await texts(storage, seeker))[-1]
    assert "3114" in gentle and "/sos" in gentle
    alert = (await outbox(storage, coordinator))[-1]
    assert "risk words" in alert[1]["text"]
    assert alert[1]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Claim"
    [row] = await escalation_rows(storage)
    assert (row.kind, row.pair_id, row.subject_id, row.status) == (
        "automatic",
        the_pair.id,
        seeker.id,
        "open",
    )
    # The message excerpt is sealed at rest, and only in the escalation.
    assert b"finir" not in (row.reason or b"")
    # Nothing goes to the peer from here: the relay tells them.
    assert not any("finir" in t for t in await texts(storage, peer))


async def test_ordinary_words_do_nothing(storage, clock):
    ctx, seeker, _peer, _coordinator, the_pair = await setup(storage, clock)
    before = len(await outbox(storage, seeker))
    assert not await run(storage, risk.screen_seeker_text, ctx, seeker, the_pair, "mort de rire !")
    assert len(await outbox(storage, seeker)) == before
    assert await escalation_rows(storage) == []


async def test_cooldown_and_one_open_escalation_at_a_time(storage, clock):
    ctx, seeker, _peer, coordinator, the_pair = await setup(storage, clock)
    screen = risk.screen_seeker_text

    async def gentle_count():
        return sum("3114" in t for t in await texts(storage, seeker))

    assert await run(storage, screen, ctx, seeker, the_pair, "je veux mourir")
    clock.advance(hours=2)
    # Within the cooldown, and the first escalation still open: no new message, no new alert.
    assert not await run(storage, screen, ctx, seeker, the_pair, "je veux vraiment mourir")
    assert await gentle_count() == 1
    assert len(await escalation_rows(storage)) == 1
    clock.advance(hours=23)
    # Cooldown over: the seeker hears from us again, coordinators already have it in hand.
    assert not await run(storage, screen, ctx, seeker, the_pair, "je veux mourir")
    assert await gentle_count() == 2
    async with storage.uow() as uow:
        [esc] = await uow.escalations.unresolved_for(seeker.id, "automatic")
        await claims.resolve(uow, ctx, coordinator, esc, "called, safe with family")
        await uow.commit()
    clock.advance(minutes=5)
    # Resolved: a new risky message is a new escalation (message still in cooldown).
    assert await run(storage, screen, ctx, seeker, the_pair, "i want to die")
    assert await gentle_count() == 2
    rows = await escalation_rows(storage)
    assert sorted(r.status for r in rows) == ["open", "resolved"]
    resolved = next(r for r in rows if r.status == "resolved")
    assert resolved.reason is None, "a resolved automatic escalation keeps no message text"
    assert clock.now() - resolved.created_at > timedelta(hours=24)
