"""Joining and facilitation over a real database (SQLite and Postgres): a circle by invitation
is shown only to people invited; /remove, /breathe and /close do what the facilitator asked and
only for a facilitator; codes are the session's own."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.events import CircleSessionClosed
from bot.services.circles import creating, facilitation, joining, sessions, talking
from tests.support.context import make_ctx
from tests.support.factories import add_person
from tests.support.relay import Outbox, sender, text_message

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
START = datetime(2026, 3, 3, 18, 0, tzinfo=UTC)


async def test_a_circle_by_invitation_is_shown_only_to_people_invited(storage, clock):
    clock.set(MONDAY)
    ctx = make_ctx(clock)
    outbox = Outbox(storage)
    async with storage.uow() as uow:
        fac = await add_person(uow, 720_001, "Heron", peer=True)
        coord = await add_person(uow, 720_002, "Coord", coordinator=True)
        guest = await add_person(uow, 720_003, "Guest", seeker=True)
        other = await add_person(uow, 720_004, "Other", seeker=True)
        circle = await creating.new_circle(
            uow,
            ctx,
            coord,
            f"Quiet | grief | en | {fac.code} | once 2026-03-05 18:00 60 UTC | invitation",
        )
        assert circle is not None
        await creating.invite(uow, ctx, coord, f"{circle.code} {guest.code}")
        await joining.list_circles(uow, ctx, other)
        await joining.ask_rules(uow, ctx, other, circle.id, None)
        await joining.list_circles(uow, ctx, guest)
        await joining.accept(uow, ctx, guest, circle.id, None)
        await uow.commit()
    said = {(s.person_id, s.text.split("\n")[0]) for s in await outbox.new()}
    texts = [t for p, t in said if p == other.id]
    assert any("no circle you can join" in t for t in texts)
    assert any("by invitation only" in t for t in texts)
    assert any("Welcome to «Quiet»" in t for p, t in said if p == guest.id)
    async with storage.uow() as uow:
        assert await uow.circles.is_member(circle.id, guest.id)
        assert not await uow.circles.is_member(circle.id, other.id)


async def test_remove_breathe_and_close_are_the_facilitators_alone(storage, clock):
    clock.set(MONDAY)
    ctx = make_ctx(clock)
    outbox = Outbox(storage)
    async with storage.uow() as uow:
        fac = await add_person(uow, 720_101, "Heron", peer=True)
        coord = await add_person(uow, 720_102, "Coord", coordinator=True)
        a = await add_person(uow, 720_103, "Alder", seeker=True)
        b = await add_person(uow, 720_104, "Birch", seeker=True)
        circle = await creating.new_circle(
            uow, ctx, coord, f"T | g | en | {fac.code} | weekly tue 19:00 60 Europe/Paris"
        )
        assert circle is not None
        for p in (a, b):
            await uow.circles.join(circle.id, p.id, MONDAY)
        await uow.commit()
    clock.set(START)
    async with storage.uow() as uow:
        await sessions.sweep(uow, ctx)
        session = await uow.circles.upcoming(circle.id)
        assert session is not None
        for p in (fac, a, b):
            await sessions.here(uow, ctx, p, session.id)
        codes = {x.person_id: x.code for x in await uow.circles.attendance(session.id)}
        assert codes[a.id] not in (a.code, b.code), "a session code is not the person's code"
        await facilitation.remove(uow, ctx, a, codes[b.id])  # not theirs to do
        await facilitation.remove(uow, ctx, fac, codes[b.id])
        await uow.commit()
    await outbox.new()
    async with storage.uow() as uow:
        await talking.on_message(uow, ctx, sender(b), text_message(80, "still there?"))
        await facilitation.breathe(uow, ctx, fac)
        await talking.on_message(uow, ctx, sender(a), text_message(81, "during the pause"))
        await facilitation.breathe(uow, ctx, fac)
        await talking.on_message(uow, ctx, sender(a), text_message(82, "after the pause"))
        await facilitation.close(uow, ctx, a)  # not theirs
        await facilitation.close(uow, ctx, fac)
        closed = [e for e in uow.published if isinstance(e, CircleSessionClosed)]
        await uow.commit()
    said = await outbox.new()
    assert not [s for s in said if "still there?" in s.text or "during the pause" in s.text]
    assert [s.person_id for s in said if "after the pause" in s.text] == [fac.id]
    assert [s for s in said if s.person_id == a.id and "facilitator of a circle" in s.text]
    assert closed == [CircleSessionClosed(circle.id, (fac.id,))]
    async with storage.uow() as uow:
        done = await uow.circles.get_session(session.id)
        assert done is not None and done.closed_early
