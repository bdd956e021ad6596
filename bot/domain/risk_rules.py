"""The warning signs the risk model looks for, as rules over canonical text (``risk_text``).

Each rule names a phenomenon, not a sentence: a first-person wish to die, an intent with a
method, a means at hand, an overdose just taken, a farewell… Rules are written against the
canonical spelling, so "jveu mourir", "je veux mourir" and "Je veux MOURIR" are one case.

A rule says who must be speaking:
- ``SELF``: the words themselves are in the first person ("kill myself", "me tuer", "mes
  jours"), so no subject needs checking;
- ``ANY``: the subject is looked for before the match in the same clause ("she wants to die"
  is about someone else, "part of me wants to die" is not); with no subject, chat style, the
  writer is assumed to speak of themselves;
- ``TOPIC``: a bare word ("suicide", "self-harm") that may just be a subject of conversation:
  ignored when the message is about a course, a film, a book, the news…;
- ``OTHER``: someone else acts on the writer (danger from a partner, a parent, a stranger);
- ``THIRD``: someone else is at risk ("she wants to kill herself"): never the writer's own.

Gaps between words never cross a negation (``_G``), so "je ne veux pas mourir" does not
read as "veux … mourir"; a negation before the match is checked by the model itself.

The rules live one family per file (``risk_rules_intent``, ``_wishes``, ``_indirect``,
``_hope``, ``_acts``, ``_others``, ``_structures``, ``_chat``, ``_veiled``, ``_terse``,
``_aftermath``, ``_means``),
the vocabulary they share in ``risk_rules_base``; this module gathers them and indexes their
key words.
"""

from __future__ import annotations

import re

from bot.domain import (
    risk_rules_acts,
    risk_rules_aftermath,
    risk_rules_chat,
    risk_rules_hope,
    risk_rules_indirect,
    risk_rules_intent,
    risk_rules_means,
    risk_rules_others,
    risk_rules_structures,
    risk_rules_terse,
    risk_rules_veiled,
    risk_rules_wishes,
)
from bot.domain.risk_rules_base import DISTANCE, IDIOMS, MARKERS, TIME, Person, Rule

__all__ = [
    "DISTANCE",
    "IDIOMS",
    "IMMEDIATE",
    "MARKERS",
    "RECOVERED",
    "RULES",
    "STEMS",
    "STEM_LENGTHS",
    "TIME",
    "Person",
    "Rule",
]

# In the order they were written; the order changes nothing in the verdict.
RULES: tuple[Rule, ...] = (
    *risk_rules_intent.RULES,
    *risk_rules_wishes.RULES,
    *risk_rules_indirect.RULES,
    *risk_rules_hope.RULES,
    *risk_rules_acts.RULES,
    *risk_rules_others.RULES,
    *risk_rules_structures.RULES,
    *risk_rules_chat.RULES,
    *risk_rules_veiled.RULES,
    *risk_rules_terse.RULES,
    *risk_rules_aftermath.RULES,
    *risk_rules_means.RULES,
)


def _stems() -> dict[str, frozenset[int]]:
    """Each key word's first word → the rules it opens. A message's words are looked up by
    their prefixes, so finding which rules to try costs a few dictionary lookups per word."""
    stems: dict[str, set[int]] = {}
    for index, rule in enumerate(RULES):
        for key in rule.keys:
            stems.setdefault(key.split()[0], set()).add(index)
    return {stem: frozenset(rules) for stem, rules in stems.items()}


STEMS = _stems()
STEM_LENGTHS = tuple(sorted({len(stem) for stem in STEMS}))
# When the writer is in danger and the danger is now.
IMMEDIATE = re.compile(
    r"\b(?:right now|now|outside (?:my|the) (?:door|house|window|room)|at (?:my|the) door|"
    r"devant (?:ma|la) porte|en ce moment|"
    r"breaking|defonce\w*|en train de|coming|arrive|revient|with a (?:knife|gun)|"
    r"avec un (?:couteau|flingue|fusil)|locked me|enfermee?|tonight|ce soir|following me|"
    r"hiding|cachee?|screaming|hurle|broke into|de force|banging|pounding|tape sur la porte|"
    r"(?:tape|frappe|cogne) a la porte|en bas de chez moi|locked in (?:my|the) (?:room|"
    r"bathroom)|"
    r"tambourine|crie|cries|yelling|trying to get in\w*|essaie de (?:entrer|rentrer)|"
    r"me suit|please help|aidez moi|help me)\b"
)
RECOVERED = re.compile(
    r"^ (?:.*\b(?:je ai arrete|i stopped|i quit|i have been clean|been clean|je suis clean|"
    r"ne le fais plus|do not do it anymore)\b|plus maintenant|not anymore|not any more|no more|"
    r"not now|plus du tout|"
    r"that is over|ce est fini maintenant)\b"
)
