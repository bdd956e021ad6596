"""No coordinator lock-out, end to end: the coordinators named in the configuration cannot be
suspended from inside the bot, and only they can invite coordinators."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.orm import AuditRow
from tests.support.coord import add
from tests.support.e2e_coord import ask, open_bot, seat
from tests.support.identity import assert_no_identity_leaks

pytestmark = pytest.mark.e2e


async def test_an_invited_coordinator_cannot_suspend_the_configured_ones_nor_invite_more(
    sandbox, make_bot, storage
):
    first = seat(sandbox, 1, "First", role="coordinator")
    second = seat(sandbox, 2, "Second", role="coordinator")
    invited = seat(sandbox, 3, "Invited", role="coordinator")
    await add(storage, invited.person)  # came in through an invite: not in the configuration
    await open_bot(make_bot, storage, first, second)
    for boss in (first, second):
        refused = await ask(invited.user, f"/suspend {boss.code} taking over", "configuration")
        assert "cannot be suspended" in refused.content
    for boss in (first, second):
        assert (await ask(boss.user, "/pending")).content == "No application is waiting."
    refused = await ask(invited.user, "/invite coordinator", "configuration")
    assert "t.me/" not in refused.content
    assert "t.me/" in (await ask(invited.user, "/invite peer")).content
    # A configured coordinator invites coordinators, and the refusals are in the audit log.
    assert "t.me/" in (await ask(first.user, "/invite coordinator")).content
    async with storage.uow() as uow:
        rows = (await uow.session.execute(select(AuditRow))).scalars().all()
    outcomes = sorted((r.action, r.outcome) for r in rows if r.actor_id == invited.person.id)
    assert outcomes == [
        ("invite", "ok"),
        ("invite", "refused"),
        ("suspend", "protected"),
        ("suspend", "protected"),
    ]
    assert_no_identity_leaks(sandbox)


async def test_a_configured_coordinator_suspended_before_the_rule_gets_their_power_back(
    sandbox, make_bot, storage
):
    boss = seat(sandbox, 1, "Boss", role="coordinator")
    boss.person.status = "suspended"
    await open_bot(make_bot, storage, boss)
    assert (await ask(boss.user, "/pending")).content == "No application is waiting."
    assert_no_identity_leaks(sandbox)
