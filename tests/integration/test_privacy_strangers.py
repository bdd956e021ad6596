"""Strangers who never consented do not stay forever (SQLite and Postgres): after
``retention.stranger_days`` without a word, the retention sweep deletes their row and data key
and keeps only their number."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.services.escalations import alerts
from bot.services.followup import housekeeping
from bot.services.shared import counts
from bot.storage.orm import PersonRow
from bot.storage.uow import Storage
from tests.support.context import make_ctx
from tests.support.coord import add, person, run


def stranger(clock: Any, telegram_id: int, *, silent_days: int) -> Any:
    found = person(clock, telegram_id, role="none")
    found.consent_version = found.consent_at = None
    found.created_at = clock.now() - timedelta(days=40)
    found.last_seen_at = clock.now() - timedelta(days=silent_days)
    return found


async def test_strangers_silent_for_a_month_are_purged_anonymously(
    storage: Storage, clock: Any
) -> None:
    ctx = make_ctx(clock, storage)
    gone = stranger(clock, 601, silent_days=31)
    recent = stranger(clock, 602, silent_days=2)
    in_crisis = stranger(clock, 603, silent_days=31)
    member = person(clock, 604, pseudonym="Member")
    member.created_at = member.last_seen_at = clock.now() - timedelta(days=90)
    await add(storage, gone, recent, in_crisis, member)
    await run(
        storage,
        alerts.open_escalation,
        ctx,
        kind="sos",
        subject=in_crisis,
        opened_by=in_crisis,
    )

    assert await run(storage, housekeeping.purge_strangers, ctx) == 1
    async with storage.uow() as uow:
        left = set((await uow.session.execute(select(PersonRow.id))).scalars())
        purged = await counts.totals(uow, "privacy.strangers")
    assert gone.id not in left and {recent.id, in_crisis.id, member.id} <= left
    assert purged == {"privacy.strangers_purged": 1}
    assert await storage.cipher.person_keys.existing([gone.id, recent.id]) == [recent.id]
    # The retention sweep runs it; a second pass finds nothing more.
    clock.advance(days=1)
    await run(storage, housekeeping.purge, ctx)
    async with storage.uow() as uow:
        assert await counts.totals(uow, "privacy.strangers") == {"privacy.strangers_purged": 1}
        assert await uow.session.get(PersonRow, recent.id) is not None
