"""Matching services on real storage (SQLite and Postgres) with a fake clock: offers, answers,
timeouts, the queue, re-matching when a peer frees up, and the peers' own commands."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.pairs import ENDED
from bot.services.matching import pairing as matching
from bot.services.matching import peer_status
from bot.storage.orm import OfferRow, OutboxRow
from tests.support.matching import add_peer, add_seeker, run


async def sent(storage, person):
    """What the bot would send this person, in order: (method, params)."""
    async with storage.uow() as uow:
        rows = (
            await uow.session.execute(
                select(OutboxRow).where(OutboxRow.person_id == person.id).order_by(OutboxRow.id)
            )
        ).scalars()
        return [(row.method, uow.outbox.open_payload(row)) for row in rows]


async def texts(storage, person):
    return [params.get("text", "") for _method, params in await sent(storage, person)]


async def pending_offer(storage, peer):
    async with storage.uow() as uow:
        offers = await uow.offers.pending_for_peer(peer.id)
    return offers[0] if offers else None


async def state_of(storage, person):
    async with storage.uow() as uow:
        return await uow.people.get(person.id)


async def accept(storage, services, peer, offer_id, message_id=None):
    return await run(storage, matching.accept_offer, services, peer, offer_id, message_id)


async def decline(storage, services, peer, offer_id, message_id=None):
    await run(storage, matching.decline_offer, services, peer, offer_id, message_id)


async def test_best_peer_is_offered_and_accepting_introduces_both(storage, clock, services):
    near = await add_peer(storage, clock, "Alex", topics=("burnout", "grief"))
    await add_peer(storage, clock, "Sam", topics=("burnout",))
    robin = await add_seeker(storage, clock, "Robin", topics=("burnout", "grief"))
    await run(storage, matching.seeker_ready, services, robin)

    assert (await state_of(storage, robin)).seeker_state == "offered"
    offer = await pending_offer(storage, near)
    assert offer is not None
    [(_method, params)] = await sent(storage, near)
    assert "Robin" in params["text"] and "Burnout, Grief" in params["text"]
    assert "English" in params["text"]
    buttons = params["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["Accept", "Decline"]
    assert services.buttons.decode(near.id, buttons[0]["callback_data"]) == (
        "offer.accept",
        [offer.id],
    )
    # Nothing is said to the seeker while a peer is asked: onboarding's last words cover it.
    assert await sent(storage, robin) == []

    pair = await accept(storage, services, near, offer.id, message_id=41)
    assert pair is not None and pair.code.startswith("P") and len(pair.code) == 6
    async with storage.uow() as uow:
        stored = await uow.pairs.by_code(pair.code)
    assert stored is not None and stored.status == "active"
    assert stored.score == offer.parts and stored.score["shared_experience"] == 6.0
    assert (await state_of(storage, robin)).seeker_state == "paired"
    assert (await state_of(storage, robin)).waiting_since is None

    [to_robin] = await texts(storage, robin)
    assert "Alex" in to_robin and "write here" in to_robin
    peer_sends = await sent(storage, near)
    assert peer_sends[1] == (
        "editMessageText",
        {"message_id": 41, "text": "✅ You accepted to support Robin. Thank you."},
    )
    assert "paired with Robin" in peer_sends[2][1]["text"]
    # Identities never cross: no Telegram id of one side in what the other is sent.
    assert str(near.telegram_id) not in to_robin
    assert all(str(robin.telegram_id) not in p.get("text", "") for _m, p in peer_sends)


async def test_decline_moves_the_offer_to_the_next_peer(storage, clock, services):
    first = await add_peer(storage, clock, "Alex", topics=("burnout", "grief"))
    second = await add_peer(storage, clock, "Sam", topics=("burnout",))
    robin = await add_seeker(storage, clock, "Robin", topics=("burnout", "grief"))
    await run(storage, matching.seeker_ready, services, robin)
    offer = await pending_offer(storage, first)

    await decline(storage, services, first, offer.id, message_id=7)

    assert await pending_offer(storage, first) is None
    assert await pending_offer(storage, second) is not None
    assert (await state_of(storage, robin)).seeker_state == "offered"
    method, params = (await sent(storage, first))[-1]
    assert method == "editMessageText" and "declined" in params["text"]
    assert await sent(storage, robin) == []
    # A second press of the same Decline changes nothing and says nothing more.
    await decline(storage, services, first, offer.id, message_id=7)
    assert len(await sent(storage, first)) == 2


async def test_no_answer_in_time_moves_the_offer_on(storage, clock, services):
    first = await add_peer(storage, clock, "Alex", topics=("burnout", "grief"))
    second = await add_peer(storage, clock, "Sam", topics=("burnout",))
    robin = await add_seeker(storage, clock, "Robin", topics=("burnout", "grief"))
    await run(storage, matching.seeker_ready, services, robin)
    offer = await pending_offer(storage, first)

    clock.advance(minutes=59)
    assert await run(storage, matching.expire_offers, services) == 0
    clock.advance(minutes=1)
    assert await run(storage, matching.expire_offers, services) == 1

    assert await pending_offer(storage, second) is not None
    assert "has expired" in (await texts(storage, first))[-1]
    # The late Accept is refused kindly and the buttons go.
    assert await accept(storage, services, first, offer.id, message_id=5) is None
    method, params = (await sent(storage, first))[-1]
    assert method == "editMessageText" and "no longer open" in params["text"]
    assert (await state_of(storage, robin)).seeker_state == "offered"


async def test_nobody_left_means_waiting_and_told_once(storage, clock, services):
    only = await add_peer(storage, clock, "Alex")
    robin = await add_seeker(storage, clock, "Robin")
    await run(storage, matching.seeker_ready, services, robin)
    await decline(storage, services, only, (await pending_offer(storage, only)).id)

    robin_now = await state_of(storage, robin)
    assert robin_now.seeker_state == "waiting" and robin_now.waiting_since == clock.now()
    [told] = await texts(storage, robin)
    assert "queue" in told and "/sos" in told

    # A newcomer is offered, does not answer: back to waiting, but not told a second time.
    late = await add_peer(storage, clock, "Sam", away=True)
    await run(storage, peer_status.come_back, services, late)
    assert await pending_offer(storage, late) is not None
    clock.advance(minutes=61)
    await run(storage, matching.expire_offers, services)
    assert (await state_of(storage, robin)).seeker_state == "waiting"
    assert len(await texts(storage, robin)) == 1
    # ...and neither of them is asked again in this search.
    await run(storage, peer_status.come_back, services, only)
    await run(storage, matching.expire_offers, services)
    assert await pending_offer(storage, only) is None and await pending_offer(storage, late) is None


async def test_seeker_ready_with_no_peer_at_all_queues_at_once(storage, clock, services):
    robin = await add_seeker(storage, clock, "Robin")
    await run(storage, matching.seeker_ready, services, robin)
    assert (await state_of(storage, robin)).seeker_state == "waiting"
    assert len(await texts(storage, robin)) == 1


async def test_freed_capacity_goes_to_the_longest_waiting_seeker(storage, clock, services):
    busy = await add_peer(storage, clock, "Alex", capacity=1)
    first = await add_seeker(storage, clock, "Robin")
    await run(storage, matching.seeker_ready, services, first)
    await accept(storage, services, busy, (await pending_offer(storage, busy)).id)
    clock.advance(minutes=5)
    older = await add_seeker(storage, clock, "Lou")
    await run(storage, matching.seeker_ready, services, older)
    clock.advance(minutes=5)
    newer = await add_seeker(storage, clock, "Kim")
    await run(storage, matching.seeker_ready, services, newer)
    assert (await state_of(storage, older)).seeker_state == "waiting"

    await run(storage, peer_status.set_capacity, services, busy, ["2"])

    offer = await pending_offer(storage, busy)
    assert offer is not None and offer.seeker_id == older.id
    assert (await state_of(storage, newer)).seeker_state == "waiting"
    assert "up to 2 people" in (await texts(storage, busy))[-2]

    # When the first pair ends, the place goes to the next one waiting.
    async with storage.uow() as uow:
        pairs = uow.pairs
        [pair] = await pairs.open_for(first.id)
        pair.status, pair.ended_at, pair.end_reason = ENDED, clock.now(), "seeker"
        await pairs.save(pair)
        await matching.peer_freed(uow, services, busy)
        await uow.commit()
    async with storage.uow() as uow:
        offers = await uow.offers.pending_for_peer(busy.id)
    assert {o.seeker_id for o in offers} == {older.id, newer.id}


async def test_a_past_peer_is_never_offered_again(storage, clock, services):
    alex = await add_peer(storage, clock, "Alex")
    robin = await add_seeker(storage, clock, "Robin")
    await run(storage, matching.seeker_ready, services, robin)
    pair = await accept(storage, services, alex, (await pending_offer(storage, alex)).id)
    async with storage.uow() as uow:
        pair.status, pair.end_reason = ENDED, "blocked"
        await uow.pairs.save(pair)
        await uow.commit()
    robin = await state_of(storage, robin)
    clock.advance(days=1)
    await run(storage, matching.seeker_ready, services, robin)
    assert await pending_offer(storage, alex) is None
    assert (await state_of(storage, robin)).seeker_state == "waiting"


async def test_away_passes_pending_offers_on_and_stops_new_ones(storage, clock, services):
    alex = await add_peer(storage, clock, "Alex", topics=("burnout", "grief"))
    sam = await add_peer(storage, clock, "Sam")
    robin = await add_seeker(storage, clock, "Robin", topics=("burnout", "grief"))
    await run(storage, matching.seeker_ready, services, robin)
    offer = await pending_offer(storage, alex)

    await run(storage, peer_status.go_away, services, alex)

    assert (await state_of(storage, alex)).peer_away
    assert await pending_offer(storage, sam) is not None
    assert await accept(storage, services, alex, offer.id) is None
    lou = await add_seeker(storage, clock, "Lou", topics=("burnout", "grief"))
    await run(storage, matching.seeker_ready, services, lou)
    assert await pending_offer(storage, alex) is None
    await run(storage, peer_status.go_away, services, alex)
    assert "already away" in (await texts(storage, alex))[-1]


async def test_only_approved_peers_have_the_peer_commands(storage, clock, services):
    robin = await add_seeker(storage, clock, "Robin")
    for call, args in (
        (peer_status.go_away, ()),
        (peer_status.come_back, ()),
        (peer_status.set_capacity, (["2"],)),
    ):
        await run(storage, call, services, robin, *args)
    assert (
        await texts(storage, robin)
        == ["I don't know that command. /help lists what you can do here."] * 3
    )


async def test_capacity_outside_the_range_gets_the_usage_line(storage, clock, services):
    alex = await add_peer(storage, clock, "Alex", capacity=2)
    for args in ([], ["0"], ["6"], ["two"], ["2", "3"], ["٣"], ["-1"]):
        await run(storage, peer_status.set_capacity, services, alex, args)
    answers = await texts(storage, alex)
    assert len(answers) == 7 and all("from 1 to 5" in a for a in answers)
    assert (await state_of(storage, alex)).peer_capacity == 2


async def test_lowering_capacity_below_the_load_ends_nothing(storage, clock, services):
    alex = await add_peer(storage, clock, "Alex", capacity=2)
    for name in ("Robin", "Lou"):
        seeker = await add_seeker(storage, clock, name)
        await run(storage, matching.seeker_ready, services, seeker)
    await run(storage, peer_status.set_capacity, services, alex, ["1"])
    assert "You currently have 2" in (await texts(storage, alex))[-1]
    async with storage.uow() as uow:
        assert len(await uow.offers.pending_for_peer(alex.id)) == 2


async def test_another_peer_cannot_answer_someone_elses_offer(storage, clock, services):
    alex = await add_peer(storage, clock, "Alex")
    sam = await add_peer(storage, clock, "Sam", topics=())
    robin = await add_seeker(storage, clock, "Robin")
    await run(storage, matching.seeker_ready, services, robin)
    offer = await pending_offer(storage, alex)
    assert await accept(storage, services, sam, offer.id) is None
    assert "no longer open" in (await texts(storage, sam))[-1]
    assert (await pending_offer(storage, alex)).id == offer.id


async def test_coordinator_pair_up_withdraws_the_pending_offer(storage, clock, services):
    alex = await add_peer(storage, clock, "Alex", topics=("burnout", "grief"))
    sam = await add_peer(storage, clock, "Sam")
    robin = await add_seeker(storage, clock, "Robin", topics=("burnout", "grief"))
    await run(storage, matching.seeker_ready, services, robin)
    robin = await state_of(storage, robin)
    pair = await run(
        storage,
        matching.pair_up,
        services,
        robin,
        sam,
        {"load_balance": 1.0},
        handover_note="Prefers evenings",
    )
    assert pair.handover_note == "Prefers evenings"
    assert "withdrawn" in (await texts(storage, alex))[-1]
    assert "Prefers evenings" in (await texts(storage, sam))[-1]
    async with storage.uow() as uow:
        statuses = (await uow.session.execute(select(OfferRow.status))).scalars().all()
    assert statuses == ["cancelled"]
