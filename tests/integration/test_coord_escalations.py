"""Escalations at the service level: alerts, claim (and what the other coordinators see),
resolve with a note, re-alerts, peers' referrals, and /reassign with its handover note."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.services.coordination import commands as coordination
from bot.services.coordination import notes as coord_notes
from bot.services.escalations import alerts, claims, reminders
from bot.services.escalations import referral as coord_referral
from bot.services.onboarding import greeting
from bot.storage.orm import EscalationRow, OutboxRow
from tests.support.context import make_ctx
from tests.support.coord import add, audit_rows, outbox, pair, person, run, texts


async def network(storage, clock):
    ctx = make_ctx(clock, storage)
    a = person(clock, 1, role="coordinator", pseudonym="Alix")
    b = person(clock, 2, role="coordinator", language="fr")
    seeker = person(clock, 10, pseudonym="Lune")
    await add(storage, a, b, seeker)
    return ctx, a, b, seeker


async def deliver(storage, *people, first_id=500):
    """What the dispatcher does on success: the alert rows get their Telegram message ids."""
    async with storage.uow() as uow:
        for n, who in enumerate(people):
            await uow.session.execute(
                update(OutboxRow)
                .where(OutboxRow.person_id == who.id, OutboxRow.status == "pending")
                .values(status="sent", tg_message_id=first_id + n, payload=None)
            )
        await uow.commit()


async def test_sos_alerts_then_claim_edits_every_alert_then_resolve(storage, clock):
    ctx, a, b, seeker = await network(storage, clock)
    await run(storage, greeting.sos, ctx, seeker)
    seeker_texts = await texts(storage, seeker)
    assert "116 123" in seeker_texts[0]  # crisis lines first
    [(_m, alert_a)] = await outbox(storage, a)
    assert alert_a["text"].startswith("🚨 Urgent escalation")
    [[claim]] = alert_a["reply_markup"]["inline_keyboard"]
    action, [esc_id] = ctx.buttons.decode(a.id, claim["callback_data"])
    assert action == alerts.CLAIM_ACTION
    await deliver(storage, a, b)
    async with storage.uow() as uow:
        esc = await uow.escalations.get(esc_id)
        assert await claims.claim(uow, ctx, a, esc)
        await uow.commit()
    # Both alerts are edited in place: the Claim button goes, the state shows.
    [edit_b] = [p for m, p in await outbox(storage, b) if m == "editMessageText"]
    assert edit_b["message_id"] == 501 and "prise en charge par Alix" in edit_b["text"]
    assert "reply_markup" not in edit_b
    methods_a = [m for m, _p in await outbox(storage, a)]
    assert methods_a == ["editMessageText", "sendMessage"]
    details = (await texts(storage, a))[-1]
    assert "Person: Lune" in details and f"/msg {seeker.code}" in details
    # B is too late.
    async with storage.uow() as uow:
        esc = await uow.escalations.get(esc_id)
        assert not await claims.claim(uow, ctx, b, esc)
        await uow.commit()
    assert "déjà prise en charge par Alix" in (await texts(storage, b))[-1]
    code = esc.code
    await run(
        storage, coordination.run, ctx, a, f"/resolve {code} called back, safe with her sister"
    )
    async with storage.uow() as uow:
        row = await uow.session.get(EscalationRow, esc_id)
        done = await uow.escalations.get(esc_id)
    assert (row.status, row.claimed_by, done.note) == (
        "resolved",
        a.id,
        "called back, safe with her sister",
    )
    assert b"sister" not in row.note
    assert "résolue par Alix" in [p for m, p in await outbox(storage, b)][-1]["text"]
    assert [(r.action, r.outcome) for r in await audit_rows(storage)] == [
        ("esc.claim", "ok"),
        ("esc.claim", "taken"),
        ("esc.resolve", "ok"),
    ]


async def test_claim_before_delivery_tells_the_others_in_a_message(storage, clock):
    ctx, a, b, seeker = await network(storage, clock)
    await run(storage, greeting.sos, ctx, seeker)
    await run(storage, coordination.run, ctx, b, "/escalations")
    esc_code = (await texts(storage, b))[-1].split("🚨 ")[1].split(" ")[0]
    await run(storage, coordination.run, ctx, b, f"/claim {esc_code}")
    assert (await texts(storage, a))[-1].startswith(f"✋ Escalation {esc_code} (/sos)")
    assert "claimed by" in (await texts(storage, a))[-1]


async def test_unclaimed_escalations_are_announced_again(storage, clock):
    ctx, a, b, seeker = await network(storage, clock)
    # Not urgent: announced again every reminder_minutes (urgent ones: test_escalation_levels).
    await run(
        storage, alerts.open_escalation, ctx, kind="checkin", subject=seeker, opened_by=seeker
    )
    assert await run(storage, reminders.realert, ctx) == 0
    clock.advance(minutes=15)
    assert await run(storage, reminders.realert, ctx) == 1
    assert (await texts(storage, a))[-1].startswith("⏰ Still not claimed after 15 min")
    assert (await texts(storage, b))[-1].startswith("⏰ Toujours sans prise en charge après 15 min")
    clock.advance(minutes=10)
    assert await run(storage, reminders.realert, ctx) == 0, "next reminder is 15 min later"
    async with storage.uow() as uow:
        [row] = (await uow.session.execute(select(EscalationRow))).scalars()
        esc = await uow.escalations.get(row.id)
        await claims.claim(uow, ctx, a, esc)
        await uow.commit()
    clock.advance(hours=1)
    assert await run(storage, reminders.realert, ctx) == 0, "claimed ones are not re-announced"


async def test_resolve_button_asks_for_the_note(storage, clock):
    ctx, a, _b, seeker = await network(storage, clock)
    await run(storage, greeting.sos, ctx, seeker)
    async with storage.uow() as uow:
        [row] = (await uow.session.execute(select(EscalationRow))).scalars()
        esc_id = row.id
        await claims.claim(uow, ctx, a, await uow.escalations.get(esc_id))
        await uow.commit()
    await run(storage, coord_notes.ask_resolution_note, ctx, a, esc_id)
    assert "Write a short note" in (await texts(storage, a))[-1]
    assert await run(storage, coord_notes.take_text, ctx, a, "  ") is True
    assert (await texts(storage, a))[-1].startswith("The note is empty")
    assert await run(storage, coord_notes.take_text, ctx, a, "spoke with her, ok") is True
    assert (await texts(storage, a))[-1].startswith("Escalation") and "resolved" in (
        await texts(storage, a)
    )[-1]
    # The question is closed: the next text is not taken.
    assert await run(storage, coord_notes.take_text, ctx, a, "hello") is False


async def test_peer_referral_with_one_and_with_several_conversations(storage, clock):
    ctx, a, _b, seeker = await network(storage, clock)
    peer = person(clock, 20, role="peer", pseudonym="Soleil")
    other = person(clock, 11, pseudonym="Étoile")
    await add(storage, peer, other)
    await pair(storage, ctx, seeker, peer)
    await run(storage, coord_referral.escalate, ctx, peer, "/escalate", None)
    assert (await texts(storage, peer))[-1].startswith("Tell the coordinators why")
    await run(storage, coord_referral.escalate, ctx, peer, "/escalate talks about ending it", None)
    assert "alerted about Lune" in (await texts(storage, peer))[-1]
    assert (await texts(storage, a))[-1].startswith("Escalation") and "peer referral" in (
        await texts(storage, a)
    )[-1]
    second = await pair(storage, ctx, other, peer)
    await run(storage, coord_referral.escalate, ctx, peer, "/escalate needs a doctor", None)
    (_m, question) = (await outbox(storage, peer))[-1]
    assert question["text"] == "Which conversation is this about?"
    buttons = [row[0] for row in question["reply_markup"]["inline_keyboard"]]
    assert sorted(b["text"] for b in buttons) == ["Lune", "Étoile"]
    [etoile] = [b for b in buttons if b["text"] == "Étoile"]
    _action, args = ctx.buttons.decode(peer.id, etoile["callback_data"])
    await run(storage, coord_referral.chosen, ctx, peer, args)
    async with storage.uow() as uow:
        rows = (
            await uow.session.execute(select(EscalationRow).order_by(EscalationRow.created_at))
        ).scalars()
        refs = [(r.kind, r.subject_id, r.opened_by) for r in rows]
        second_pair = await uow.pairs.by_code(second)
        last = (await uow.session.execute(select(EscalationRow))).scalars().all()
    assert refs[-1] == ("referral", other.id, peer.id)
    assert second_pair.id in {r.pair_id for r in last}
    # The same button again is stale.
    await run(storage, coord_referral.chosen, ctx, peer, args)
    assert "expired" in (await texts(storage, peer))[-1]


async def test_escalate_is_unknown_to_non_peers(storage, clock):
    ctx, _a, _b, seeker = await network(storage, clock)
    await run(storage, coord_referral.escalate, ctx, seeker, "/escalate help", None)
    assert (await texts(storage, seeker))[-1].startswith("I don't know that command")


async def test_reassign_with_a_note_to_the_best_peer(storage, clock):
    ctx, a, _b, seeker = await network(storage, clock)
    old = person(clock, 20, role="peer", pseudonym="Soleil")
    new = person(clock, 21, role="peer", pseudonym="Nuage")
    await add(storage, old, new)
    code = await pair(storage, ctx, seeker, old)
    await run(storage, coordination.run, ctx, a, f"/reassign {code}")
    (_m, question) = (await outbox(storage, a))[-1]
    assert question["text"].startswith(f"Reassigning pair {code}")
    assert [b["text"] for b in question["reply_markup"]["inline_keyboard"][0]] == [
        "Skip",
        "Cancel",
    ]
    async with storage.uow() as uow:
        assert (await uow.flows.get(a.id)).flow == "coord_note"
    assert await run(storage, coord_notes.take_text, ctx, a, "Prefers evenings; gentle pace.")
    async with storage.uow() as uow:
        ended = await uow.pairs.by_code(code)
        [now_open] = await uow.pairs.open_for(seeker.id)
    assert (ended.status, ended.end_reason) == ("ended", "reassigned")
    assert now_open.peer_id == new.id and now_open.handover_note == "Prefers evenings; gentle pace."
    intro = (await texts(storage, new))[-1]
    assert "Lune" in intro and "Prefers evenings; gentle pace." in intro
    assert "Another peer will now continue" in (await texts(storage, old))[-1]
    seeker_texts = await texts(storage, seeker)
    assert any("not because of anything you did" in t for t in seeker_texts)
    assert "Nuage" in seeker_texts[-1]
    assert not any("Prefers evenings" in t for t in seeker_texts)
    done = (await texts(storage, a))[-1]
    assert f"Pair {code} reassigned" in done and now_open.code in done


async def test_reassign_skip_cancel_and_no_peer_left(storage, clock):
    ctx, a, _b, seeker = await network(storage, clock)
    old = person(clock, 20, role="peer")
    await add(storage, old)
    code = await pair(storage, ctx, seeker, old)
    await run(storage, coordination.run, ctx, a, f"/reassign {code} {old.code}")
    assert "already in pair" in (await texts(storage, a))[-1]
    await run(storage, coordination.run, ctx, a, f"/reassign {code}")
    (_m, question) = (await outbox(storage, a))[-1]
    skip, cancel = question["reply_markup"]["inline_keyboard"][0]
    _action, cancel_args = ctx.buttons.decode(a.id, cancel["callback_data"])
    await run(storage, coord_notes.press, ctx, a, cancel_args)
    assert (await texts(storage, a))[-1] == "Cancelled; nothing was changed."
    _action, skip_args = ctx.buttons.decode(a.id, skip["callback_data"])
    await run(storage, coord_notes.press, ctx, a, skip_args)
    assert "expired" in (await texts(storage, a))[-1], "a button of a closed question is stale"
    await run(storage, coordination.run, ctx, a, f"/reassign {code}")
    (_m, question) = (await outbox(storage, a))[-1]
    _action, skip_args = ctx.buttons.decode(
        a.id, question["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    )
    await run(storage, coord_notes.press, ctx, a, skip_args)
    # No other peer: the seeker goes back to the queue and is told honestly.
    assert "no peer can take" in (await texts(storage, a))[-1]
    assert any("We are finding another peer" in t for t in await texts(storage, seeker))
    async with storage.uow() as uow:
        assert await uow.pairs.open_for(seeker.id) == []
        assert (await uow.people.get(seeker.id)).seeker_state == "waiting"
