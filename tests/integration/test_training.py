"""The training path's services on both backends: the gate that holds a peer out of matching,
quizzes, expiry and its reminders, the grace period given on upgrade, erasure and retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.domain.matching import TRAINING
from bot.services.coordination import lists as coord_lists
from bot.services.coordination import pairs as coord_pairs
from bot.services.matching import pairing
from bot.services.privacy import rights
from bot.services.shared.coordinators import Command
from bot.services.training import coordinators as training_coord
from bot.services.training import path, quiz
from bot.storage.orm import (
    OfferRow,
    OutboxRow,
    TrainingHoursRow,
    TrainingPeerRow,
    TrainingResultRow,
)
from tests.support.context import make_ctx
from tests.support.factories import add_person
from tests.support.training import module_toml, write_modules

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def ctx(clock, tmp_path: Path):
    folder = write_modules(
        tmp_path / "modules",
        {
            "listening": module_toml("Listening", valid_months=1, order=1),
            "extra": module_toml("Extra", required=False, order=2),
        },
    )
    clock.set(T0)
    return make_ctx(
        clock, training={"folder": str(folder), "reminder_days": 7, "retry_minutes": 30}
    )


async def texts(storage, person) -> list[str]:
    async with storage.uow() as uow:
        rows = (
            await uow.session.execute(
                select(OutboxRow).where(OutboxRow.person_id == person.id).order_by(OutboxRow.id)
            )
        ).scalars()
        return [uow.outbox.open_payload(r).get("text", "") for r in rows if r.payload]


async def run(storage, ctx, fn, *args):
    async with storage.uow() as uow:
        result = await fn(uow, ctx, *args)
        await uow.commit()
    return result


async def fresh(storage, person):
    async with storage.uow() as uow:
        return await uow.people.get(person.id)


async def take(storage, ctx, peer, module_id: str, options: list[int]) -> None:
    await run(storage, ctx, quiz.start, await fresh(storage, peer), module_id)
    for index, option in enumerate(options):
        await run(
            storage,
            ctx,
            quiz.answer,
            await fresh(storage, peer),
            module_id,
            str(index),
            str(option),
        )


async def offers_to(storage, peer) -> int:
    async with storage.uow() as uow:
        found = await uow.session.execute(
            select(func.count()).select_from(OfferRow).where(OfferRow.peer_id == peer.id)
        )
        return int(found.scalar_one())


@pytest.fixture
async def network(storage, ctx):
    """A coordinator, a waiting seeker, training introduced (no peer yet), then an approved
    peer who has room: what onboarding's approval announces."""
    async with storage.uow() as uow:
        coordinator = await add_person(uow, 301, "Coord", coordinator=True)
        seeker = await add_person(uow, 302, "Robin", seeker=True)
        await uow.commit()
    await run(storage, ctx, path.review)
    async with storage.uow() as uow:
        peer = await add_person(uow, 303, "Alex", peer=True)
        await uow.commit()
    return coordinator, seeker, peer


async def approve(storage, ctx, peer) -> None:
    from bot.domain.events import PeerHasRoom

    async with storage.uow() as uow:
        await ctx.publish(uow, PeerHasRoom(await uow.people.get(peer.id)))
        await uow.commit()


async def test_a_new_peer_is_held_until_the_required_module_is_passed(storage, ctx, network):
    _coordinator, seeker, peer = network
    await approve(storage, ctx, peer)
    assert await offers_to(storage, peer) == 0
    async with storage.uow() as uow:
        refused = await coord_pairs.refusals(uow, seeker, await uow.people.get(peer.id))
    assert TRAINING in refused
    # A failed quiz holds them still, and says which answer was wrong and why.
    await take(storage, ctx, peer, "listening", [0, 1, 1])
    assert await offers_to(storage, peer) == 0
    said = await texts(storage, peer)
    assert any("You answered: A wrong one" in t and "Because 1 says so." in t for t in said)
    # Retaken too early: refused kindly, nothing recorded.
    await run(storage, ctx, quiz.start, await fresh(storage, peer), "listening")
    assert "again in 30 min" in (await texts(storage, peer))[-1]
    ctx.clock.advance(minutes=30)
    await take(storage, ctx, peer, "listening", [1, 1, 1])
    # Passed: released, and the waiting seeker is offered to them at once.
    assert await offers_to(storage, peer) == 1
    async with storage.uow() as uow:
        assert not await uow.training.held_ids([peer.id])
        attempts = await uow.training.attempts_by_module()
    assert attempts == {"listening": (2, 1)}


async def test_an_old_button_or_a_crafted_answer_changes_nothing(storage, ctx, network):
    _coordinator, _seeker, peer = network
    await approve(storage, ctx, peer)
    await run(storage, ctx, quiz.start, await fresh(storage, peer), "listening")
    for index, option in (("1", "1"), ("0", "9"), ("x", "1")):
        await run(storage, ctx, quiz.answer, await fresh(storage, peer), "listening", index, option)
    async with storage.uow() as uow:
        state = await uow.training.peer(peer.id)
        results = (
            await uow.session.execute(select(func.count()).select_from(TrainingResultRow))
        ).scalar_one()
    assert state is not None and state.quiz_answers == "" and results == 0


