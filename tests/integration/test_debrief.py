"""Debriefs on both backends, at service level: the hard moments other features announce
(events, circles' included) become one offer, sent when due; the three answers are sealed,
reach the coordinators on duty, are claimed once and given a time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.domain.events import CircleSessionClosed, HeavyCheckin, PairBlocked, PairReassigned
from bot.services.training import debriefs
from bot.storage.orm import DebriefRow, OutboxRow
from tests.support.context import make_ctx
from tests.support.coord import audit_rows
from tests.support.factories import add_pair, add_person

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def ctx(clock):
    clock.set(T0)
    return make_ctx(clock, training={"debrief_offer_delay_minutes": 120})


@pytest.fixture
async def people(storage):
    async with storage.uow() as uow:
        coordinators = [
            await add_person(uow, 401, "Coord", coordinator=True),
            await add_person(uow, 402, "Other", coordinator=True),
        ]
        seeker = await add_person(uow, 403, "Robin", seeker=True)
        peer = await add_person(uow, 404, "Alex", peer=True)
        pair = await add_pair(uow, seeker, peer)
        await uow.commit()
    return coordinators, seeker, peer, pair


async def texts(storage, person) -> list[str]:
    async with storage.uow() as uow:
        rows = (
            await uow.session.execute(
                select(OutboxRow).where(OutboxRow.person_id == person.id).order_by(OutboxRow.id)
            )
        ).scalars()
        return [uow.outbox.open_payload(r).get("text", "") for r in rows if r.payload]


async def publish(storage, ctx, event) -> None:
    async with storage.uow() as uow:
        await ctx.publish(uow, event)
        await uow.commit()


async def rows(storage) -> list[DebriefRow]:
    async with storage.uow() as uow:
        return list((await uow.session.execute(select(DebriefRow))).scalars())


async def run(storage, ctx, fn, *args):
    async with storage.uow() as uow:
        person = await uow.people.get(args[0].id) if args else None
        result = await fn(uow, ctx, *([person, *args[1:]] if args else []))
        await uow.commit()
    return result


async def test_a_closed_circle_offers_its_facilitator_a_debrief_once_due(storage, ctx, people):
    _coordinators, _seeker, peer, _pair = people
    await publish(
        storage,
        ctx,
        CircleSessionClosed(circle_id="c1", facilitator_ids=(peer.id, "no-such-person")),
    )
    [row] = await rows(storage)
    assert (row.peer_id, row.trigger, row.status) == (peer.id, "circle", "due")
    # Not in the middle of it: nothing until the delay is over.
    assert await run(storage, ctx, debriefs.send_offers) == 0
    ctx.clock.advance(minutes=121)
    assert await run(storage, ctx, debriefs.send_offers) == 1
    assert any("Thank you for facilitating the circle" in t for t in await texts(storage, peer))
    async with storage.uow() as uow:
        load = await uow.training.circles_in("2026-03", [peer.id])
    assert load == {peer.id: 1}


async def test_hard_moments_give_one_offer_at_a_time(storage, ctx, people):
    _coordinators, _seeker, peer, pair = people
    await publish(storage, ctx, HeavyCheckin(peer.id))
    await publish(storage, ctx, PairReassigned(pair.id, peer.id))
    await publish(storage, ctx, PairBlocked(pair.id, peer.id))
    assert [(r.trigger, r.status) for r in await rows(storage)] == [("checkin", "due")]


async def test_answers_are_sealed_sent_to_coordinators_and_claimed_once(storage, ctx, people):
    (first, second), seeker, peer, _pair = people
    await run(storage, ctx, debriefs.ask, peer)
    for words in ("It was hard.", "Tired.", "A talk."):
        async with storage.uow() as uow:
            taken = await debriefs.take_answer(uow, ctx, await uow.people.get(peer.id), words)
            await uow.commit()
        assert taken
    [row] = await rows(storage)
    assert row.status == "waiting" and b"Tired" not in (row.answers or b"")
    for coordinator in (first, second):
        assert any("Tired." in t and "A talk." in t for t in await texts(storage, coordinator))
    # A seeker's text is never taken as an answer; a non-coordinator cannot claim.
    async with storage.uow() as uow:
        assert not await debriefs.take_answer(uow, ctx, await uow.people.get(seeker.id), "hi")
    await run(storage, ctx, debriefs.claim, seeker, row.id)
    assert (await rows(storage))[0].status == "waiting"
    await run(storage, ctx, debriefs.claim, first, row.id)
    await run(storage, ctx, debriefs.claim, second, row.id)
    [row] = await rows(storage)
    assert row.status == "claimed" and row.claimed_by == first.id
    assert any("already claimed" in t for t in await texts(storage, second))
    claims = {(a.actor_id, a.action, a.outcome) for a in await audit_rows(storage)}
    assert claims == {(first.id, "debrief.claim", "ok"), (second.id, "debrief.claim", "taken")}
    # Only the claimer proposes a time; the peer accepts it.
    await run(storage, ctx, debriefs.pick_time, second, row.id, "1", "1400")
    assert (await rows(storage))[0].talk_at is None
    await run(storage, ctx, debriefs.pick_time, first, row.id, "1", "1300")
    await run(storage, ctx, debriefs.respond, peer, row.id, "yes")
    [row] = await rows(storage)
    assert row.status == "scheduled" and row.talk_at == datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
    async with storage.uow() as uow:
        spans = await uow.training.offer_to_talk_spans()
        covered = await uow.training.debriefed_since(T0)
    assert spans == [(T0, row.talk_at)] and set(covered) == {peer.id}
    # Both are reminded an hour before, once.
    ctx.clock.set(datetime(2026, 3, 3, 11, 5, tzinfo=UTC))
    assert await run(storage, ctx, debriefs.send_offers) == 1
    assert await run(storage, ctx, debriefs.send_offers) == 0
    for who in (peer, first):
        assert any("Reminder: debrief" in t for t in await texts(storage, who))


async def test_debriefs_are_for_peers(storage, ctx, people):
    _coordinators, seeker, _peer, _pair = people
    await run(storage, ctx, debriefs.ask, seeker)
    assert "Debriefs are for peers" in (await texts(storage, seeker))[-1]
    assert await rows(storage) == []


async def test_a_peer_in_distress_in_their_answers_gets_crisis_lines_first(storage, ctx, people):
    _coordinators, _seeker, peer, _pair = people
    await run(storage, ctx, debriefs.ask, peer)
    for words in ("A hard evening with my seeker.", "I want to kill myself tonight."):
        async with storage.uow() as uow:
            await debriefs.take_answer(uow, ctx, await uow.people.get(peer.id), words)
            await uow.commit()
    said = await texts(storage, peer)
    assert any("116 123" in t or "3114" in t or "112" in t for t in said)
    async with storage.uow() as uow:
        opened = await uow.escalations.open_about(peer.id)
    assert opened is not None


@pytest.mark.parametrize(
    ("kind", "with_pair", "trigger"),
    [("report", True, "reported"), ("automatic", False, "escalation")],
)
async def test_an_escalation_about_a_pair_offers_its_peer_a_debrief(
    storage, ctx, people, kind, with_pair, trigger
):
    from bot.services.escalations.alerts import open_escalation

    _coordinators, seeker, peer, pair = people
    async with storage.uow() as uow:
        await open_escalation(
            uow,
            ctx,
            kind=kind,
            subject=await uow.people.get(seeker.id),
            opened_by=None,
            reason="words",
            pair_id=pair.id if with_pair else None,
        )
        await uow.commit()
    assert [(r.peer_id, r.trigger) for r in await rows(storage)] == [(peer.id, trigger)]


async def test_retention_blanks_debrief_answers_but_keeps_the_count(storage, ctx, people):
    from bot.services.followup import housekeeping

    _coordinators, _seeker, peer, _pair = people
    await run(storage, ctx, debriefs.ask, peer)
    async with storage.uow() as uow:
        await debriefs.take_answer(uow, ctx, await uow.people.get(peer.id), "Words.")
        await uow.commit()
    ctx.clock.advance(days=ctx.settings.retention.days + 1)
    await run(storage, ctx, housekeeping.purge)
    [row] = await rows(storage)
    assert row.answers is None and row.trigger == "asked"
