"""Who may be offered to whom, and how well they fit: hard constraints, then a score in parts.

Pure: the services gather people and loads from storage and ask this module. The score is a sum
of named parts so a coordinator can always be told why a pair was made (``explain``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.domain.offers import Offer as Offer  # where matching's callers have found it
from bot.domain.offers import OfferStatus
from bot.domain.people import PeerState, Person, PersonStatus
from bot.domain.profiles import PeerProfile, SeekerProfile

# Score parts, in the order a coordinator reads them.
SHARED_EXPERIENCE = "shared_experience"
NICE_TO_HAVE = "nice_to_have"
AVAILABILITY = "availability"
LOAD_BALANCE = "load_balance"
PARTS = (SHARED_EXPERIENCE, NICE_TO_HAVE, AVAILABILITY, LOAD_BALANCE)

# Hard constraints, named so tests and coordinators can tell which one ruled a peer out.
SELF = "self"
NOT_APPROVED = "not_approved"
AWAY = "away"
SUSPENDED = "suspended"
UNREACHABLE = "unreachable"
FULL = "full"
EXCLUDED = "excluded"
NO_SHARED_LANGUAGE = "no_shared_language"
TRIGGER_TOPIC = "trigger_topic"
MUST_CRITERION = "must_criterion"
# Held out of matching by the training path: a required module not passed, or expired.
TRAINING = "training"

# Offers and their states live in bot.domain.offers; named here too, where matching's callers
# have always found them.
PENDING, ACCEPTED, DECLINED, EXPIRED, CANCELLED = (
    OfferStatus.PENDING,
    OfferStatus.ACCEPTED,
    OfferStatus.DECLINED,
    OfferStatus.EXPIRED,
    OfferStatus.CANCELLED,
)


@dataclass(frozen=True)
class Weights:
    shared_experience: float = 3.0
    nice_to_have: float = 1.0
    availability: float = 1.0
    load_balance: float = 1.0


@dataclass(frozen=True)
class Candidate:
    """A peer and how many seekers they already hold: open pairs plus pending offers."""

    peer: Person
    load: int


@dataclass(frozen=True)
class Match:
    peer: Person
    score: float
    parts: dict[str, float]


def seeker_languages(seeker: Person) -> set[str]:
    profile = seeker.seeker_profile or SeekerProfile()
    found = set(profile.languages)
    if not found and seeker.language:
        found = {seeker.language}
    return found


def peer_languages(peer: Person) -> set[str]:
    profile = peer.peer_profile or PeerProfile()
    found = set(profile.languages)
    if not found and peer.language:
        found = {peer.language}
    return found


def shared_languages(seeker: Person, peer: Person) -> list[str]:
    """Languages both can talk in, in the seeker's order of preference."""
    theirs = peer_languages(peer)
    profile = seeker.seeker_profile or SeekerProfile()
    ordered = profile.languages or ([seeker.language] if seeker.language else [])
    return [lang for lang in ordered if lang in theirs]


def peer_violations(peer: Person, load: int, *, training_held: bool = False) -> list[str]:
    """The constraints that depend on the peer alone: can they take anyone right now?

    ``training_held``: the training path holds them out of matching (bot/domain/training.py
    decides; the search reads it with the peer's row, the other callers ask storage)."""
    found: list[str] = []
    if training_held:
        found.append(TRAINING)
    if peer.peer_state is not PeerState.APPROVED:
        found.append(NOT_APPROVED)
    if peer.peer_away:
        found.append(AWAY)
    if peer.status is not PersonStatus.ACTIVE:
        found.append(SUSPENDED)
    if peer.unreachable_at is not None:
        found.append(UNREACHABLE)
    if load >= peer.peer_capacity:
        found.append(FULL)
    return found


