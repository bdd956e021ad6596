"""A restored backup never breaks the bot (SQLite and Postgres): people erased after the copy
was taken are recognised (their key is gone) and erased again at start-up; their partners'
/mydata, the coordinators' /pairs, /audit and /stats, and escalations about them all work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.services.coordination import commands as coordination
from bot.services.escalations import alerts, claims
from bot.services.privacy import rights as privacy
from bot.storage.crypto import Cipher, KeyRing
from bot.storage.engine import create_engine
from bot.storage.orm import EscalationRow, PersonRow, StatCountRow
from bot.storage.uow import Storage
from tests.support import backups
from tests.support.context import make_ctx
from tests.support.coord import add, pair, person, run, texts
from tests.support.db import SQLITE_PREFIX, attach_person_keys

backup_copy = backups.backup_copy  # a fixture

ONDINE = 710000000401


async def test_a_restored_copy_erases_again_and_serves_everyone(
    storage: Storage,
    clock: Any,
    key_ring: KeyRing,
    person_keys_url: str,
    backup_copy: Any,
) -> None:
    ctx = make_ctx(clock, storage)
    coralie = person(clock, 40, role="coordinator", pseudonym="Coralie")
    ondine = person(clock, ONDINE, pseudonym="Ondine")
    basile = person(clock, 41, role="peer", pseudonym="Basile", capacity=3)
    await add(storage, coralie, ondine, basile)
    await pair(storage, ctx, ondine, basile)
    opened = await run(
        storage,
        alerts.open_escalation,
        ctx,
        kind="sos",
        subject=ondine,
        opened_by=ondine,
        reason="help",
    )
    backup = await backup_copy()
    async with storage.uow() as uow:
        her = await uow.people.get(ondine.id)
        assert her is not None
        await privacy.forget(uow, ctx, her, None)
        await uow.commit()
    await storage.settle()  # her key is destroyed after the commit

    # The operator restores the copy: same network keys, the key store as it is now.
    restored = Storage(create_engine(backup), Cipher(key_ring), clock)
    try:
        await attach_person_keys(restored, Path(person_keys_url.removeprefix(SQLITE_PREFIX)))
        assert await run(restored, privacy.erase_unreadable, ctx) == 1
        assert await run(restored, privacy.erase_unreadable, ctx) == 0
        async with restored.uow() as uow:
            row = await uow.session.get(PersonRow, ondine.id)
            assert row is not None and row.status == "erased" and row.tg_id == b""
            assert await uow.pairs.open_for(basile.id) == []
            counted = (
                await uow.session.execute(
                    select(StatCountRow.value).where(StatCountRow.metric == "privacy.erased_again")
                )
            ).scalar_one()
            assert counted == 1
            esc_row = await uow.session.get(EscalationRow, opened.id)
            assert esc_row is not None and esc_row.reason is None
        # Her former peer is told kindly and served.
        assert any("ended" in t for t in await texts(restored, basile))
        async with restored.uow() as uow:
            peer = await uow.people.get(basile.id)
            assert peer is not None and peer.pseudonym == "Basile"
            data = await privacy.export(uow, peer)
        assert [c["other"] for c in data["conversations"]] == [None]
        # The coordinators' views, and resolving her escalation.
        for command in ("/pairs", "/audit", "/stats", "/escalations"):
            await run(restored, coordination.run, ctx, coralie, command)
        async with restored.uow() as uow:
            esc = await uow.escalations.escalation(opened.id)
            assert esc is not None
            assert await claims.resolve(uow, ctx, coralie, esc, "she is safe at home")
            await uow.commit()
        said = await texts(restored, coralie)
        assert any("resolved" in t.lower() for t in said), said
    finally:
        await restored.dispose()


async def test_an_escalation_whose_subject_erased_themselves_can_be_resolved(
    storage: Storage, clock: Any
) -> None:
    """The note cannot be sealed under a destroyed key: it is dropped, with the reason."""
    ctx = make_ctx(clock, storage)
    coralie = person(clock, 50, role="coordinator", pseudonym="Coralie")
    ondine = person(clock, ONDINE + 1, pseudonym="Ondine")
    await add(storage, coralie, ondine)
    opened = await run(
        storage,
        alerts.open_escalation,
        ctx,
        kind="sos",
        subject=ondine,
        opened_by=ondine,
        reason="help",
    )
    async with storage.uow() as uow:
        her = await uow.people.get(ondine.id)
        assert her is not None
        await privacy.forget(uow, ctx, her, None)
        await uow.commit()
    await storage.settle()
    async with storage.uow() as uow:
        esc = await uow.escalations.escalation(opened.id)
        assert esc is not None
        assert await claims.claim(uow, ctx, coralie, esc)
        assert await claims.resolve(uow, ctx, coralie, esc, "she is at her mother's")
        await uow.commit()
    async with storage.uow() as uow:
        row = await uow.session.get(EscalationRow, opened.id)
        assert row is not None and row.status == "resolved"
        assert (row.note, row.reason) == (None, None)
    assert any(opened.code in t and "resolved" in t.lower() for t in await texts(storage, coralie))
