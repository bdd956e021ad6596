"""Versioned consent and /language: both interrupt whatever is in progress, which resumes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.services.onboarding import consent
from bot.services.onboarding import flow as onboarding_flow
from bot.services.onboarding import flows as onboarding
from bot.storage.orm import ConsentRow
from bot.storage.uow import Storage
from tests.support.context import make_ctx
from tests.support.onboarding import Driver, walk_seeker


async def gate(d: Driver, command: str | None = None, action: str | None = None) -> bool:
    taken: list[bool] = []

    async def run(uow, person) -> None:
        taken.append(
            await onboarding.consent_gate(uow, d.ctx, person, command=command, action=action)
        )

    await d.act(run)
    return taken[0]


async def onboarded_under_version_1(storage: Storage, clock: FakeClock, telegram_id: int):
    before = Driver(storage, make_ctx(clock), telegram_id)
    await walk_seeker(before)
    after = Driver(storage, make_ctx(clock, network={"consent_version": 2}), telegram_id)
    after.person_id = before.person_id
    await after.new()
    return after


async def test_nobody_is_gated_while_their_consent_is_current_or_never_given(
    storage: Storage, clock: FakeClock
) -> None:
    services = make_ctx(clock)
    current = Driver(storage, services, 3001)
    await walk_seeker(current)
    newcomer = Driver(storage, services, 3002)
    assert not await gate(current)
    assert not await gate(newcomer)


async def test_a_version_bump_asks_again_before_anything_else_except_sos_help_language(
    storage: Storage, clock: FakeClock
) -> None:
    d = await onboarded_under_version_1(storage, clock, 3003)
    for exempt in ("sos", "help", "language"):
        assert not await gate(d, command=exempt)
    assert await d.new() == []
    assert await gate(d, command="end")
    (asked,) = await d.new()
    assert asked.text.startswith("The network's confidentiality rules have changed.")
    assert "Do you agree to these rules?" in asked.text
    assert await d.flow() == ("consent", "consent")
    # A message, or a button of some other feature, is held back too; the question is repeated.
    assert await gate(d)
    assert await gate(d, action="relay.choose")
    repeats = await d.new()
    assert len(repeats) == 2 and all("Do you agree" in s.text for s in repeats)
    # The consent buttons themselves go through.
    assert not await gate(d, action=onboarding_flow.GO)
    await d.press("I agree")
    assert (await d.person()).consent_version == 2
    assert [s.text for s in await d.new()] == ["Thank you. Everything carries on as before."]
    assert await d.flow() is None
    assert not await gate(d)


async def test_refusing_says_what_it_means_ends_nothing_and_asks_again_next_time(
    storage: Storage, clock: FakeClock
) -> None:
    d = await onboarded_under_version_1(storage, clock, 3004)
    assert await gate(d)
    await d.new()
    await d.press("I don't agree")
    (refusal,) = await d.new()
    assert "can't match you with anyone or pass on messages" in refusal.text
    assert "Nothing has been ended or erased" in refusal.text and "/forgetme" in refusal.text
    assert [label for label, _ in refusal.buttons()] == ["I agree"]
    person = await d.person()
    assert person.consent_version == 1 and person.seeker_state == "waiting"
    assert not consent.is_current(d.ctx, person)
    async with storage.uow() as uow:
        answers = (
            await uow.session.execute(
                select(ConsentRow.version, ConsentRow.accepted).order_by(ConsentRow.at)
            )
        ).all()
    assert [tuple(a) for a in answers] == [(1, True), (2, False)]
    assert await gate(d)
    assert "Do you agree" in (await d.new())[0].text
    await d.press("I agree", sent=refusal)
    assert (await d.person()).consent_version == 2


async def test_consent_interrupts_a_flow_in_progress_which_then_resumes(
    storage: Storage, clock: FakeClock
) -> None:
    d = await onboarded_under_version_1(storage, clock, 3005)
    await d.act(lambda uow, p: onboarding.apply(uow, d.ctx, p))
    await d.press("✓ English")
    await d.press("I understand, let's go on")
    assert await d.flow() == ("peer", "consent")  # consent to version 2 is part of the flow
    await d.press("I agree")
    await d.press("Keep “Quiet Heron”")
    await d.press("Burnout")
    d.ctx = make_ctx(clock, network={"consent_version": 3})
    await d.new()
    assert await gate(d)
    assert await d.flow() == ("consent", "consent")
    await d.new()
    await d.press("I agree")
    texts = [s.text for s in await d.new()]
    assert texts[0] == "Thank you. Everything carries on as before."
    assert texts[1].startswith("What have you lived yourself")
    assert "Chosen: Burnout" in texts[1]
    assert await d.flow() == ("peer", "experiences")


async def test_language_changes_mid_flow_and_the_step_is_asked_again_in_it(
    storage: Storage, clock: FakeClock
) -> None:
    d = Driver(storage, make_ctx(clock), 3006)
    await d.start()
    for label in ("I'm looking for support", "✓ English", "I understand, let's go on"):
        await d.press(label)
    await d.new()
    await d.act(lambda uow, p: onboarding.change_language(uow, d.ctx, p))
    assert await d.flow() == ("language", "language")
    await d.press("Français")
    texts = [s.text for s in await d.new()]
    assert texts[-2] == "C'est noté : je vous parlerai désormais en Français."
    assert "Acceptez-vous ces règles ?" in texts[-1]
    assert await d.flow() == ("seeker", "consent")
    assert (await d.person()).language == "fr"


async def test_language_during_a_consent_question_returns_to_it(
    storage: Storage, clock: FakeClock
) -> None:
    d = await onboarded_under_version_1(storage, clock, 3007)
    assert await gate(d)
    assert not await gate(d, command="language")
    await d.act(lambda uow, p: onboarding.change_language(uow, d.ctx, p))
    assert not await gate(d, action=onboarding_flow.GO)
    await d.press("Français")
    assert await d.flow() == ("consent", "consent")
    assert "Les règles de confidentialité du réseau ont changé" in (await d.new())[-1].text


async def test_cancel_leaves_the_language_question_and_what_it_interrupted_stays(
    storage: Storage, clock: FakeClock
) -> None:
    d = Driver(storage, make_ctx(clock), 3008)
    await d.start()
    await d.press("I'm looking for support")
    await d.press("✓ English")
    await d.act(lambda uow, p: onboarding.change_language(uow, d.ctx, p))
    await d.new()
    await d.act(lambda uow, p: onboarding.cancel(uow, d.ctx, p))
    texts = [s.text for s in await d.new()]
    assert texts[0] == "Language unchanged."
    assert texts[1].startswith("Before we start")
    assert await d.flow() == ("seeker", "about")


@pytest.mark.parametrize("coordinators", [[3009]])
async def test_coordinators_are_never_held_up_by_the_consent_question(
    storage: Storage, clock: FakeClock, coordinators: list[int]
) -> None:
    before = Driver(storage, make_ctx(clock, network={"coordinators": coordinators}), 3009)
    await walk_seeker(before)
    after = Driver(
        storage,
        make_ctx(clock, network={"coordinators": coordinators, "consent_version": 2}),
        3009,
    )
    assert not await gate(after, command="claim")


async def test_at_onboardings_own_consent_step_the_question_is_simply_repeated(
    storage: Storage, clock: FakeClock
) -> None:
    d = await onboarded_under_version_1(storage, clock, 3010)
    await d.act(lambda uow, p: onboarding.apply(uow, d.ctx, p))
    await d.press("✓ English")
    await d.press("I understand, let's go on")
    assert await d.flow() == ("peer", "consent")
    await d.new()
    assert await gate(d)
    (repeated,) = await d.new()
    assert "Do you agree to these rules?" in repeated.text
    assert "have changed" not in repeated.text
    assert not await gate(d, action=onboarding_flow.GO)
    await d.press("I agree")
    assert await d.flow() == ("peer", "pseudonym")
    assert (await d.person()).consent_version == 2
