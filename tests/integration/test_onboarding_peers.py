"""Invites and peer applications through the services, on SQLite and Postgres."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.services.onboarding import applications, invites
from bot.services.onboarding import flows as onboarding
from bot.services.shared.context import ServiceContext
from bot.storage.orm import AuditRow, InviteRow
from bot.storage.uow import Storage
from tests.support.context import make_ctx
from tests.support.onboarding import Driver

COORDINATOR = 9100


@pytest.fixture
def services(clock: FakeClock) -> ServiceContext:
    return make_ctx(clock, network={"coordinators": [COORDINATOR], "invite_ttl_hours": 2})


async def invite(d: Driver, role: str | None) -> str:
    await d.act(lambda uow, p: invites.create(uow, d.ctx, p, role, "entraide_bot"))
    text = (await d.new())[-1].text
    found = re.search(r"https://t\.me/entraide_bot\?start=([A-Za-z0-9_-]+)", text)
    assert found, text
    return found.group(1)


async def walk_peer(d: Driver) -> None:
    """Every peer step after the entry (invite or application)."""
    await d.press("✓ English")
    await d.press("I understand, let's go on")
    await d.press("I agree")
    await d.type("Steady Otter")
    await d.press("Burnout")
    await d.press("Grief and loss")
    await d.press("Done")
    await d.press("Coming out")
    await d.press("Done")
    await d.press("Done")
    await d.press("2")
    await d.press("Mornings")
    await d.press("Done")
    await d.press("Europe/Paris")
    await d.press("A woman")
    await d.press("I'd rather not say")
    for _ in range(9):
        await d.press("I understand and agree")


async def test_an_invited_peer_is_approved_once_the_steps_are_done(
    storage: Storage, services: ServiceContext
) -> None:
    coordinator = Driver(storage, services, COORDINATOR)
    code = await invite(coordinator, "peer")
    peer = Driver(storage, services, 2001)
    await peer.start(code)
    await walk_peer(peer)
    person = await peer.person()
    assert (person.peer_state, person.is_peer, person.peer_capacity) == ("approved", True, 2)
    profile = person.peer_profile
    assert profile is not None
    assert profile.experiences == ["burnout", "grief"]
    assert profile.cannot_take == ["coming_out"]
    assert profile.languages == ["en"] and profile.availability == ["mornings"]
    assert profile.attributes == {"gender": "woman"}
    assert person.timezone == "Europe/Paris"
    assert "you are now a peer" in (await peer.new())[-1].text


async def test_an_invite_works_once_and_only_its_hmac_is_stored(
    storage: Storage, services: ServiceContext
) -> None:
    coordinator = Driver(storage, services, COORDINATOR)
    code = await invite(coordinator, "seeker")
    async with storage.uow() as uow:
        row = (await uow.session.execute(select(InviteRow))).scalar_one()
        assert code not in row.code_index
        assert row.code_index == uow.cipher.blind_index(code, purpose="invite")
    first, second = Driver(storage, services, 2002), Driver(storage, services, 2003)
    await first.start(code)
    assert await first.flow() == ("seeker", "language")
    await second.start(code)
    texts = [s.text for s in await second.new()]
    assert "no longer valid" in texts[0]
    assert await second.flow() is None


async def test_an_invite_expires_after_the_configured_hours(
    storage: Storage, services: ServiceContext, clock: FakeClock
) -> None:
    coordinator = Driver(storage, services, COORDINATOR)
    code = await invite(coordinator, "peer")
    clock.advance(hours=2, seconds=1)
    late = Driver(storage, services, 2004)
    await late.start(code)
    assert "no longer valid" in (await late.new())[0].text
    assert (await late.person()).peer_state == "none"


async def test_a_coordinator_invite_makes_a_coordinator_and_sets_their_menu(
    storage: Storage, services: ServiceContext
) -> None:
    coordinator = Driver(storage, services, COORDINATOR)
    code = await invite(coordinator, "coordinator")
    newcomer = Driver(storage, services, 2005)
    await newcomer.start(code)
    assert (await newcomer.person()).is_coordinator
    sent = await newcomer.new()
    assert "Welcome to the coordination team" in sent[0].text
    menu = next(s for s in sent if s.method == "setMyCommands")
    assert menu.params["scope"] == {"type": "chat", "chat_id": 2005}
    assert "pending" in {c["command"] for c in menu.params["commands"]}
    async with storage.uow() as uow:
        actions = set((await uow.session.execute(select(AuditRow.action))).scalars())
    assert {"invite", "invite.redeem"} <= actions


async def test_invite_with_a_wrong_role_answers_the_usage(
    storage: Storage, services: ServiceContext
) -> None:
    coordinator = Driver(storage, services, COORDINATOR)
    await coordinator.act(lambda uow, p: invites.create(uow, services, p, "admin", "b"))
    assert (await coordinator.new())[-1].text.startswith("Usage: /invite peer")
    async with storage.uow() as uow:
        assert (await uow.session.execute(select(InviteRow))).first() is None


async def test_a_closed_network_takes_seekers_only_by_invite(
    storage: Storage, clock: FakeClock
) -> None:
    services = make_ctx(clock, network={"coordinators": [COORDINATOR], "open_enrollment": False})
    stranger = Driver(storage, services, 2006)
    await stranger.start()
    welcome = (await stranger.new())[0]
    assert "by invitation only" in welcome.text
    assert [label for label, _ in welcome.buttons()] == ["I'd like to support others as a peer"]
    await stranger.act(lambda uow, p: onboarding.seek(uow, services, p))
    assert "by invitation only" in (await stranger.new())[0].text
    assert await stranger.flow() is None
    code = await invite(Driver(storage, services, COORDINATOR), "seeker")
    await stranger.start(code)
    assert await stranger.flow() == ("seeker", "language")


async def test_an_application_is_listed_then_approved_and_the_applicant_told(
    storage: Storage, services: ServiceContext
) -> None:
    coordinator = Driver(storage, services, COORDINATOR)
    await coordinator.act(lambda uow, p: applications.pending(uow, services, p))
    assert (await coordinator.new())[-1].text == "No application is waiting."
    applicant = Driver(storage, services, 2007)
    await applicant.act(lambda uow, p: onboarding.apply(uow, services, p))
    await walk_peer(applicant)
    person = await applicant.person()
    assert person.peer_state == "applicant"
    assert "waits for a coordinator" in (await applicant.new())[-1].text
    announced = (await coordinator.new())[-1].text
    assert person.code in announced and "Steady Otter" in announced
    await coordinator.act(lambda uow, p: applications.pending(uow, services, p))
    listing = (await coordinator.new())[-1].text
    assert "Applications waiting: 1" in listing
    assert f"Steady Otter ({person.code})" in listing
    assert "Burnout, Grief and loss" in listing and "Coming out" in listing
    await coordinator.act(lambda uow, p: applications.approve(uow, services, p, person.code))
    assert (await coordinator.new())[-1].text == f"{person.code} is now a peer, and has been told."
    assert "you are now a peer" in (await applicant.new())[-1].text
    approved = await applicant.person()
    assert approved.peer_state == "approved" and approved.is_peer
    async with storage.uow() as uow:
        rows = (await uow.session.execute(select(AuditRow).order_by(AuditRow.at))).scalars()
        log = [(r.action, r.targets, r.outcome) for r in rows]
    assert ("approve", person.code, "ok") in log and ("pending", None, "ok") in log


async def test_a_rejected_applicant_is_told_kindly_and_cannot_reapply(
    storage: Storage, services: ServiceContext
) -> None:
    coordinator = Driver(storage, services, COORDINATOR)
    applicant = Driver(storage, services, 2008)
    await applicant.act(lambda uow, p: onboarding.apply(uow, services, p))
    await walk_peer(applicant)
    code = (await applicant.person()).code
    await coordinator.act(lambda uow, p: applications.reject(uow, services, p, code.lower()))
    assert "not a judgement" in (await applicant.new())[-1].text
    assert (await applicant.person()).peer_state == "rejected"
    await applicant.act(lambda uow, p: onboarding.apply(uow, services, p))
    assert "could not be accepted" in (await applicant.new())[-1].text
    assert await applicant.flow() is None


async def test_approve_and_reject_explain_their_usage_and_unknown_codes(
    storage: Storage, services: ServiceContext
) -> None:
    coordinator = Driver(storage, services, COORDINATOR)
    await coordinator.act(lambda uow, p: applications.approve(uow, services, p, None))
    await coordinator.act(lambda uow, p: applications.reject(uow, services, p, "ZZZZZZ"))
    texts = [s.text for s in await coordinator.new()]
    assert texts[-2].startswith("Usage: /approve CODE")
    assert texts[-1].startswith("No application is waiting under the code ZZZZZZ")
    async with storage.uow() as uow:
        rows = (await uow.session.execute(select(AuditRow))).scalars()
        outcomes = {(r.action, r.outcome) for r in rows}
    assert outcomes == {("approve", "usage"), ("reject", "none")}
