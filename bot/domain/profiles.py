"""What seekers and peers told us during onboarding; sealed at rest as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Similarity criteria a seeker may ask of a peer; each is a must or a nice-to-have.
CRITERIA = ("gender", "age_range")
AVAILABILITY_SLOTS = ("mornings", "afternoons", "evenings", "weekends")


@dataclass
class Criterion:
    value: str
    must: bool = False


@dataclass
class SeekerProfile:
    experiences: list[str] = field(default_factory=list)
    # Languages the seeker can talk in, preferred first.
    languages: list[str] = field(default_factory=list)
    criteria: dict[str, Criterion] = field(default_factory=dict)
    availability: list[str] = field(default_factory=list)
    in_danger: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SeekerProfile:
        criteria = {k: Criterion(**v) for k, v in (data.get("criteria") or {}).items()}
        return cls(
            experiences=list(data.get("experiences") or []),
            languages=list(data.get("languages") or []),
            criteria=criteria,
            availability=list(data.get("availability") or []),
            in_danger=bool(data.get("in_danger", False)),
        )


@dataclass
class PeerProfile:
    experiences: list[str] = field(default_factory=list)
    cannot_take: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    availability: list[str] = field(default_factory=list)
    # How the peer describes themself, for seekers' similarity criteria (optional).
    attributes: dict[str, str] = field(default_factory=dict)
    principles_version: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PeerProfile:
        return cls(
            experiences=list(data.get("experiences") or []),
            cannot_take=list(data.get("cannot_take") or []),
            languages=list(data.get("languages") or []),
            availability=list(data.get("availability") or []),
            attributes=dict(data.get("attributes") or {}),
            principles_version=int(data.get("principles_version", 0)),
        )