def violations(
    seeker: Person,
    peer: Person,
    load: int,
    excluded: Collection[str] = (),
    *,
    training_held: bool = False,
) -> list[str]:
    """Every hard constraint this peer fails for this seeker (empty: the peer may be offered).

    ``excluded`` holds peers this seeker must never get (past pairs, and peers already asked
    during the current search)."""
    found = peer_violations(peer, load, training_held=training_held)
    seeker_profile = seeker.seeker_profile or SeekerProfile()
    peer_profile = peer.peer_profile or PeerProfile()
    if peer.id == seeker.id:
        found.append(SELF)
    if peer.id in excluded:
        found.append(EXCLUDED)
    if not seeker_languages(seeker) & peer_languages(peer):
        found.append(NO_SHARED_LANGUAGE)
    if set(peer_profile.cannot_take) & set(seeker_profile.experiences):
        found.append(TRIGGER_TOPIC)
    for name, criterion in seeker_profile.criteria.items():
        if criterion.must and peer_profile.attributes.get(name) != criterion.value:
            found.append(MUST_CRITERION)
            break
    return found


def eligible(seeker: Person, peer: Person, load: int, excluded: Collection[str] = ()) -> bool:
    return not violations(seeker, peer, load, excluded)


def score_parts(seeker: Person, peer: Person, load: int, weights: Weights) -> dict[str, float]:
    """The score's parts; the score is their sum.

    - shared experiences: how many of the seeker's topics the peer has lived;
    - nice to have: how many of the seeker's optional criteria the peer meets;
    - availability: the share of the seeker's time slots the peer shares (0 when the seeker
      gave none, so nobody gains from it);
    - load balance: the share of the peer's capacity still free, so work is spread.
    """
    seeker_profile = seeker.seeker_profile or SeekerProfile()
    peer_profile = peer.peer_profile or PeerProfile()
    shared = len(set(seeker_profile.experiences) & set(peer_profile.experiences))
    nice = sum(
        1
        for name, criterion in seeker_profile.criteria.items()
        if not criterion.must and peer_profile.attributes.get(name) == criterion.value
    )
    wanted_slots = set(seeker_profile.availability)
    overlap = (
        len(wanted_slots & set(peer_profile.availability)) / len(wanted_slots)
        if wanted_slots
        else 0.0
    )
    capacity = peer.peer_capacity
    free = max(capacity - load, 0) / capacity if capacity > 0 else 0.0
    return {
        SHARED_EXPERIENCE: _points(shared * weights.shared_experience),
        NICE_TO_HAVE: _points(nice * weights.nice_to_have),
        AVAILABILITY: _points(overlap * weights.availability),
        LOAD_BALANCE: _points(free * weights.load_balance),
    }


def _points(value: float) -> float:
    # Rounded so the parts shown to a coordinator add up exactly to the score shown.
    return round(value, 4)


def total(parts: Mapping[str, Any]) -> float:
    """The score: the sum of the numeric parts."""
    return round(sum(value for _name, value in explain(parts)), 4)


def rank(
    seeker: Person,
    candidates: Iterable[Candidate],
    excluded: Collection[str],
    weights: Weights,
) -> list[Match]:
    """Eligible peers, best score first; on a tie the less loaded, then the older code, so the
    order is stable."""
    matches: list[tuple[Match, int]] = []
    for candidate in candidates:
        if not eligible(seeker, candidate.peer, candidate.load, excluded):
            continue
        parts = score_parts(seeker, candidate.peer, candidate.load, weights)
        matches.append((Match(candidate.peer, total(parts), parts), candidate.load))
    matches.sort(key=lambda item: (-item[0].score, item[1], item[0].peer.code))
    return [match for match, _load in matches]


def explain(parts: Mapping[str, Any]) -> list[tuple[str, float]]:
    """The parts of a stored score as (name, points): the known parts in reading order, then
    any other numeric entry (a coordinator's forced match may add one), by name."""
    known = [(name, float(parts[name])) for name in PARTS if _numeric(parts.get(name))]
    others = sorted(
        (name, float(value))
        for name, value in parts.items()
        if name not in PARTS and _numeric(value)
    )
    return known + others


def _numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
