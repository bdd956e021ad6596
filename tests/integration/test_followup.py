"""Follow-up services on both backends, with a clock the tests move (never sleeping)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.services.followup import checkins, housekeeping, talk_times
from bot.services.shared import counts
from bot.storage.orm import CheckinRow, EscalationRow, OutboxRow
from tests.support.factories import add_pair, add_person


async def sent_texts(storage, person) -> list[str]:
    async with storage.uow() as uow:
        rows = (
            (
                await uow.session.execute(
                    select(OutboxRow).where(OutboxRow.person_id == person.id).order_by(OutboxRow.id)
                )
            )
            .scalars()
            .all()
        )
        return [uow.outbox.open_payload(r).get("text", "") for r in rows if r.payload]


async def sweep(storage, services, fn) -> int:
    async with storage.uow() as uow:
        done = await fn(uow, services)
        await uow.commit()
    return done


@pytest.fixture
async def pair_in_two_zones(storage, clock):
    # Monday 2026-03-02 10:00 UTC: 11:00 in Paris, 05:00 in Montreal.
    clock.set(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    async with storage.uow() as uow:
        seeker = await add_person(uow, 101, "Colibri", seeker=True, timezone="Europe/Paris")
        peer = await add_person(
            uow, 102, "Héron", peer=True, timezone="America/Montreal", language="fr"
        )
        coordinator = await add_person(uow, 103, "Coord", coordinator=True)
        pair = await add_pair(uow, seeker, peer)
        await uow.commit()
    return seeker, peer, coordinator, pair


async def test_checkins_fall_in_each_persons_own_day_never_in_quiet_hours(
    storage, services, clock, pair_in_two_zones
):
    seeker, peer, _c, _pair = pair_in_two_zones
    await sweep(storage, services, checkins.sweep)
    async with storage.uow() as uow:
        due = {
            r.person_id: r.due_at for r in (await uow.session.execute(select(CheckinRow))).scalars()
        }
    # Seven days on: 11:00 in Paris is allowed; 05:00 in Montreal is quiet, so 09:00 there.
    assert due[seeker.id] == datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
    assert due[peer.id] == datetime(2026, 3, 9, 13, 0, tzinfo=UTC)
    clock.advance(days=7)
    await sweep(storage, services, checkins.sweep)
    assert any("how helpful" in t for t in await sent_texts(storage, seeker))
    assert not any("échange" in t for t in await sent_texts(storage, peer)), (
        "not before 09:00 Montreal"
    )
    clock.advance(hours=3)
    await sweep(storage, services, checkins.sweep)
    assert any("comment vivez-vous" in t for t in await sent_texts(storage, peer))
    # Sweeping again sends nothing twice.
    before = len(await sent_texts(storage, seeker)) + len(await sent_texts(storage, peer))
    await sweep(storage, services, checkins.sweep)
    assert len(await sent_texts(storage, seeker)) + len(await sent_texts(storage, peer)) == before


async def _sent_checkin(storage, person) -> CheckinRow:
    async with storage.uow() as uow:
        return (
            await uow.session.execute(
                select(CheckinRow).where(
                    CheckinRow.person_id == person.id, CheckinRow.status == "sent"
                )
            )
        ).scalar_one()


@pytest.mark.parametrize(
    ("role", "code", "escalation", "away", "coordinator_told"),
    [
        ("seeker", "urgent", True, False, True),
        ("seeker", "1", True, False, True),
        ("seeker", "4", False, False, False),
        ("peer", "break", False, True, True),
        ("peer", "coord", True, False, True),
        ("peer", "fine", False, False, False),
    ],
)
async def test_each_checkin_answer_has_its_effect(
    storage, services, clock, pair_in_two_zones, role, code, escalation, away, coordinator_told
):
    seeker, peer, coordinator, _pair = pair_in_two_zones
    await sweep(storage, services, checkins.sweep)
    clock.advance(days=7, hours=4)
    await sweep(storage, services, checkins.sweep)
    who = seeker if role == "seeker" else peer
    row = await _sent_checkin(storage, who)
    told_before = len(await sent_texts(storage, coordinator))
    async with storage.uow() as uow:
        person = await uow.people.get(who.id)
        await checkins.answer(uow, services, person, row.id, code)
        await uow.commit()
    async with storage.uow() as uow:
        escalations = (
            await uow.session.execute(select(func.count()).select_from(EscalationRow))
        ).scalar_one()
        refreshed = await uow.people.get(who.id)
        totals = await counts.totals(uow, "checkin.")
    assert (escalations > 0) is escalation
    assert refreshed.peer_away is away
    assert (len(await sent_texts(storage, coordinator)) > told_before) is coordinator_told
    assert totals == {f"checkin.{role}.{code}": 1}
    if code == "urgent":
        # Crisis lines come first, before anything else is said.
        assert "116 123" in (await sent_texts(storage, who))[-1]


async def test_unanswered_checkins_stop_and_coordinators_are_told_once(
    storage, services, clock, pair_in_two_zones
):
    seeker, _peer, coordinator, _pair = pair_in_two_zones
    limit = services.settings.checkins.max_unanswered
    for _ in range(limit + 3):
        await sweep(storage, services, checkins.sweep)
        clock.advance(days=7, hours=4)
    await sweep(storage, services, checkins.sweep)
    alerts = [t for t in await sent_texts(storage, coordinator) if "has not answered" in t]
    asked = [t for t in await sent_texts(storage, seeker) if "how helpful" in t]
    assert len(alerts) == 2  # one for each side, once
    assert len(asked) == limit


async def test_silence_is_nudged_then_reported(storage, services, clock, pair_in_two_zones):
    seeker, peer, coordinator, _pair = pair_in_two_zones
    days = services.settings.checkins.inactive_days
    clock.advance(days=days - 1)
    assert await sweep(storage, services, housekeeping.nudge_silent_pairs) == 0
    clock.advance(days=1, minutes=1)
    assert await sweep(storage, services, housekeeping.nudge_silent_pairs) == 1
    assert await sweep(storage, services, housekeeping.nudge_silent_pairs) == 0, "nudged once"
    assert any("gentle nudge" in t for t in await sent_texts(storage, seeker))
    assert any("petit signe" in t for t in await sent_texts(storage, peer))
    clock.advance(days=days)
    assert await sweep(storage, services, housekeeping.nudge_silent_pairs) == 1
    assert any("has been silent" in t for t in await sent_texts(storage, coordinator))


async def test_a_long_wait_is_reported_once(storage, services, clock):
    async with storage.uow() as uow:
        waiting = await add_person(uow, 201, "Lune", seeker=True)
        coordinator = await add_person(uow, 202, "Coord", coordinator=True)
        await uow.commit()
    clock.advance(hours=services.settings.matching.alert_waiting_hours + 1)
    assert await sweep(storage, services, housekeeping.alert_long_waits) == 1
    assert await sweep(storage, services, housekeeping.alert_long_waits) == 0
    assert any(waiting.code in t for t in await sent_texts(storage, coordinator))


async def test_schedule_propose_counter_accept_remind_cancel(
    storage, services, clock, pair_in_two_zones
):
    seeker, peer, _c, pair = pair_in_two_zones
    async with storage.uow() as uow:
        me = await uow.people.get(seeker.id)
        await talk_times.pick_time(uow, services, me, pair.code, "1", "1800")  # Tue 18:00 Paris
        await uow.commit()
    peer_texts = await sent_texts(storage, peer)
    assert "mar. 3 mars à 12:00" in peer_texts[-1], "the peer reads it in Montreal time, in French"
    async with storage.uow() as uow:
        from bot.storage.orm import SessionRow

        proposal = (await uow.session.execute(select(SessionRow))).scalar_one()
        other = await uow.people.get(peer.id)
        await talk_times.respond(uow, services, other, proposal.id, "other")
        await talk_times.pick_time(
            uow, services, other, pair.code, "2", "0900"
        )  # Wed 09:00 Montreal
        await uow.commit()
    assert "Wed 4 March at 15:00" in (await sent_texts(storage, seeker))[-1]
    async with storage.uow() as uow:
        counter = (
            await uow.session.execute(select(SessionRow).where(SessionRow.status == "proposed"))
        ).scalar_one()
        me = await uow.people.get(seeker.id)
        await talk_times.respond(uow, services, me, counter.id, "yes")
        await uow.commit()
    assert "Agreed: Wed 4 March at 15:00" in (await sent_texts(storage, seeker))[-1]
    clock.set(datetime(2026, 3, 4, 12, 59, tzinfo=UTC))  # the talk is at 14:00 UTC
    assert await sweep(storage, services, talk_times.remind) == 0
    clock.advance(minutes=1)
    assert await sweep(storage, services, talk_times.remind) == 1
    assert "Reminder" in (await sent_texts(storage, seeker))[-1]
    assert (
        "Rappel" in (await sent_texts(storage, peer))[-1]
        and "09:00" in (await sent_texts(storage, peer))[-1]
    )
    async with storage.uow() as uow:
        me = await uow.people.get(seeker.id)
        await talk_times.cancel(uow, services, me, counter.id)
        await uow.commit()
    assert "a dû annuler" in (await sent_texts(storage, peer))[-1]


async def test_retention_purges_old_data_but_keeps_counts(
    storage, services, clock, pair_in_two_zones
):
    seeker, _peer, _c, pair = pair_in_two_zones
    await sweep(storage, services, checkins.sweep)
    clock.advance(days=7, hours=4)
    await sweep(storage, services, checkins.sweep)
    row = await _sent_checkin(storage, seeker)
    async with storage.uow() as uow:
        me = await uow.people.get(seeker.id)
        await checkins.answer(uow, services, me, row.id, "5")
        repo = uow.pairs
        p = await repo.get(pair.id)
        p.status, p.ended_at, p.end_reason, p.seeker_comment, p.seeker_rating = (
            "ended",
            clock.now(),
            "seeker",
            "thank you so much",
            5,
        )
        await repo.save(p)
        await repo.link(pair.id, seeker.id, 10, pair.peer_id, clock.now())
        await uow.commit()
    clock.advance(days=services.settings.retention.days + 8)
    assert await sweep(storage, services, housekeeping.purge) > 0
    async with storage.uow() as uow:
        p = await uow.pairs.get(pair.id)
        answered = (
            await uow.session.execute(select(func.count()).select_from(CheckinRow))
        ).scalar_one()
        totals = await counts.totals(uow, "checkin.")
    assert p.seeker_comment is None and p.seeker_rating == 5
    assert await uow_counterpart_gone(storage, seeker.id)
    assert answered == 0
    assert totals["checkin.seeker.5"] == 1


async def uow_counterpart_gone(storage, person_id) -> bool:
    async with storage.uow() as uow:
        return await uow.pairs.counterpart(person_id, 10) is None


def test_weekday_and_month_names_exist_in_every_language(services):
    for lang in services.t.languages:
        for n in range(7):
            assert services.t(lang, f"talk.weekday_{n}")
        for n in range(1, 13):
            assert services.t(lang, f"talk.month_{n}")


async def test_long_downtime_gives_one_checkin_not_one_per_missed_period(
    storage, services, clock, pair_in_two_zones
):
    seeker, _peer, _c, _pair = pair_in_two_zones
    await sweep(storage, services, checkins.sweep)
    clock.advance(days=35, hours=4)  # five missed weeks
    for _ in range(4):
        await sweep(storage, services, checkins.sweep)
    assert len([t for t in await sent_texts(storage, seeker) if "how helpful" in t]) == 1
