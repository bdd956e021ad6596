"""Risk assessment of one message: a pure function, no I/O.

``assess(text, language)`` says how worrying a message is (``RiskLevel``) and which warning
signs fired (``Category``), after the Columbia Suicide Severity Rating Scale's screener and the
public warning-sign guidance of crisis lines. It is a safety net for coordinators, never a
diagnosis: a message it misses is still read by a human peer.

This first version only fixes the interface; the rules behind it are filled in by the risk
model (corpus, rules over normalised text, benchmark in ``bench/risk.py``).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass


class RiskLevel(enum.IntEnum):
    """Ordered, so levels compare: ``URGENT > CONCERN > NONE``."""

    NONE = 0
    CONCERN = 1
    URGENT = 2


class Category(enum.Enum):
    WISH_TO_DIE = "wish_to_die"  # wish to be dead, to disappear, not to wake up
    ACTIVE_THOUGHTS = "active_thoughts"  # thinking of killing oneself
    METHOD = "method"  # a method or means named, or at hand
    PLAN = "plan"  # intent or plan, with or without a time
    PREPARATION = "preparation"  # goodbye letter, belongings given away, pills stockpiled…
    ATTEMPT = "attempt"  # an act under way or just made
    SELF_HARM = "self_harm"  # cutting, burning, hitting oneself
    HOPELESSNESS = "hopelessness"  # no way out, trapped, a burden
    FAREWELL = "farewell"  # goodbye messages
    DANGER = "danger"  # in danger from someone else, not safe


@dataclass(frozen=True)
class RiskAssessment:
    level: RiskLevel
    categories: frozenset[Category] = frozenset()

    @property
    def worrying(self) -> bool:
        return self.level is not RiskLevel.NONE


NO_RISK = RiskAssessment(RiskLevel.NONE)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_NOT_WORD = re.compile(r"[^\w']+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower case, no accents, straight apostrophes, words separated by single spaces."""
    plain = strip_accents(text.translate(_APOSTROPHES)).casefold()
    return " ".join(_NOT_WORD.sub(" ", plain).split())


_PLACEHOLDER = re.compile(
    r"\bsu[i]?[cs]i?d\w*|\bkill (?:my ?self)\b|\bme tuer\b|\ben finir\b|\bmourir\b|\bdie\b"
)


def assess(text: str, language: str) -> RiskAssessment:
    """How worrying ``text`` is, written by someone whose language is ``language``.

    Every language's rules apply to every text (people in distress switch language); the
    language only breaks ties."""
    del language
    if _PLACEHOLDER.search(normalise(text)):
        return RiskAssessment(RiskLevel.CONCERN, frozenset({Category.ACTIVE_THOUGHTS}))
    return NO_RISK
