"""The pre-filter skips only rules that could not have matched: verdicts do not change."""

from __future__ import annotations

import re

import pytest

from bench.risk import FRESH, load
from bot.domain import risk_rules
from bot.domain.risk import _REQUIRED
from bot.domain.risk_prefilter import can_match, required
from bot.domain.risk_text import canonical


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (r"\b(?:kill|end) myself\b", " i want to kill myself ", True),
        (r"\b(?:kill|end) myself\b", " i want to sleep ", False),
        (r"\bje (?:vais|veux) (?:me tuer|mourir)\b", " je veux mourir ", True),
        (r"\bje (?:vais|veux) (?:me tuer|mourir)\b", " je veux manger ", False),
    ],
)
def test_a_rule_is_skipped_only_when_its_strings_are_absent(pattern, text, matches):
    strings = required(pattern)
    assert strings is not None
    assert (re.search(pattern, text) is not None) is matches
    # Present when it matches; absent here when it does not, so the rule is not run.
    assert can_match(strings, text) is matches


def test_an_optional_part_requires_nothing():
    assert required(r"\b(?:really )?x\b") is None  # "x" is too short to be worth testing


def test_every_match_on_the_corpus_holds_one_of_its_rules_strings():
    """The strings are read off each rule's expression: on every corpus sentence, a rule that
    matches must pass the test, or the pre-filter would hide a warning sign."""
    sentences = [s for part in ("dev", "test", *FRESH) for s in load(part)]
    checked = 0
    for s in sentences:
        msg = " " + " ".join(risk_rules.IDIOMS.sub(" ", canonical(s.text, s.language)).split())
        msg += " "
        for rule, strings in zip(risk_rules.RULES, _REQUIRED, strict=True):
            for match in rule.pattern.finditer(msg):
                assert can_match(strings, match.group()), (rule.name, match.group())
                checked += 1
    assert checked > 1000
    assert sum(strings is not None for strings in _REQUIRED) > len(_REQUIRED) // 2
