"""Suspension on both backends: no alert to a suspended coordinator, nothing asked of a suspended
person, and /unsuspend gives back exactly what the suspension took (queue place, pauses)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.pairs import ACTIVE, PAUSED
from bot.domain.relay import PAUSED_BY_COORDINATION
from bot.services.coordination import commands as coordination
from bot.services.followup import checkins, housekeeping
from bot.services.matching import pairing as matching
from bot.services.relay import conversation
from bot.services.relay import routing as relay
from tests.support.context import make_ctx
from tests.support.coord import add, fresh, outbox, person, run, texts

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


async def command(storage, ctx, coordinator, text: str) -> None:
    await run(storage, coordination.run, ctx, await fresh(storage, coordinator), text)


async def test_unsuspend_gives_a_waiting_seeker_back_their_place_in_the_queue(storage, clock):
    clock.set(START)
    ctx = make_ctx(clock, storage)
    coord = person(clock, 1, role="coordinator")
    early = person(clock, 10, pseudonym="Lune", waiting_for=timedelta(hours=5))
    later = person(clock, 11, pseudonym="Nuage", waiting_for=timedelta(hours=1))
    peer = person(clock, 20, role="peer", pseudonym="Soleil", capacity=1)
    peer.peer_away = True  # nobody can be offered yet: both wait
    await add(storage, coord, early, later, peer)
    await command(storage, ctx, coord, f"/suspend {early.code} insults")
    assert (await fresh(storage, early)).seeker_state == "none"
    clock.advance(hours=2)
    await command(storage, ctx, coord, f"/unsuspend {early.code}")
    back = await fresh(storage, early)
    assert (back.seeker_state, back.waiting_since) == ("waiting", START - timedelta(hours=5))
    # The peer comes back with room for one: the longest waiting seeker is offered first.
    async with storage.uow() as uow:
        here = await uow.people.get(peer.id)
        assert here is not None
        here.peer_away = False
        await uow.people.save(here)
        await matching.peer_freed(uow, ctx, here)
        await uow.commit()
    assert (await fresh(storage, early)).seeker_state == "offered"
    assert (await fresh(storage, later)).seeker_state == "waiting"


async def test_a_suspended_coordinator_receives_no_alert(storage, clock):
    clock.set(START)
    ctx = make_ctx(clock, storage)
    boss = person(clock, 1, role="coordinator")
    helper = person(clock, 2, role="coordinator")
    seeker = person(clock, 10, pseudonym="Lune", waiting_for=timedelta(days=3))
    await add(storage, boss, helper, seeker)
    await command(storage, ctx, boss, f"/suspend {helper.code} left the team")
    async with storage.uow() as uow:
        assert await housekeeping.alert_long_waits(uow, ctx) == 1
        assert {c.id for c in await uow.people.coordinators()} == {boss.id}
        await uow.commit()
    assert any(seeker.code in t for t in await texts(storage, boss))
    assert not any(seeker.code in t for t in await texts(storage, helper))


async def test_a_pause_lifted_by_the_partner_during_a_suspension_waits_for_the_unsuspension(
    storage, clock
):
    clock.set(START)
    ctx = make_ctx(clock, storage)
    coord = person(clock, 1, role="coordinator")
    seeker = person(clock, 10, pseudonym="Lune")
    peer = person(clock, 20, role="peer", pseudonym="Soleil")
    await add(storage, coord, seeker, peer)
    async with storage.uow() as uow:
        s, p = await uow.people.get(seeker.id), await uow.people.get(peer.id)
        assert s is not None and p is not None
        pair = await matching.pair_up(uow, ctx, s, p, {})
        await uow.commit()
    await run(storage, conversation.pause, ctx, await fresh(storage, seeker))
    await command(storage, ctx, coord, f"/suspend {peer.code} shared a phone number")
    await run(storage, conversation.resume, ctx, await fresh(storage, seeker))
    assert "coordinator paused this conversation" in (await texts(storage, seeker))[-1]
    async with storage.uow() as uow:
        held = await uow.pairs.get(pair.id)
    assert held is not None and (held.status, held.paused_by) == (PAUSED, PAUSED_BY_COORDINATION)
    # Nothing is asked of the suspended peer meanwhile.
    clock.advance(days=ctx.settings.checkins.every_days + 1)
    for _ in range(2):
        await run(storage, checkins.sweep, ctx)
        clock.advance(hours=12)
    assert not any("Checking in" in t for t in await texts(storage, peer))
    await command(storage, ctx, coord, f"/unsuspend {peer.code}")
    async with storage.uow() as uow:
        resumed = await uow.pairs.get(pair.id)
    assert resumed is not None and (resumed.status, resumed.paused_by) == (ACTIVE, None)
    # Lifted: check-ins come back.
    for _ in range(2 * ctx.settings.checkins.every_days + 2):
        await run(storage, checkins.sweep, ctx)
        clock.advance(hours=12)
    assert any("Checking in" in t for t in await texts(storage, peer))


async def test_match_and_reassign_never_pair_a_suspended_seeker(storage, clock):
    clock.set(START)
    ctx = make_ctx(clock, storage)
    coord = person(clock, 1, role="coordinator")
    seeker = person(clock, 10, pseudonym="Lune")
    seeker.seeker_state = "none"
    peer = person(clock, 20, role="peer", pseudonym="Soleil")
    other = person(clock, 21, role="peer", pseudonym="Nuage")
    await add(storage, coord, seeker, peer, other)
    async with storage.uow() as uow:
        s, p = await uow.people.get(seeker.id), await uow.people.get(peer.id)
        assert s is not None and p is not None
        pair = await matching.pair_up(uow, ctx, s, p, {})
        await uow.commit()
    await command(storage, ctx, coord, f"/suspend {seeker.code} insults")
    await command(storage, ctx, coord, f"/reassign {pair.code}")
    assert "the seeker is suspended" in (await texts(storage, coord))[-1]
    assert not any("waiting" in t.lower() for t in (await texts(storage, seeker))[-2:])
    async with storage.uow() as uow:
        assert [p.id for p in await uow.pairs.open_for(seeker.id)] == [pair.id]
    await command(storage, ctx, coord, f"/reassign {pair.code} {other.code}")
    assert "the seeker is suspended" in (await texts(storage, coord))[-1]
    await command(storage, ctx, coord, f"/endpair {pair.code}")
    await command(storage, ctx, coord, f"/match {seeker.code} {other.code}")
    assert "the seeker is suspended" in (await texts(storage, coord))[-1]
    async with storage.uow() as uow:
        assert await uow.pairs.open_for(seeker.id) == []


async def test_messages_on_hold_are_explained_once_an_hour_and_afresh_after_a_new_suspension(
    storage, clock
):
    clock.set(START)
    ctx = make_ctx(clock, storage)
    coord = person(clock, 1, role="coordinator")
    seeker = person(clock, 10, pseudonym="Lune")
    peer = person(clock, 20, role="peer", pseudonym="Soleil")
    await add(storage, coord, seeker, peer)
    async with storage.uow() as uow:
        s, p = await uow.people.get(seeker.id), await uow.people.get(peer.id)
        assert s is not None and p is not None
        await matching.pair_up(uow, ctx, s, p, {})
        await uow.commit()
    on_hold = ctx.t("en", "relay.on_hold")
    message_id = 100

    async def write() -> None:
        nonlocal message_id
        message_id += 1
        message = {"message_id": message_id, "chat": {"id": 20}, "date": 0, "text": "hello?"}
        sender = relay.Sender(await fresh(storage, peer), 20)
        await run(storage, relay.on_message, ctx, sender, message)

    async def told() -> int:
        return sum(t == on_hold for t in await texts(storage, peer))

    await command(storage, ctx, coord, f"/suspend {peer.code} insults")
    await write()
    await write()
    assert await told() == 1
    clock.advance(minutes=61)
    await write()
    assert await told() == 2
    await command(storage, ctx, coord, f"/unsuspend {peer.code}")
    await command(storage, ctx, coord, f"/suspend {peer.code} insults again")
    await write()
    assert await told() == 3
    assert not [m for m, _params in await outbox(storage, seeker) if m == "copyMessage"]
