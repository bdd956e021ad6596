"""Escalations end to end: /sos, the alerts, Claim by one coordinator seen by the others,
Resolve with a note, /claim and /resolve, and the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.orm import AuditRow, EscalationRow
from tests.support.e2e_coord import ask, open_bot, seat
from tests.support.identity import assert_no_identity_leaks

pytestmark = pytest.mark.e2e


async def test_sos_resources_first_alert_claim_resolve(sandbox, make_bot, storage):
    alix = seat(sandbox, 1, "Alix", role="coordinator", pseudonym="Alix")
    bea = seat(sandbox, 2, "Bea", role="coordinator", language="fr", pseudonym="Béa")
    seeker = seat(sandbox, 10, "Seeker", pseudonym="Lune", language="fr")
    await open_bot(make_bot, storage, alix, bea, seeker)
    first_seen = max((m.message_id for m in seeker.user.received), default=0)
    seeker.user.send_command("/sos")
    # The very next message is the crisis lines.
    nxt = await seeker.user.wait_for(lambda m: m.message_id > first_seen)
    assert "3114" in nxt.content and "112" in nxt.content
    alert_a = await alix.user.wait_for("Urgent escalation")
    alert_b = await bea.user.wait_for("Escalade urgente")
    assert seeker.code in alert_a.content and "Lune" not in alert_a.content  # need to know
    code = alert_a.content.split("escalation ")[1].split(" ")[0]
    alix.user.press(alert_a, button_text="Claim")
    details = await alix.user.wait_for("You have taken escalation")
    assert "Person: Lune" in details.content and f"/msg {seeker.code}" in details.content
    # Béa's alert now says who has it, and its Claim button is gone.
    claimed = await bea.user.wait_for(
        lambda m: m.message_id == alert_b.message_id and "prise en charge par Alix" in m.content
    )
    assert claimed.buttons() == []
    await alix.user.wait_for(
        lambda m: m.message_id == alert_a.message_id and "claimed by Alix" in m.content
    )
    # Too late for Béa, whether by command or by an old button.
    late = await ask(bea.user, f"/claim {code}", "déjà prise en charge")
    assert "Alix" in late.content
    alix.user.press(details, button_text="Resolve")
    await alix.user.wait_for("Write a short note")
    await ask(alix.user, "Called her back; she is safe with her sister.", f"{code} is resolved")
    await bea.user.wait_for(lambda m: m.message_id == alert_b.message_id and "résolue" in m.content)
    async with storage.uow() as uow:
        row = (await uow.session.execute(select(EscalationRow))).scalar_one()
        actions = [
            (a.action, a.targets, a.outcome)
            for a in (await uow.session.execute(select(AuditRow).order_by(AuditRow.at))).scalars()
        ]
    assert (row.kind, row.urgent, row.status) == ("sos", True, "resolved")
    assert ("esc.claim", code, "ok") in actions
    assert ("esc.claim", code, "taken") in actions
    assert ("esc.resolve", code, "ok") in actions
    listing = await ask(alix.user, "/escalations")
    assert listing.content == "No escalation is open. ✅"
    assert_no_identity_leaks(sandbox)


async def test_claim_and_resolve_commands_and_their_usage(sandbox, make_bot, storage):
    alix = seat(sandbox, 1, "Alix", role="coordinator")
    bea = seat(sandbox, 2, "Bea", role="coordinator")
    seeker = seat(sandbox, 10, "Seeker", pseudonym="Lune")
    await open_bot(make_bot, storage, alix, bea, seeker)
    seeker.user.send_command("/sos")
    await bea.user.wait_for("Urgent escalation")
    listing = await ask(alix.user, "/escalations", "Open and claimed escalations: 1")
    code = listing.content.split("🚨 ")[1].split(" ")[0]
    assert await ask(alix.user, f"/claim {code.lower()}", "You have taken escalation")
    await bea.user.wait_for(f"{code} (/sos) for {seeker.code}: claimed by")
    assert "claimed by" in (await ask(bea.user, "/escalations", code)).content
    await ask(alix.user, f"/resolve {code} talked it through", f"{code} is resolved")
    assert "already resolved" in (await ask(bea.user, f"/resolve {code} again")).content
    assert (await ask(alix.user, "/claim EZZZZZ")).content == "No escalation has the code EZZZZZ."
    for command in ("/claim", "/claim A B", "/resolve", f"/resolve {code}"):
        answer = await ask(alix.user, command, "Usage")
        assert answer.content.startswith(f"Usage: {command.split()[0]}")
    assert_no_identity_leaks(sandbox)
