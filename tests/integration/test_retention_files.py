"""Retention really removes data from the SQLite files, and the anonymous counts stay."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.services.coordination import stats
from bot.services.escalations.alerts import open_escalation
from bot.services.followup import checkins, housekeeping
from bot.services.shared import counts
from bot.storage.orm import CheckinRow, EscalationRow, PairRow
from tests.support.factories import add_pair, add_person


def file_bytes(paths) -> bytes:
    return b"".join(p.read_bytes() for p in paths if p.exists())


async def test_purged_values_leave_the_database_files(
    storage, services, clock, sqlite_files, db_url
):
    if not db_url.startswith("sqlite"):
        pytest.skip("a byte search of database files is a SQLite matter")
    async with storage.uow() as uow:
        seeker = await add_person(uow, 301, "Colibri", seeker=True)
        peer = await add_person(uow, 302, "Héron", peer=True)
        pair = await add_pair(uow, seeker, peer)
        await uow.commit()
    async with storage.uow() as uow:
        await checkins.sweep(uow, services)
        await uow.commit()
    clock.advance(days=8)
    async with storage.uow() as uow:
        await checkins.sweep(uow, services)
        await uow.commit()
    async with storage.uow() as uow:
        row = (
            await uow.session.execute(select(CheckinRow).where(CheckinRow.person_id == seeker.id))
        ).scalar_one()
        me = await uow.people.get(seeker.id)
        await checkins.answer(uow, services, me, row.id, "4")
        repo = uow.pairs
        p = await repo.get(pair.id)
        p.status, p.ended_at, p.end_reason = "ended", clock.now(), "seeker"
        p.seeker_comment, p.seeker_rating = "merci pour tout, vraiment", 5
        await repo.save(p)
        esc = await open_escalation(
            uow, services, kind="report", subject=seeker, opened_by=peer, reason="worried"
        )
        esc_row = await uow.session.get(EscalationRow, esc.id)
        esc_row.status, esc_row.resolved_at = "resolved", clock.now()
        await uow.commit()
    async with storage.uow() as uow:
        sealed = [
            (await uow.session.get(PairRow, pair.id)).seeker_comment,
            (await uow.session.get(EscalationRow, esc.id)).reason,
            (await uow.session.get(CheckinRow, row.id)).answer,
        ]
    assert all(sealed)
    await housekeeping.compact(storage)
    before = file_bytes(sqlite_files)
    assert all(value in before for value in sealed), "positive control: the values are on disk"

    clock.advance(days=services.settings.retention.days + 1)
    async with storage.uow() as uow:
        assert await housekeeping.purge(uow, services) > 0
        await uow.commit()
    await housekeeping.compact(storage)
    after = file_bytes(sqlite_files)
    assert not [value for value in sealed if value in after]
    async with storage.uow() as uow:
        totals = await counts.totals(uow, "checkin.")
        rating = (await uow.session.get(PairRow, pair.id)).seeker_rating
    assert totals == {"checkin.seeker.4": 1}
    assert rating == 5
    async with storage.uow() as uow:
        figures = await stats.compute(uow, services)
    text = stats.render_text(services, "en", figures)
    # /stats still counts what retention removed: the answer and the rating.
    assert "1 seeker scores, 4.0/5 on average" in text
    assert "5.0/5 on average over 1" in text
