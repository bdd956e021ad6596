"""Erasure reaches every copy: after /forgetme, neither the live database nor a backup taken
before it reveals anything about the person to someone holding the network's keys (every
sealed column of every table scanned), on SQLite and Postgres."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from bot.services.coordination import commands as coordination
from bot.services.coordination import notes as coord_notes
from bot.services.escalations import alerts, claims
from bot.services.privacy import rights as privacy
from bot.storage.crypto import KeyRing
from bot.storage.orm import OutboxRow
from bot.storage.uow import Storage
from tests.support import backups
from tests.support.context import make_ctx
from tests.support.coord import add, pair, person, run
from tests.support.scan import mentioning, readable

backup_copy = backups.backup_copy  # a fixture

ONDINE = 710000000301
NOTE = "she is at her mother's, 12 rue des Lilas"
MSG = "Call us when you can, we are here"
HANDOVER = "prefers evenings, lost her brother in May"
SOS = "I cannot go on tonight"


async def deliver_everything(storage: Storage) -> None:
    """What the dispatcher does once messages are sent: their bodies are not kept."""
    async with storage.uow() as uow:
        await uow.session.execute(
            update(OutboxRow)
            .where(OutboxRow.status == "pending")
            .values(status="sent", payload=None, sent_at=uow.now())
        )
        await uow.commit()


async def a_life_in_the_network(storage: Storage, clock: Any) -> dict[str, Any]:
    """Ondine is supported, sends /sos (claimed and resolved with a note), gets a /msg from a
    coordinator, and her pair is reassigned with a handover note."""
    ctx = make_ctx(clock, storage)
    coralie = person(clock, 30, role="coordinator", pseudonym="Coralie")
    ondine = person(clock, ONDINE, pseudonym="Ondine")
    soleil = person(clock, 31, role="peer", pseudonym="Soleil")
    nuage = person(clock, 32, role="peer", pseudonym="Nuage")
    await add(storage, coralie, ondine, soleil, nuage)
    code = await pair(storage, ctx, ondine, soleil)
    opened = await run(
        storage,
        alerts.open_escalation,
        ctx,
        kind="sos",
        subject=ondine,
        opened_by=ondine,
        reason=SOS,
    )
    async with storage.uow() as uow:
        esc = await uow.escalations.escalation(opened.id)
        assert esc is not None
        assert await claims.claim(uow, ctx, coralie, esc)
        assert await claims.resolve(uow, ctx, coralie, esc, NOTE)
        await uow.commit()
    await run(storage, coordination.run, ctx, coralie, f"/msg {ondine.code} {MSG}")
    await run(storage, coordination.run, ctx, coralie, f"/reassign {code}")
    assert await run(storage, coord_notes.take_text, ctx, coralie, HANDOVER)
    await deliver_everything(storage)
    return {"ctx": ctx, "ondine": ondine}


async def test_nothing_about_an_erased_person_opens_with_the_network_keys(
    storage: Storage, clock: Any, key_ring: KeyRing, db_url: str, backup_copy: Any
) -> None:
    world = await a_life_in_the_network(storage, clock)
    ondine = world["ondine"]
    needles = ["Ondine", str(ONDINE), NOTE, MSG, HANDOVER, SOS]
    backup = await backup_copy()
    # Control: with her key, the copy holds all of it, so the empty scans below mean something.
    with_her_key = await readable(backup, key_ring, storage.cipher.person_keys)
    for needle in needles:
        assert mentioning(with_her_key, [needle]), needle

    async with storage.uow() as uow:
        her = await uow.people.get(ondine.id)
        assert her is not None
        await privacy.forget(uow, world["ctx"], her, None)
        await uow.commit()
    await storage.settle()  # her key is destroyed after the commit
    await deliver_everything(storage)  # her last word, addressed to her chat

    for url in (db_url, backup):
        # The network keys alone, and the network keys with the key store as it is now.
        for keys in (None, storage.cipher.person_keys):
            found = await readable(url, key_ring, keys)
            if keys is None:
                # Nothing about anyone's conversations opens with the network keys alone:
                # scores and handover notes are under the seeker's key, reasons under their
                # writer's, notes under their subject's.
                about_people = ("people", "pairs", "escalations", "checkins", "held_messages")
                assert [o for o in found if o.table in about_people] == []
            else:
                # Everyone else's data still opens: the scan does read the copy.
                assert mentioning(found, ["Soleil", "Nuage"]), url
            assert mentioning(found, needles) == []
