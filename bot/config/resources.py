"""[[resources]]: the referral entries, crisis lines and emergency numbers first among them."""

from __future__ import annotations

from typing import Annotated, Final, Literal

from pydantic import Field, field_validator

from bot.config.base import _check_language, _Section

ResourceKind = Literal[
    "crisis_line", "emergency", "social_work", "employee_assistance", "public_health"
]
_CRISIS_KINDS: Final = frozenset({"crisis_line", "emergency"})


class Resource(_Section):
    language: str
    kind: ResourceKind
    name: Annotated[str, Field(min_length=1, max_length=200)]
    contact: Annotated[str, Field(min_length=1, max_length=200)]
    note: Annotated[str, Field(max_length=500)] = ""

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        return _check_language(value)

    @property
    def is_crisis(self) -> bool:
        return self.kind in _CRISIS_KINDS


DEFAULT_RESOURCES: Final = (
    Resource(
        language="fr",
        kind="crisis_line",
        name="3114 — numéro national de prévention du suicide",
        contact="3114",
        note="24h/24, 7j/7, gratuit",
    ),
    Resource(language="fr", kind="emergency", name="SAMU", contact="15", note="urgence médicale"),
    Resource(
        language="fr",
        kind="emergency",
        name="Numéro d'urgence européen",
        contact="112",
        note="partout dans l'Union européenne",
    ),
    Resource(
        language="en",
        kind="emergency",
        name="European emergency number",
        contact="112",
        note="anywhere in the EU",
    ),
    Resource(
        language="en",
        kind="crisis_line",
        name="Samaritans",
        contact="116 123",
        note="UK & Ireland, 24/7, free",
    ),
    Resource(
        language="en",
        kind="crisis_line",
        name="988 Suicide & Crisis Lifeline",
        contact="988",
        note="US, call or text, 24/7",
    ),
)
