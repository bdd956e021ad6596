"""/schedule never gives away the proposer's UTC offset: whatever zone proposes, the other side
reads a time with the minutes of their own offset (":00" in Paris), on both backends."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.domain.schedule import on_utc_grid
from bot.services.followup import talk_times
from bot.storage.orm import OutboxRow
from tests.support.factories import add_pair, add_person

# Monday 2 March 2026, 01:00 UTC: early morning in Asia, night in Paris.
START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
WHEN = re.compile(r"at (\d\d):(\d\d)")


async def payloads(storage, person) -> list[dict]:
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
        return [uow.outbox.open_payload(r) for r in rows if r.payload]


async def act(storage, person, fn, *args) -> None:
    async with storage.uow() as uow:
        me = await uow.people.get(person.id)
        await fn(uow, *args[:1], me, *args[1:])
        await uow.commit()


@pytest.mark.parametrize(("zone", "minutes"), [("Asia/Kolkata", "30"), ("Asia/Kathmandu", "45")])
async def test_a_proposal_from_a_half_hour_zone_reaches_paris_on_the_hour(
    storage, services, clock, zone, minutes
):
    clock.set(START)
    async with storage.uow() as uow:
        seeker = await add_person(uow, 301, "Colibri", seeker=True, timezone=zone)
        peer = await add_person(uow, 302, "Héron", peer=True, timezone="Europe/Paris")
        pair = await add_pair(uow, seeker, peer)
        await uow.commit()
    await act(storage, seeker, talk_times.pick_day, services, pair.code, "1")
    keyboard = (await payloads(storage, seeker))[-1]["reply_markup"]["inline_keyboard"]
    labels = [b["text"] for row in keyboard for b in row]
    assert labels and all(label.endswith(f":{minutes}") for label in labels), labels
    for button in (b for row in keyboard for b in row):
        decoded = services.buttons.decode(seeker.id, button["callback_data"])
        assert decoded is not None
        _action, (code, offset, hhmm) = decoded
        await act(storage, seeker, talk_times.pick_time, services, code, offset, hhmm)
        proposal = (await payloads(storage, peer))[-1]["text"]
        found = WHEN.search(proposal)
        assert found is not None and found.group(2) == "00", proposal
    # An older button's round local time (09:00 in their zone) lands on the grid too.
    await act(storage, seeker, talk_times.pick_time, services, pair.code, "1", "0900")
    proposal = (await payloads(storage, peer))[-1]["text"]
    assert WHEN.search(proposal).group(2) == "00", proposal  # type: ignore[union-attr]
    assert f":{minutes}" in (await payloads(storage, seeker))[-1]["text"], "their own time"


def test_the_grid_is_whole_hours_in_utc():
    assert on_utc_grid(datetime(2026, 3, 3, 3, 30, tzinfo=UTC)) == datetime(
        2026, 3, 3, 4, tzinfo=UTC
    )
    assert on_utc_grid(datetime(2026, 3, 3, 3, 15, tzinfo=UTC)) == datetime(
        2026, 3, 3, 3, tzinfo=UTC
    )
    assert on_utc_grid(datetime(2026, 3, 3, 23, 45, tzinfo=UTC)) == datetime(2026, 3, 4, tzinfo=UTC)
