"""The dashboard over real HTTP and a real database (SQLite and Postgres): who gets in (and
that nobody else leaves a trace), what the pages show, and the actions with their rules, their
chat answers and their audit lines."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from datetime import time as dt_time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.dashboard import web
from bot.delivery.http_server import HttpServer
from bot.domain.checkins import CheckinStatus, PlannedCheckin, Side
from bot.domain.circles import (
    Access,
    Cadence,
    Circle,
    Schedule,
    Session,
    SessionStatus,
    new_circle_code,
)
from bot.domain.escalations import Escalation, Status
from bot.domain.people import PeerState
from bot.domain.supervision import DebriefStatus, DebriefTrigger
from bot.sandbox.webapp import sign_fields
from bot.services.coordination import commands as coordination
from bot.services.dashboard import figures
from bot.services.escalations import claims
from bot.services.onboarding import greeting
from bot.services.relay import ending
from bot.storage.orm import AuditRow, EscalationRow, new_id
from bot.storage.training_repo import PeerTraining
from tests.support.browser import DashboardClient, signed
from tests.support.context import make_ctx
from tests.support.coord import add, audit_rows, outbox, pair, person, run, texts

TOKEN = "123456:DASHBOARDTEST"
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
async def served(storage, clock) -> AsyncIterator[tuple[Any, DashboardClient]]:
    settings = Settings.model_validate(
        {"dashboard": {"enabled": True, "public_url": "http://127.0.0.1:9", "max_age_seconds": 600}}
    )
    ctx = make_ctx(clock, storage, settings)
    server = HttpServer(web.routes(storage, ctx, TOKEN))
    port = server.listen("127.0.0.1", 0)
    client = DashboardClient(f"http://127.0.0.1:{port}/dashboard")
    try:
        yield ctx, client
    finally:
        await client.close()
        await server.close()


async def answer_checkin(storage, clock, pair_code: str, who, answer: str) -> None:
    """A check-in of this person in this pair, asked and answered now."""
    async with storage.uow() as uow:
        found = await uow.pairs.by_code(pair_code)
        assert found is not None
        await uow.checkins.add_planned(
            [PlannedCheckin(found.id, who.id, Side.SEEKER, CheckinStatus.DUE, clock.now())]
        )
        checkin = (await uow.checkins.due(clock.now()))[0]
        checkin.mark_sent(clock.now())
        checkin.record_answer(clock.now())
        await uow.checkins.save(checkin, answer=answer)
        await uow.commit()


async def audit_count(storage) -> int:
    async with storage.uow() as uow:
        return int((await uow.session.execute(select(func.count()).select_from(AuditRow))).scalar())


async def test_a_coordinator_sees_the_network_and_claims_and_resolves(storage, clock, served):
    ctx, client = served
    alix = person(clock, 880_000_000_001, role="coordinator", pseudonym="Alix")
    bea = person(clock, 880_000_000_002, role="coordinator", language="fr", pseudonym="Bea")
    seeker = person(clock, 880_000_000_010, pseudonym=SCRIPT)
    waiting = person(clock, 880_000_000_011, pseudonym="Brume")
    peer = person(clock, 880_000_000_020, role="peer", pseudonym="Cedre", capacity=1)
    await add(storage, alix, bea, seeker, waiting, peer)
    pair_code = await pair(storage, ctx, seeker, peer)
    await run(storage, greeting.sos, ctx, seeker)

    assert (await client.auth(signed(TOKEN, alix.telegram_id))).status == 200
    status, page, headers = await client.get("now")
    assert status == 200
    # An escalation shows its code, level and the subject's code; the waiting seeker and the
    # full peer are listed by pseudonym and code.
    async with storage.uow() as uow:
        esc_code = (await uow.session.execute(select(EscalationRow.code))).scalar_one()
    assert esc_code in page and "urgent" in page and seeker.code in page
    assert "Brume (" in page and waiting.code in page
    assert "Cedre (" in page and "at capacity" in page
    # Security headers: no inline script allowed, no referrer, nothing cached.
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["Referrer-Policy"] == "no-referrer" and headers["Cache-Control"] == "no-store"
    # Never a Telegram id, on any page.
    for name in ("now", "pairs", "peers", "figures"):
        status, body, _ = await client.get(name)
        assert status == 200, name
        assert str(seeker.telegram_id) not in body and str(alix.telegram_id) not in body
    _, pairs_page, _ = await client.get("pairs")
    # The pseudonym holding a script tag is shown as text, never as markup.
    assert SCRIPT not in pairs_page and "&lt;script&gt;" in pairs_page and pair_code in pairs_page

    status, after = await client.act("claim", code=esc_code)
    assert status == 200 and "Escalation claimed" in after
    # The other coordinator's chat alert shows it claimed, as with the Claim button.
    assert any("claimed by Alix" in t for t in await texts(storage, bea)) or any(
        "prise en charge par Alix" in t for t in await texts(storage, bea)
    )
    status, after = await client.act("resolve", code=esc_code, note="")
    assert "write a short note" in after
    status, after = await client.act("resolve", code=esc_code, note="Called back, safe.")
    assert "Escalation resolved." in after and esc_code not in after.split("<main")[1]
    actions = [(a.action, a.targets, a.outcome) for a in await audit_rows(storage)]
    assert ("esc.claim", esc_code, "ok") in actions
    assert ("esc.resolve", esc_code, "ok") in actions
    assert ("dash.open", None, "ok") in actions
    assert ("dash.view", "now", "ok") in actions and ("dash.view", "figures", "ok") in actions


async def test_actions_need_the_sessions_csrf_token(storage, clock, served):
    ctx, client = served
    alix = person(clock, 880_000_000_001, role="coordinator")
    seeker = person(clock, 880_000_000_010)
    await add(storage, alix, seeker)
    await client.auth(signed(TOKEN, alix.telegram_id))
    async with client.http.post(
        f"{client.base_url}/act/claim", data={"code": "E00000", "csrf": "forged"}
    ) as r:
        assert r.status == 403
        assert ctx.t(None, "dash.denied.body") in await r.text()


@pytest.mark.parametrize(
    "case", ["forged", "tampered", "expired", "seeker", "suspended", "stranger", "garbage"]
)
async def test_anyone_else_gets_one_neutral_403_and_leaves_no_trace(storage, clock, served, case):
    ctx, client = served
    alix = person(clock, 880_000_000_001, role="coordinator")
    seeker = person(clock, 880_000_000_010)
    suspended = person(clock, 880_000_000_003, role="coordinator")
    suspended.suspend()
    await add(storage, alix, seeker, suspended)
    before = await audit_count(storage)
    data = {
        "forged": signed("654321:OTHERTOKEN", alix.telegram_id),
        "tampered": signed(TOKEN, seeker.telegram_id).replace(
            str(seeker.telegram_id), str(alix.telegram_id)
        ),
        "expired": signed(TOKEN, alix.telegram_id, auth_date=int(time.time()) - 601),
        "seeker": signed(TOKEN, seeker.telegram_id),
        "suspended": signed(TOKEN, suspended.telegram_id),
        "stranger": signed(TOKEN, 880_000_000_099),
        "garbage": sign_fields({"auth_date": str(int(time.time())), "user": "{"}, TOKEN),
    }[case]
    answer = await client.auth(data)
    assert answer.status == 403
    status, body, _ = await client.get("now")
    assert status == 403 and ctx.t(None, "dash.denied.body") in body
    assert "Traceback" not in body
    # Nothing recorded about them, and nobody was created for a stranger.
    assert await audit_count(storage) == before
    async with storage.uow() as uow:
        assert await uow.people.count() == 3


async def test_a_coordinator_suspended_after_opening_loses_it_at_the_next_click(
    storage, clock, served
):
    _ctx, client = served
    alix = person(clock, 880_000_000_001, role="coordinator")
    await add(storage, alix)
    await client.auth(signed(TOKEN, alix.telegram_id))
    assert (await client.get("peers"))[0] == 200
    async with storage.uow() as uow:
        found = await uow.people.get(alix.id)
        assert found is not None
        found.suspend()
        await uow.people.save(found)
        await uow.commit()
    assert (await client.get("peers"))[0] == 403


async def test_approve_from_the_peers_page(storage, clock, served):
    _ctx, client = served
    alix = person(clock, 880_000_000_001, role="coordinator")
    applicant = person(clock, 880_000_000_030, role="peer", pseudonym="Saule")
    applicant.peer_state = PeerState.APPLICANT
    await add(storage, alix, applicant)
    await client.auth(signed(TOKEN, alix.telegram_id))
    _, page, _ = await client.get("peers")
    assert "Saule (" in page and applicant.code in page
    _status, after = await client.act("approve", page="peers", code=applicant.code)
    assert "Application approved." in after
    actions = [(a.action, a.targets) for a in await audit_rows(storage)]
    assert ("approve", applicant.code) in actions
    # The new peer is welcomed, as after /approve.
    assert any("you are now a peer" in t for t in await texts(storage, applicant))
    async with storage.uow() as uow:
        found = await uow.people.get(applicant.id)
    assert found is not None and found.approved_peer


async def test_the_menu_button_follows_suspension_and_unsuspension(storage, clock, served):
    ctx, _client = served
    alix = person(clock, 880_000_000_001, role="coordinator")
    bea = person(clock, 880_000_000_002, role="coordinator")
    await add(storage, alix, bea)

    async def buttons() -> list[dict[str, Any]]:
        return [p for m, p in await outbox(storage, bea) if m == "setChatMenuButton"]

    await run(storage, coordination.run, ctx, alix, f"/suspend {bea.code} away for a while")
    assert [b["menu_button"] for b in await buttons()] == [{"type": "default"}]
    assert (await buttons())[0]["chat_id"] == bea.telegram_id
    await run(storage, coordination.run, ctx, alix, f"/unsuspend {bea.code}")
    latest = (await buttons())[-1]["menu_button"]
    assert latest["type"] == "web_app"
    assert latest["web_app"] == {"url": "http://127.0.0.1:9/dashboard"}


async def test_pairs_page_filters_and_its_reassign_and_end_buttons(storage, clock, served):
    ctx, client = served
    alix = person(clock, 880_000_000_001, role="coordinator")
    s1 = person(clock, 880_000_000_010, pseudonym="Lune")
    s2 = person(clock, 880_000_000_011, pseudonym="Soleil")
    p1 = person(clock, 880_000_000_020, role="peer", pseudonym="Cedre")
    p2 = person(clock, 880_000_000_021, role="peer", pseudonym="Tilleul")
    await add(storage, alix, s1, s2, p1, p2)
    first = await pair(storage, ctx, s1, p1)
    clock.advance(days=12)  # the first pair has been silent for twelve days
    second = await pair(storage, ctx, s2, p2)
    await client.auth(signed(TOKEN, alix.telegram_id))

    _, silent, _ = await client.get("pairs?silent=10")
    assert first in silent and second not in silent
    _, both, _ = await client.get("pairs?state=open")
    assert first in both and second in both
    _, ended, _ = await client.get("pairs?state=ended")
    assert first not in ended
    # The first pair's seeker answered their last check-in "2/5": the filter finds it.
    await answer_checkin(storage, clock, first, s1, "2")
    _, low, _ = await client.get("pairs?answer=2")
    assert first in low and second not in low and "2/5" in low
    _, none, _ = await client.get("pairs?answer=urgent")
    assert first not in none
    # Unknown filter values fall back to the defaults instead of failing.
    status, odd, _ = await client.get("pairs?state=<x>&silent=-3&rating=9&answer=%00")
    assert status == 200 and first in odd

    # Reassign the quiet pair to the other peer, with a handover note: as /reassign.
    _, after = await client.act("reassign", page="pairs", code=first, peer=p2.code, note="")
    assert "Reassignment done" in after or "Not possible" in after
    said = await texts(storage, alix)
    assert any(first in t and ("reassigned" in t or "cannot" in t.lower()) for t in said)
    # End the second pair: both sides told, as /endpair.
    _, after = await client.act("endpair", page="pairs", code=second)
    assert "Pair ended" in after
    assert any(f"Pair {second} has ended" in t for t in await texts(storage, alix))
    _, after = await client.act("endpair", page="pairs", code=second)
    assert "had already ended" in after
    actions = [(a.action, a.outcome) for a in await audit_rows(storage)]
    assert ("endpair", "ok") in actions and ("endpair", "ended") in actions
    assert any(action == "reassign" for action, _ in actions)
    _, ended, _ = await client.get("pairs?state=ended")
    assert first in ended and second in ended


async def test_an_escalation_about_the_coordinator_is_not_shown_to_them(storage, clock, served):
    ctx, client = served
    alix = person(clock, 880_000_000_001, role="coordinator")
    bea = person(clock, 880_000_000_002, role="coordinator")
    await add(storage, alix, bea)
    await run(storage, greeting.sos, ctx, alix)
    async with storage.uow() as uow:
        code = (await uow.session.execute(select(EscalationRow.code))).scalar_one()
    await client.auth(signed(TOKEN, alix.telegram_id))
    _, page, _ = await client.get("now")
    assert code not in page
    # Nor can they claim it with a crafted form.
    _, after = await client.act("claim", code=code)
    assert "Not claimed" in after
    await client.close()
    other = DashboardClient(client.base_url)
    try:
        await other.auth(signed(TOKEN, bea.telegram_id))
        assert code in (await other.get("now"))[1]
    finally:
        await other.close()


async def test_figures_show_time_to_match_and_to_claim_week_by_week(storage, clock):
    ctx = make_ctx(clock, storage)
    alix = person(clock, 880_000_000_001, role="coordinator")
    seeker = person(clock, 880_000_000_010)
    peer = person(clock, 880_000_000_020, role="peer")
    await add(storage, alix, seeker, peer)
    clock.advance(hours=3)  # three hours from the seeker's first contact to their pair
    await pair(storage, ctx, seeker, peer)
    await run(storage, greeting.sos, ctx, seeker)
    clock.advance(minutes=30)
    async with storage.uow() as uow:
        esc = (await uow.escalations.unresolved_of(seeker.id))[0]
        coordinator = await uow.people.get(alix.id)
        assert coordinator is not None
        await claims.claim(uow, ctx, coordinator, esc)
        await uow.commit()
    # The pair ends; two hours later the seeker has a new one: measured from that end.
    async with storage.uow() as uow:
        current = (await uow.pairs.open_for(seeker.id))[0]
        await ending.end_pair(uow, ctx, current, reason="coordinator", by=None, notify=False)
        await uow.commit()
    clock.advance(hours=2)
    await pair(storage, ctx, seeker, peer)
    view = await run(storage, figures.figures, ctx, alix)
    series = {s.key: s for s in view.series}
    assert series["match_hours"].points[-1].shown == "2.5"  # the median of 3 h and 2 h
    assert series["claim_minutes_2"].points[-1].shown == "30"
    assert all(p.value is None for p in series["claim_minutes_1"].points)
    assert len(series["match_hours"].points) == figures.WEEKS


async def test_a_script_in_an_escalations_reason_is_shown_as_text(storage, clock, served):
    _ctx, client = served
    alix = person(clock, 880_000_000_001, role="coordinator")
    seeker = person(clock, 880_000_000_010)
    await add(storage, alix, seeker)
    esc = Escalation(
        id=new_id(),
        code="ESCRPT",
        kind="referral",
        level=1,
        status=Status.CLAIMED,
        created_at=clock.now(),
        subject_id=seeker.id,
        opened_by=seeker.id,
        reason=SCRIPT,
        claimed_by=alix.id,
        claimed_at=clock.now(),
    )
    async with storage.uow() as uow:
        await uow.escalations.add(esc)
        await uow.escalations.save(esc)
        await uow.commit()
    await client.auth(signed(TOKEN, alix.telegram_id))
    _, page, _ = await client.get("now")
    # The reason is shown to the coordinator holding it, as text.
    assert "ESCRPT" in page and SCRIPT not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


async def seed_circle(storage, clock, facilitator, title: str) -> tuple[Circle, datetime]:
    """A weekly circle with one member, a session two days ahead and one held last week
    (4 present, 3 found it helpful, 1 did not)."""
    now = clock.now()
    circle = Circle(
        id=new_id(),
        code=new_circle_code(),
        title=title,
        topics=["grief"],
        language="fr",
        facilitator_id=facilitator.id,
        schedule=Schedule(Cadence.WEEKLY, now.date(), dt_time(18, 0), 60, "Europe/Paris"),
        capacity=8,
        access=Access.OPEN,
        created_at=now,
    )
    starts = (now + timedelta(days=2)).replace(hour=17, minute=30, second=0, microsecond=0)
    held = Session(new_id(), circle.id, now - timedelta(days=5), now - timedelta(days=5))
    held.status = SessionStatus.CLOSED
    async with storage.uow() as uow:
        await uow.circles.add(circle)
        await uow.circles.join(circle.id, facilitator.id, now)
        await uow.circles.add_session(Session(new_id(), circle.id, starts, starts))
        await uow.circles.add_session(held)
        await uow.circles.record_close(held.id, 4)
        for helpful in (True, True, True, False):
            await uow.circles.count_helpful(held.id, helpful)
        await uow.commit()
    return circle, starts


async def test_circles_page_shows_next_sessions_and_attendance_never_contents(
    storage, clock, served
):
    _ctx, client = served
    alix = person(clock, 880_000_000_001, role="coordinator", pseudonym="Alix")
    alix.timezone = "America/New_York"
    facilitator = person(clock, 880_000_000_020, role="peer", pseudonym="Cedre")
    await add(storage, alix, facilitator)
    circle, starts = await seed_circle(storage, clock, facilitator, f"Deuil {SCRIPT}")
    await client.auth(signed(TOKEN, alix.telegram_id))

    status, page, _ = await client.get("circles")
    assert status == 200
    # Title (as text), language, facilitator by pseudonym and code, members against capacity.
    assert SCRIPT not in page and "Deuil &lt;script&gt;" in page and circle.code in page
    assert f"Cedre ({facilitator.code})" in page and "1 of 8 members" in page
    assert ">fr<" in page
    # The next session in the coordinator's own zone (New York), not the circle's or UTC.
    local = starts.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M")
    next_line = page.split("Next session: ")[1].split("</div>")[0]
    assert local in next_line and starts.strftime("%H:%M") not in next_line
    # Recent sessions: counts only.
    assert "4 present" in page and "helpful: 3 yes, 1 no" in page
    assert str(facilitator.telegram_id) not in page and str(alix.telegram_id) not in page
    # Figures: people present in circles, week by week.
    _, figures_page, _ = await client.get("figures")
    assert "Circles: people present per week" in figures_page
    actions = [(a.action, a.targets) for a in await audit_rows(storage)]
    assert ("dash.view", "circles") in actions


async def test_training_page_and_the_training_column_of_peers(storage, clock, served):
    _ctx, client = served
    alix = person(clock, 880_000_000_001, role="coordinator", pseudonym="Alix")
    bea = person(clock, 880_000_000_002, role="coordinator", pseudonym="Bea")
    held = person(clock, 880_000_000_020, role="peer", pseudonym="Tenu")
    trained = person(clock, 880_000_000_021, role="peer", pseudonym="Forme")
    await add(storage, alix, bea, held, trained)
    now = clock.now()
    async with storage.uow() as uow:
        await uow.training.save_peer(PeerTraining(held.id, held=True, held_since=now), now)
        for module in ("boundaries", "confidentiality", "listening", "no-diagnosis"):
            await uow.training.add_result(
                trained.id, module, 5, 5, True, now, now + timedelta(days=300)
            )
        # Risk: failed once, then passed, expiring in ten days.
        await uow.training.add_result(trained.id, "risk", 2, 5, False, now, None)
        await uow.training.add_result(trained.id, "risk", 5, 5, True, now, now + timedelta(days=10))
        await uow.training.add_hours(trained.id, alix.id, 90, "Suicide prevention day", now)
        debrief = await uow.training.add_debrief(
            trained.id, "DTEST1", DebriefTrigger.ASKED, DebriefStatus.WAITING, now
        )
        await uow.training.update_debrief(debrief.id, sent_at=now - timedelta(hours=3))
        await uow.commit()
    await client.auth(signed(TOKEN, alix.telegram_id))

    status, page, _ = await client.get("training")
    assert status == 200

    # Held, with what is missing; the pass expiring soon; hours this month; pass rates.
    def item(attribute: str, code: str) -> str:
        return page.split(f'{attribute}="{code}"')[1].split("</li>")[0]

    blocked = item("data-held-peer", held.code)
    assert f"Tenu ({held.code})" in blocked and "still to pass: " in blocked
    assert "Active listening" in blocked and "Recognising risk" in blocked
    assert f'data-held-peer="{trained.code}"' not in page
    expiring = item("data-expiring", trained.code)
    assert f"Forme ({trained.code})" in expiring and "Recognising risk" in expiring
    assert "Active listening" not in expiring and f'data-expiring="{held.code}"' not in page
    assert now.strftime("%Y-%m") in page and ">1.5<" in page
    assert "50 % (1 of 2 attempts)" in page and "100 % (1 of 1 attempts)" in page
    # The waiting debrief, never its answers; Claim acts as the chat's Claim button.
    assert "DTEST1" in page and "Suicide prevention" not in page
    status, after = await client.act("claimdebrief", page="training", code="DTEST1")
    assert status == 200 and "Debrief claimed" in after
    assert any("DTEST1" in t for t in await texts(storage, alix))  # the day buttons, in chat
    async with storage.uow() as uow:
        claimed = await uow.training.debrief_by_code("DTEST1")
    assert claimed is not None and claimed.claimed_by == alix.id
    assert "DTEST1" not in after.split("<main")[1]
    # Claimed once: another coordinator is told who holds it, as in the chat.
    await client.auth(signed(TOKEN, bea.telegram_id))
    _, after = await client.act("claimdebrief", page="training", code="DTEST1")
    assert "was not claimed" in after
    assert any("Alix" in t and "DTEST1" in t for t in await texts(storage, bea))

    # Peers: each peer's training state and last debrief (the one just claimed).
    _, peers_page, _ = await client.get("peers")

    def card(code: str) -> str:
        return peers_page.split(f'data-peer="{code}"')[1].split("</li>")[0]

    assert "training: blocked · last debrief: never" in card(held.code)
    assert f"training: expiring · last debrief: {now:%Y-%m-%d}" in card(trained.code)
