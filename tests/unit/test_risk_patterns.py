"""The service's part of the verdict: ``escalation.risk_patterns`` (configured per language)
raise a text to at least *concern*, and never lower what the domain's assessment says. Which
phrasings the assessment itself recognises is the risk model's test (test_risk_model.py)."""

from __future__ import annotations

from bot.clock import FakeClock
from bot.domain.risk import RiskLevel, assess
from bot.services.escalations.screening import level_of_reason, looks_at_risk, normalise, verdict
from tests.support.context import make_ctx

CTX = make_ctx(FakeClock())


def test_normalisation_ignores_accents_case_and_curly_apostrophes():
    assert normalise("J’AI  Envie de DISPARAÎTRE !!") == "j'ai envie de disparaitre"


def test_configured_patterns_make_a_text_a_concern_and_lose_their_accents():
    ctx = make_ctx(
        FakeClock(), escalation={"risk_patterns": {"fr": ["\\bau bout du rouleau\\b", "épuisée"]}}
    )
    assert verdict(ctx, "Je suis AU BOUT du rouleau", "fr").level is RiskLevel.CONCERN
    assert verdict(ctx, "je suis EPUISEE", "en").level is RiskLevel.CONCERN  # any language
    assert looks_at_risk(ctx, "au bout du rouleau")
    assert not looks_at_risk(CTX, "au bout du rouleau")  # not configured: burnout talk is common


def test_configured_patterns_never_lower_the_assessment():
    ctx = make_ctx(FakeClock(), escalation={"risk_patterns": {"en": ["\\bsuicid"]}})
    text = "I keep thinking about suicide"
    assert verdict(ctx, text, "en").level >= assess(text, "en").level
    assert verdict(ctx, text, "en").level >= RiskLevel.CONCERN


def test_no_text_no_risk_and_reasons_take_the_same_verdict():
    assert verdict(CTX, "", "en").level is RiskLevel.NONE
    assert level_of_reason(CTX, "", "fr") is RiskLevel.NONE
    ctx = make_ctx(FakeClock(), escalation={"risk_patterns": {"en": ["\\bnot coping\\b"]}})
    assert level_of_reason(ctx, "says they are not coping at all", "en") is RiskLevel.CONCERN
