"""Onboarding services over real storage (SQLite and Postgres): a seeker's whole flow, the
checks on typed answers, stale buttons, /cancel, and resuming. Also the drivers the other
test_onboarding_* modules use."""

from __future__ import annotations

from sqlalchemy import select

from bot.clock import FakeClock
from bot.services.onboarding import flows as onboarding
from bot.services.onboarding.steps import PRINCIPLES
from bot.services.shared.context import ServiceContext
from bot.storage.orm import EscalationRow
from bot.storage.uow import Storage
from tests.support.context import make_ctx
from tests.support.onboarding import Driver, walk_seeker

# --- the seeker's flow through the services ------------------------------------------------------


async def test_a_seeker_walks_every_step_and_is_handed_to_matching(
    storage: Storage, services: ServiceContext
) -> None:
    d = Driver(storage, services, 1001)
    await walk_seeker(d)
    person = await d.person()
    assert await d.flow() is None
    assert person.seeker_state == "waiting" and person.is_seeker
    assert person.pseudonym == "Quiet Heron"
    assert person.timezone == "America/Montreal"
    assert person.consent_version == 1 and person.profile_rev == 1
    profile = person.seeker_profile
    assert profile is not None
    assert profile.experiences == ["burnout", "grief"]  # in the configured order
    assert profile.languages == ["en"]
    assert profile.availability == ["evenings"]
    assert {k: (c.value, c.must) for k, c in profile.criteria.items()} == {
        "gender": ("woman", True)
    }
    assert profile.in_danger is False
    texts = [s.text for s in await d.new()]
    # Told honestly: a peer is being looked for, and (no peer yet) they are waiting.
    assert any("looking for a peer for you" in t for t in texts)
    assert "in the queue" in texts[-1]


async def test_immediate_danger_gets_crisis_lines_first_then_every_coordinator_is_alerted(
    storage: Storage, clock: FakeClock
) -> None:
    ctx = make_ctx(clock, network={"coordinators": [9001, 9002]})
    for coordinator in (9001, 9002):
        await Driver(storage, ctx, coordinator).act(lambda uow, p: _nothing())
    d = Driver(storage, ctx, 1002)
    await walk_seeker(d, danger=None)
    await d.new()
    await d.press("Yes, I am in danger")
    sent = [s for s in await d.new() if s.method == "sendMessage"]
    # The very next message: the crisis lines of the seeker's language.
    assert "Thank you for telling us" in sent[0].text and "116 123" in sent[0].text
    assert (await d.person()).seeker_profile.in_danger  # type: ignore[union-attr]
    alerts = [s for s in await d.outbox() if "Urgent escalation" in s.text]
    assert len(alerts) == 2
    async with storage.uow() as uow:
        row = (await uow.session.execute(select(EscalationRow))).scalar_one()
    assert (row.kind, row.urgent, row.status) == ("onboarding", True, "open")


async def _nothing() -> None:
    return None


async def test_a_press_from_an_earlier_step_expires_and_changes_nothing(
    storage: Storage, services: ServiceContext
) -> None:
    d = Driver(storage, services, 1003)
    await d.start()
    await d.press("I'm looking for support")
    language_question = await d.last_with_buttons()
    await d.press("✓ English")
    assert await d.flow() == ("seeker", "about")
    await d.new()
    await d.press("Français", sent=language_question)
    assert [s.text for s in await d.new()] == [
        "This button has expired, so nothing was changed. Please use the latest message."
    ]
    assert (await d.person()).language == "en"
    assert await d.flow() == ("seeker", "about")


async def test_text_where_a_button_is_expected_re_asks_kindly(
    storage: Storage, services: ServiceContext
) -> None:
    d = Driver(storage, services, 1004)
    await d.start()
    await d.press("I'm looking for support")
    await d.new()
    assert await d.type("english please")
    (reask,) = await d.new()
    assert reask.text.startswith("Please answer with the buttons below.")
    assert [label for label, _ in reask.buttons()] == ["Français", "✓ English"]
    assert await d.flow() == ("seeker", "language")


