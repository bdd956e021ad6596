"""The monthly wellbeing question on both backends: asked one period after training was
introduced, outside quiet hours; answers sealed and counted anonymously; two low answers in a
row suggest /away and tell the coordinators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.services.shared import counts
from bot.services.training import path, wellbeing
from bot.storage.orm import OutboxRow, WellbeingRow
from tests.support.context import make_ctx
from tests.support.factories import add_person

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # 11:00 in Paris


async def texts(storage, person) -> list[dict]:
    async with storage.uow() as uow:
        rows = (
            await uow.session.execute(
                select(OutboxRow).where(OutboxRow.person_id == person.id).order_by(OutboxRow.id)
            )
        ).scalars()
        return [uow.outbox.open_payload(r) for r in rows if r.payload]


async def sweep(storage, ctx, fn) -> int:
    async with storage.uow() as uow:
        done = await fn(uow, ctx)
        await uow.commit()
    return done


async def press_last(storage, ctx, peer, answer: str) -> None:
    question = [p for p in await texts(storage, peer) if "how are you doing" in p["text"]][-1]
    data = next(
        b["callback_data"]
        for row in question["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == answer
    )
    decoded = ctx.buttons.decode(peer.id, data)
    assert decoded is not None
    _action, args = decoded
    async with storage.uow() as uow:
        await wellbeing.answer(uow, ctx, await uow.people.get(peer.id), *args)
        await uow.commit()


async def test_monthly_question_low_twice_suggests_away_and_tells_coordinators(storage, clock):
    clock.set(T0)
    ctx = make_ctx(clock)
    async with storage.uow() as uow:
        coordinator = await add_person(uow, 501, "Coord", coordinator=True)
        peer = await add_person(uow, 502, "Alex", peer=True, timezone="Europe/Paris")
        await uow.commit()
    await sweep(storage, ctx, path.review)
    # Not on the day training is introduced.
    assert await sweep(storage, ctx, wellbeing.ask_due) == 0
    clock.set(T0 + timedelta(days=30, hours=12))  # 23:00 in Paris: quiet hours
    assert await sweep(storage, ctx, wellbeing.ask_due) == 0
    clock.set(T0 + timedelta(days=31))
    assert await sweep(storage, ctx, wellbeing.ask_due) == 1
    assert await sweep(storage, ctx, wellbeing.ask_due) == 0  # once a period
    await press_last(storage, ctx, peer, "Tired")
    clock.set(T0 + timedelta(days=62))
    assert await sweep(storage, ctx, wellbeing.ask_due) == 1
    await press_last(storage, ctx, peer, "I'm struggling")
    said = [p["text"] for p in await texts(storage, peer)]
    assert "Two hard months in a row" in said[-1] and "/away" in said[-1]
    told = [p["text"] for p in await texts(storage, coordinator)]
    assert any("twice in a row" in t and peer.code in t for t in told)
    async with storage.uow() as uow:
        answers = (await uow.session.execute(select(WellbeingRow.answer))).scalars().all()
        totals = await counts.totals(uow, "wellbeing.")
    assert all(a is not None and b"tired" not in a for a in answers)
    assert totals == {"wellbeing.tired": 1, "wellbeing.struggling": 1}
