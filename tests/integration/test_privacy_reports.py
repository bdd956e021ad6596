"""Reports belong to the reporter (SQLite and Postgres): the accused's /mydata does not show
them, the reason is sealed under the reporter's key and survives the accused's erasure while
open; a suspended person who erases themselves comes back suspended, not as a stranger."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.services.coordination import commands as coordination
from bot.services.escalations import alerts, claims
from bot.services.privacy import rights as privacy
from bot.services.shared import people
from bot.storage.crypto import envelope_owner
from bot.storage.orm import BanMarkerRow, EscalationRow
from bot.storage.uow import Storage
from tests.support.context import make_ctx
from tests.support.coord import add, pair, person, run, texts

ONDINE, BASILE, CORALIE = 710000000601, 710000000602, 710000000603
REASON = "she keeps asking for my phone number"


async def test_a_report_is_the_reporters_and_outlives_the_accused_erasure(
    storage: Storage, clock: Any
) -> None:
    ctx = make_ctx(clock, storage)
    coralie = person(clock, CORALIE, role="coordinator", pseudonym="Coralie")
    ondine = person(clock, ONDINE, pseudonym="Ondine")
    basile = person(clock, BASILE, role="peer", pseudonym="Basile")
    await add(storage, coralie, ondine, basile)
    await pair(storage, ctx, ondine, basile)
    report = await run(
        storage,
        alerts.open_escalation,
        ctx,
        kind="report",
        subject=ondine,
        opened_by=basile,
        reason=REASON,
    )
    async with storage.uow() as uow:
        row = await uow.session.get(EscalationRow, report.id)
        assert row is not None and row.reason is not None
        assert envelope_owner(row.reason) == basile.id
        accused = await uow.people.get(ondine.id)
        reporter = await uow.people.get(basile.id)
        assert accused is not None and reporter is not None
        theirs = await privacy.export(uow, accused)
        mine = await privacy.export(uow, reporter)
    # The accused does not learn they were reported; the reporter sees their own words.
    assert theirs["escalations_and_reports"] == []
    assert [e["reason"] for e in mine["escalations_and_reports"]] == [REASON]

    async with storage.uow() as uow:
        accused = await uow.people.get(ondine.id)
        assert accused is not None
        await privacy.forget(uow, ctx, accused, None)
        await uow.commit()
    await storage.settle()
    async with storage.uow() as uow:
        esc = await uow.escalations.escalation(report.id)
        assert esc is not None and esc.reason == REASON
        assert await claims.claim(uow, ctx, coralie, esc)
        await uow.commit()
    details = (await texts(storage, coralie))[-1]
    assert REASON in details


async def test_a_suspended_person_who_erased_themselves_comes_back_suspended(
    storage: Storage, clock: Any
) -> None:
    ctx = make_ctx(clock, storage)
    coralie = person(clock, CORALIE, role="coordinator", pseudonym="Coralie")
    ondine = person(clock, ONDINE, pseudonym="Ondine")
    other = person(clock, BASILE, pseudonym="Quentin")
    await add(storage, coralie, ondine, other)
    await run(storage, coordination.run, ctx, coralie, f"/suspend {ondine.code} harassment")
    for who in (ondine, other):
        async with storage.uow() as uow:
            found = await uow.people.get(who.id)
            assert found is not None
            await privacy.forget(uow, ctx, found, None)
            await uow.commit()
        await storage.settle()
    async with storage.uow() as uow:
        markers = list((await uow.session.execute(select(BanMarkerRow.marker))).scalars())
    # One marker, and it is neither the Telegram id nor its fast index.
    assert len(markers) == 1 and str(ONDINE) not in markers[0]

    back = await run(storage, people.identify, ctx, ONDINE, "en")
    assert back.id != ondine.id and back.suspended
    told = (await texts(storage, back))[-1]
    assert "paused by the coordination team" in told and "/sos" in told
    # Someone erased who was not suspended starts afresh.
    fresh = await run(storage, people.identify, ctx, BASILE, "en")
    assert fresh.id != other.id and not fresh.suspended