async def test_typed_steps_refuse_what_is_not_text_or_too_long_and_lose_nothing(
    storage: Storage, services: ServiceContext
) -> None:
    d = Driver(storage, services, 1005)
    await d.start()
    await d.press("I'm looking for support")
    await d.press("✓ English")
    await d.press("I understand, let's go on")
    await d.press("I agree")
    await d.new()
    assert await d.type(None)  # a photo, say
    assert await d.type("y" * 4000)
    assert await d.type("my number is 0612345678")
    texts = [s.text for s in await d.new()]
    assert "type it as a message" in texts[0]
    assert "32 characters at most" in texts[1]
    assert "contact details" in texts[2]
    assert await d.flow() == ("seeker", "pseudonym")
    assert (await d.person()).pseudonym is None
    await d.press("Suggest one")
    suggestion = await d.last_with_buttons()
    use = next(label for label, _ in suggestion.buttons() if label.startswith("Use "))
    await d.press(use)
    assert (await d.person()).pseudonym == use.removeprefix("Use “").removesuffix("”")
    assert await d.flow() == ("seeker", "experiences")


async def test_done_needs_a_choice_where_one_is_required(
    storage: Storage, services: ServiceContext
) -> None:
    d = Driver(storage, services, 1006)
    await d.start()
    for label in ("I'm looking for support", "✓ English", "I understand, let's go on", "I agree"):
        await d.press(label)
    await d.type("Ama")
    await d.new()
    await d.press("Done")
    assert [s.text for s in await d.new()] == ["Please choose at least one, then press Done."]
    assert await d.flow() == ("seeker", "experiences")


async def test_cancel_says_what_was_kept_and_start_begins_again(
    storage: Storage, services: ServiceContext
) -> None:
    d = Driver(storage, services, 1007)
    await d.start()
    for label in ("I'm looking for support", "✓ English", "I understand, let's go on", "I agree"):
        await d.press(label)
    await d.type("Ama")
    await d.press("Burnout")
    await d.new()
    await d.act(lambda uow, p: onboarding.cancel(uow, services, p))
    (said,) = await d.new()
    assert "English" in said.text and "Ama" in said.text and "confidentiality" in said.text
    assert "not kept" in said.text
    person = await d.person()
    assert await d.flow() is None and person.seeker_state == "none"
    # Back at the start, consent and pseudonym are not asked twice... but offered to keep.
    await d.start()
    await d.press("I'm looking for support")
    await d.press("✓ English")
    await d.press("I understand, let's go on")
    assert await d.flow() == ("seeker", "pseudonym")
    await d.press("Keep “Ama”")
    assert await d.flow() == ("seeker", "experiences")


async def test_start_mid_flow_offers_to_resume_or_start_over(
    storage: Storage, services: ServiceContext
) -> None:
    d = Driver(storage, services, 1008)
    await d.start()
    for label in ("I'm looking for support", "✓ English", "I understand, let's go on"):
        await d.press(label)
    await d.start()
    offer = await d.last_with_buttons()
    assert "in the middle of signing up for support" in offer.text
    await d.press("Carry on")
    assert "Do you agree to these rules?" in (await d.last_with_buttons()).text
    assert await d.flow() == ("seeker", "consent")
    await d.start()
    await d.press("Start over")
    assert await d.flow() == ("seeker", "language")


async def test_every_principle_is_shown_and_acknowledged_one_by_one(
    storage: Storage, services: ServiceContext
) -> None:
    d = Driver(storage, services, 1009)
    await d.act(lambda uow, p: onboarding.apply(uow, services, p))
    await d.press("✓ English")
    await d.press("I understand, let's go on")
    await d.press("I agree")
    await d.type("Steady Otter")
    await d.press("Burnout")
    await d.press("Done")
    await d.press("Done")  # cannot take on: nothing
    await d.press("Done")  # languages
    await d.press("3")
    await d.press("Weekends")
    await d.press("Done")
    await d.press("Europe/London")
    await d.press("I'd rather not say")
    await d.press("30–44")
    await d.new()
    headers = []
    for _ in PRINCIPLES:
        principle = await d.last_with_buttons()
        headers.append(principle.text.splitlines()[0])
        await d.press("I understand and agree", sent=principle)
        # The same button again belongs to an answered step: it expires, it skips nothing.
        await d.press("I understand and agree", sent=principle)
    assert headers == [f"Guiding principle {n} of 9" for n in range(1, 10)]
    expired = [s for s in await d.new() if "expired" in s.text]
    assert len(expired) == len(PRINCIPLES)
    person = await d.person()
    assert person.peer_state == "applicant" and not person.is_peer
    assert person.peer_capacity == 3
    assert person.peer_profile is not None
    assert person.peer_profile.attributes == {"age_range": "30_44"}
    assert person.peer_profile.principles_version == 1