async def test_expiry_is_reminded_then_holds_and_coordinators_are_told(storage, ctx, network):
    coordinator, _seeker, peer = network
    await approve(storage, ctx, peer)
    await take(storage, ctx, peer, "listening", [1, 1, 1])
    ctx.clock.set(T0 + timedelta(days=25))
    await run(storage, ctx, path.review)
    await run(storage, ctx, path.review)
    reminders = [t for t in await texts(storage, peer) if "expires on 2026-04-02" in t]
    assert len(reminders) == 1
    async with storage.uow() as uow:
        assert not await uow.training.held_ids([peer.id])
    ctx.clock.set(T0 + timedelta(days=31, hours=1))
    await run(storage, ctx, path.review)
    async with storage.uow() as uow:
        assert await uow.training.held_ids([peer.id])
    assert any(
        "is no longer offered to new seekers" in t for t in await texts(storage, coordinator)
    )


async def test_peers_approved_before_training_keep_matching_through_the_grace_period(storage, ctx):
    async with storage.uow() as uow:
        coordinator = await add_person(uow, 311, "Coord", coordinator=True)
        peer = await add_person(uow, 312, "Old", peer=True)
        await uow.commit()
    await run(storage, ctx, path.review)
    async with storage.uow() as uow:
        assert not await uow.training.held_ids()
        state = await uow.training.peer(peer.id)
    assert state is not None and state.grace_until == T0 + timedelta(days=30)
    # Nothing said on the day of the upgrade; a week before the end, both are told.
    assert await texts(storage, peer) == [] and await texts(storage, coordinator) == []
    # /training lists who will leave matching, and when.
    async with storage.uow() as uow:
        await training_coord.overview(uow, ctx, await uow.people.get(coordinator.id))
        await uow.commit()
    overview = (await texts(storage, coordinator))[-1]
    assert "In their grace period, not trained yet" in overview
    assert f"Old ({peer.code}): 2026-04-01" in overview
    ctx.clock.set(T0 + timedelta(days=23, minutes=1))
    await run(storage, ctx, path.review)
    assert any("remain available to seekers until" in t for t in await texts(storage, peer))
    told = await texts(storage, coordinator)
    assert any("1 peer(s) approved before" in t for t in told)
    ctx.clock.set(T0 + timedelta(days=30, minutes=1))
    await run(storage, ctx, path.review)
    async with storage.uow() as uow:
        assert await uow.training.held_ids() == {peer.id}


async def test_a_held_peer_freed_is_not_offered_the_waiting_seekers(storage, ctx, network):
    _coordinator, _seeker, peer = network
    await approve(storage, ctx, peer)
    async with storage.uow() as uow:
        await pairing.peer_freed(uow, ctx, await uow.people.get(peer.id))
        await uow.commit()
    assert await offers_to(storage, peer) == 0


async def test_erasure_reaches_training_rows_and_keeps_hours_anonymous(storage, ctx, network):
    coordinator, _seeker, peer = network
    await approve(storage, ctx, peer)
    await take(storage, ctx, peer, "listening", [0, 0, 0])
    async with storage.uow() as uow:
        await uow.training.add_hours(peer.id, coordinator.id, 90, "Workshop", ctx.clock.now())
        await uow.commit()
    async with storage.uow() as uow:
        await rights.forget(uow, ctx, await uow.people.get(peer.id), None)
        await uow.commit()
    async with storage.uow() as uow:
        s = uow.session
        assert (
            await s.execute(select(func.count()).select_from(TrainingPeerRow))
        ).scalar_one() == 0
        assert (
            await s.execute(select(func.count()).select_from(TrainingResultRow))
        ).scalar_one() == 0
        hours = (await s.execute(select(TrainingHoursRow))).scalars().all()
    assert [(h.person_id, h.topic, h.minutes) for h in hours] == [(None, None, 90)]


async def test_mydata_holds_the_quizzes_and_hours_opened(storage, ctx, network):
    coordinator, _seeker, peer = network
    await approve(storage, ctx, peer)
    await take(storage, ctx, peer, "listening", [1, 1, 1])
    async with storage.uow() as uow:
        await uow.training.add_hours(peer.id, coordinator.id, 90, "Workshop", ctx.clock.now())
        await uow.commit()
    async with storage.uow() as uow:
        data = (await rights.export(uow, await uow.people.get(peer.id)))["training"]
    assert data["quizzes"][0]["module"] == "listening" and data["quizzes"][0]["passed"]
    assert data["hours_logged"] == [{"hours": 1.5, "topic": "Workshop", "at": T0.isoformat()}]


async def test_peers_list_why_and_match_name_the_training_state(storage, ctx, network):
    coordinator, seeker, peer = network
    await approve(storage, ctx, peer)
    async with storage.uow() as uow:
        await coord_lists.show(uow, ctx, coordinator, "peers")
        await coord_pairs.why(uow, ctx, coordinator, Command("why", peer.code))
        await coord_pairs.match(
            uow, ctx, coordinator, Command("match", f"{seeker.code} {peer.code}")
        )
        await uow.commit()
    peers, why, match = (await texts(storage, coordinator))[-3:]
    assert f"Alex ({peer.code})" in peers and "training blocked" in peers
    assert "last debrief never" in peers and "0 escalation(s) in their pairs" in peers
    assert "• training: a required training module is not passed" in why and "Listening" in why
    assert "a required training module is not passed" in match
    await take(storage, ctx, peer, "listening", [1, 1, 1])
    async with storage.uow() as uow:
        await coord_lists.show(uow, ctx, coordinator, "peers")
        await uow.commit()
    assert "training up to date" in (await texts(storage, coordinator))[-1]
