"""Onboarding's pure parts: typed pseudonyms and time zones, and every step rendered in every
language (the flows over storage are in tests/integration/test_onboarding.py)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.domain.people import Person
from bot.services.onboarding.flow import Turn
from bot.services.onboarding.flows import ENGINE, STEP, STEPS
from bot.services.onboarding.steps import PRINCIPLES
from bot.services.onboarding.typed import check_pseudonym, resolve_zone, suggest_pseudonym
from bot.services.shared.context import ServiceContext
from bot.storage.flows_repo import FlowState


@pytest.mark.parametrize("name", ["Quiet Heron", "Élodie-M", "ab", "nuit_blanche 42", "x" * 32])
def test_good_pseudonyms_are_kept_tidied(name: str) -> None:
    assert check_pseudonym(f"  {name}  ") == (name, None)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "pseudonym.too_short"),
        ("   a   ", "pseudonym.too_short"),
        ("x" * 33, "pseudonym.too_long"),
        ("call 06 12 34 56 78", "pseudonym.contact"),
        ("me@example.org", "pseudonym.contact"),
        ("@someone", "pseudonym.contact"),
        ("t.me/someone", "pseudonym.contact"),
        ("www example", "pseudonym.contact"),
        ("https link", "pseudonym.contact"),
        ("heart ❤", "pseudonym.characters"),
        ("semi;colon", "pseudonym.characters"),
    ],
)
def test_bad_pseudonyms_are_refused_with_the_reason(raw: str, problem: str) -> None:
    assert check_pseudonym(raw)[1] == problem


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_suggested_pseudonym_is_itself_acceptable(
    services: ServiceContext, language: str
) -> None:
    def words(key: str) -> list[str]:
        return [w.strip() for w in services.t(language, key).split(",")]

    adjectives, nouns = words("pseudonym.adjectives"), words("pseudonym.nouns")
    assert len(adjectives) >= 10 and len(nouns) >= 10
    for adjective, noun in itertools.product(adjectives, nouns):
        name = services.t(language, "pseudonym.pattern", adjective=adjective, noun=noun, number=99)
        assert check_pseudonym(name) == (name, None)
    assert check_pseudonym(suggest_pseudonym(services, language))[1] is None


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Europe/Paris", "Europe/Paris"),
        ("europe/paris", "Europe/Paris"),
        ("  Montreal ", "America/Montreal"),
        ("new york", "America/New_York"),
        ("UTC", "UTC"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_typed_time_zones_are_resolved_or_refused(typed: str, zone: str | None) -> None:
    assert resolve_zone(typed) == zone


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("flow", ["seeker", "peer", "consent", "language"])
def test_every_step_renders_in_every_language(
    services: ServiceContext, language: str, flow: str
) -> None:
    # Keys built at run time (f"about.{flow}", f"experience.{tag}"...) exist in each catalogue.
    person = Person("p", "ABC234", 1, datetime.now(UTC), language=language, pseudonym="Ama")
    data: dict[str, Any] = {
        "criteria": {"gender": {"value": "nonbinary", "must": False}},
        "suggested": "Ama",
        "principle": len(PRINCIPLES) - 1,
        "experiences": ["grief"],
    }
    for step in STEPS[flow]:
        if step == "age_range_must":
            data["criteria"]["age_range"] = {"value": "60_plus", "must": True}
        state = FlowState(flow, step, data, "n0")
        turn = Turn(None, services, person, state, ENGINE)  # type: ignore[arg-type]
        text, keyboard = STEP[step].render(turn)
        assert text and all(b["text"] for row in keyboard for b in row)
    for key in ("resume.flow.seeker", "resume.flow.peer", "applications.usage_approve"):
        assert services.t(language, key)
    for role in ("peer", "coordinator", "seeker"):
        assert services.t(language, f"invite.role.{role}")
        assert services.t(language, f"invite.already_{role}")
    for status in ("seeker.waiting", "seeker.offered", "seeker.paired", "seeker.paused"):
        assert services.t(language, f"status.{status}")
