"""Circles over a real database (SQLite and Postgres): sessions opened, closed and scheduled by
the sweep, what closing forgets and counts, the group relay's copies, and erasure reaching
every circle table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.domain.circles import SessionStatus
from bot.domain.events import CircleSessionClosed
from bot.services.circles import creating, facilitation, sessions, talking
from bot.services.privacy import rights
from bot.storage.orm import CircleAttendanceRow, CircleLinkRow, CircleMemberRow, CircleRow
from tests.support.context import make_ctx
from tests.support.factories import add_person
from tests.support.relay import Outbox, sender, text_message

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
START = datetime(2026, 3, 3, 18, 0, tzinfo=UTC)  # Tuesday 19:00 in Paris


async def count(storage, table) -> int:
    async with storage.uow() as uow:
        return int(
            (await uow.session.execute(select(func.count()).select_from(table))).scalar_one()
        )


async def world(storage, clock, members: int = 3):
    """A weekly circle with a facilitator and members, everyone present in an open session."""
    clock.set(MONDAY)
    ctx = make_ctx(clock)
    async with storage.uow() as uow:
        fac = await add_person(uow, 700_001, "Heron", peer=True)
        coord = await add_person(uow, 700_002, "Coord", coordinator=True)
        people = [
            await add_person(uow, 700_010 + i, f"Member{i}", seeker=True) for i in range(members)
        ]
        circle = await creating.new_circle(
            uow,
            ctx,
            coord,
            f"Tuesdays | grief | en | {fac.code} | weekly tue 19:00 60 Europe/Paris",
        )
        assert circle is not None
        for p in people:
            await uow.circles.join(circle.id, p.id, MONDAY)
        await uow.commit()
    clock.set(START)
    async with storage.uow() as uow:
        assert await sessions.sweep(uow, ctx) == 1
        session = await uow.circles.upcoming(circle.id)
        assert session is not None and session.status is SessionStatus.OPEN
        for p in [fac, *people]:
            await sessions.here(uow, ctx, p, session.id)
        await uow.commit()
    return ctx, circle, session, fac, coord, people


async def test_a_message_is_copied_to_every_other_present_member_and_a_muted_one_to_nobody(
    storage, clock
):
    ctx, _circle, session, fac, _coord, people = await world(storage, clock)
    outbox = Outbox(storage)
    await outbox.new()
    async with storage.uow() as uow:
        assert await talking.on_message(uow, ctx, sender(people[0]), text_message(50, "hello all"))
        await uow.commit()
    copies = [s for s in await outbox.new() if "hello all" in s.text]
    assert sorted(s.person_id for s in copies) == sorted([fac.id, people[1].id, people[2].id])
    assert all(s.text.startswith("Member0 · ") and s.ref_kind == "circle_link" for s in copies)
    async with storage.uow() as uow:
        codes = {a.person_id: a.code for a in await uow.circles.attendance(session.id)}
        await facilitation.mute(uow, ctx, fac, codes[people[1].id], on=True)
        await talking.on_message(uow, ctx, sender(people[1]), text_message(51, "am I heard"))
        await uow.commit()
    sent = await outbox.new()
    assert not [s for s in sent if "am I heard" in s.text]
    assert [s for s in sent if s.person_id == people[1].id and "not shared" in s.text]


async def test_closing_forgets_the_copies_counts_attendance_and_schedules_the_next_week(
    storage, clock
):
    ctx, circle, session, _fac, _coord, people = await world(storage, clock)
    async with storage.uow() as uow:
        await talking.on_message(uow, ctx, sender(people[0]), text_message(60, "thank you"))
        await uow.commit()
    assert await count(storage, CircleLinkRow) == 3
    clock.set(START + timedelta(minutes=60))
    async with storage.uow() as uow:
        assert await sessions.sweep(uow, ctx) == 1
        closed = [e for e in uow.published if isinstance(e, CircleSessionClosed)]
        await uow.commit()
    assert closed == [CircleSessionClosed(circle.id, (circle.facilitator_id,))]
    assert await count(storage, CircleLinkRow) == 0, "nothing of what was said is kept"
    async with storage.uow() as uow:
        following = await uow.circles.upcoming(circle.id)
        assert following is not None and following.starts_at == START + timedelta(days=7)
        await sessions.helpful(uow, ctx, people[0], session.id, "1", None)
        await sessions.helpful(uow, ctx, people[0], session.id, "1", None)  # counted once
        await sessions.helpful(uow, ctx, people[1], session.id, "0", None)
        await uow.commit()
    async with storage.uow() as uow:
        figures = await uow.circles.figures()
    assert (figures.sessions_held, figures.attendance) == (1, 4)
    assert (figures.helpful_yes, figures.helpful_no) == (1, 1)


async def test_a_session_missed_while_the_bot_was_down_closes_quietly(storage, clock):
    clock.set(MONDAY)
    ctx = make_ctx(clock)
    async with storage.uow() as uow:
        fac = await add_person(uow, 700_101, "Heron", peer=True)
        coord = await add_person(uow, 700_102, "Coord", coordinator=True)
        circle = await creating.new_circle(
            uow, ctx, coord, f"T | g | en | {fac.code} | weekly tue 19:00 60 Europe/Paris"
        )
        assert circle is not None
        await uow.commit()
    outbox = Outbox(storage)
    await outbox.new()
    clock.set(START + timedelta(hours=5))
    async with storage.uow() as uow:
        await sessions.sweep(uow, ctx)
        await uow.commit()
    assert not [s for s in await outbox.new() if "🟢" in s.text or "🔴" in s.text]
    async with storage.uow() as uow:
        following = await uow.circles.upcoming(circle.id)
    assert following is not None and following.starts_at == START + timedelta(days=7)


async def test_erasure_reaches_memberships_attendance_copies_and_passes_the_circle_on(
    storage, clock
):
    ctx, circle, _session, fac, _coord, people = await world(storage, clock)
    async with storage.uow() as uow:
        await talking.on_message(uow, ctx, sender(people[0]), text_message(70, "my story"))
        await uow.commit()
    async with storage.uow() as uow:
        for person in (people[0], fac):
            fresh = await uow.people.get(person.id)
            assert fresh is not None
            await rights.forget(uow, ctx, fresh, None)
        await uow.commit()
    async with storage.uow() as uow:
        erased = [people[0].id, fac.id]
        for table in (CircleMemberRow, CircleAttendanceRow):
            left = await uow.session.execute(select(table).where(table.person_id.in_(erased)))
            assert left.first() is None
        assert (await uow.session.execute(select(CircleLinkRow))).first() is None
        row = await uow.session.get(CircleRow, circle.id)
        assert row is not None and row.archived, "no co-facilitator: the circle stops"
