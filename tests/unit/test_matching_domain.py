"""The pure matching rules: hard constraints never broken, score = sum of parts, ranked by score."""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import matching as rules
from bot.domain.people import Person
from bot.domain.profiles import Criterion, PeerProfile, SeekerProfile
from tests.support.matching import (
    NOW,
    peers,
    ready_peers,
    seekers,
)

WEIGHTS = rules.Weights(3.0, 1.0, 1.0, 1.0)


@st.composite
def populations(draw: st.DrawFn) -> tuple[Person, list[rules.Candidate], set[str]]:
    seeker = draw(seekers)
    drawn = draw(
        st.lists(
            st.tuples(
                st.one_of(peers, ready_peers),
                st.sampled_from((0, 0, 0, 1, 2, 3)),
                st.integers(0, 9),
            ),
            max_size=12,
        )
    )
    candidates = []
    for n, (peer, load, roll) in enumerate(drawn):
        # Now and then the seeker's own id, so "never themself" is exercised.
        peer_id = seeker.id if roll == 0 else f"p{n}"
        peer = replace(peer, id=peer_id, code=f"P{n:03d}", telegram_id=1000 + n)
        candidates.append(rules.Candidate(peer, load))
    ids = [c.peer.id for c in candidates]
    excluded = set(draw(st.lists(st.sampled_from(ids), max_size=2))) if ids else set()
    return seeker, candidates, excluded


def breaks_a_hard_constraint(
    seeker: Person, candidate: rules.Candidate, excluded: set[str]
) -> bool:
    """The rules restated independently, straight from the specification."""
    peer, sp = candidate.peer, seeker.seeker_profile or SeekerProfile()
    pp = peer.peer_profile or PeerProfile()
    seeker_langs = set(sp.languages) or ({seeker.language} - {None})
    peer_langs = set(pp.languages) or ({peer.language} - {None})
    return (
        peer.id == seeker.id
        or peer.peer_state != "approved"
        or peer.peer_away
        or peer.status != "active"
        or peer.unreachable_at is not None
        or candidate.load >= peer.peer_capacity
        or peer.id in excluded
        or not (seeker_langs & peer_langs)
        or bool(set(pp.cannot_take) & set(sp.experiences))
        or any(c.must and pp.attributes.get(k) != c.value for k, c in sp.criteria.items())
    )


@settings(derandomize=True, max_examples=200)
@given(populations())
def test_ranking_never_returns_a_peer_that_breaks_a_hard_constraint(population):
    seeker, candidates, excluded = population
    ranked = rules.rank(seeker, candidates, excluded, WEIGHTS)
    by_id = {id(c.peer): c for c in candidates}
    for match in ranked:
        assert not breaks_a_hard_constraint(seeker, by_id[id(match.peer)], excluded)
    # ...and leaves out no peer that keeps them all.
    keeping = [c for c in candidates if not breaks_a_hard_constraint(seeker, c, excluded)]
    assert len(ranked) == len(keeping)


@settings(derandomize=True, max_examples=200)
@given(populations())
def test_parts_add_up_to_the_score_and_ranking_is_by_score(population):
    seeker, candidates, excluded = population
    ranked = rules.rank(seeker, candidates, excluded, WEIGHTS)
    for match in ranked:
        assert set(match.parts) == set(rules.PARTS)
        assert math.isclose(sum(match.parts.values()), match.score, abs_tol=1e-9)
        assert math.isclose(sum(v for _k, v in rules.explain(match.parts)), match.score)
        assert all(value >= 0 for value in match.parts.values())
    scores = [m.score for m in ranked]
    assert scores == sorted(scores, reverse=True)


@settings(derandomize=True, max_examples=200)
@given(populations(), st.floats(0, 100), st.floats(0, 100), st.floats(0, 100), st.floats(0, 100))
def test_parts_add_up_whatever_the_weights(population, a, b, c, d):
    seeker, candidates, _excluded = population
    weights = rules.Weights(a, b, c, d)
    for candidate in candidates:
        parts = rules.score_parts(seeker, candidate.peer, candidate.load, weights)
        assert math.isclose(rules.total(parts), sum(parts.values()), abs_tol=1e-6)


def person(pid: str, **kw) -> Person:
    return Person(id=pid, code=pid.upper(), telegram_id=1, created_at=NOW, **kw)


def peer(pid: str, **profile) -> Person:
    return person(
        pid,
        language="en",
        peer_state="approved",
        peer_capacity=2,
        peer_profile=PeerProfile(languages=["en"], **profile),
    )


SEEKER = person(
    "s",
    language="en",
    seeker_profile=SeekerProfile(
        experiences=["burnout", "grief"],
        languages=["en"],
        criteria={"gender": Criterion("woman", must=False), "age_range": Criterion("30-44")},
        availability=["evenings", "weekends"],
    ),
)


def test_each_part_is_what_it_says():
    p = peer(
        "p",
        experiences=["burnout", "grief", "trauma"],
        availability=["evenings"],
        attributes={"gender": "woman"},
    )
    parts = rules.score_parts(SEEKER, p, load=1, weights=WEIGHTS)
    assert parts == {
        "shared_experience": 6.0,  # two shared topics × 3
        "nice_to_have": 1.0,  # gender met; age range is not a must here, and not met
        "availability": 0.5,  # one of the seeker's two slots
        "load_balance": 0.5,  # one of two places free
    }
    assert rules.total(parts) == 8.0


def test_must_criterion_and_trigger_topic_rule_a_peer_out():
    must = person(
        "m",
        language="en",
        seeker_profile=SeekerProfile(
            experiences=["grief"], criteria={"gender": Criterion("woman", must=True)}
        ),
    )
    assert rules.violations(must, peer("p", attributes={"gender": "man"}), 0) == [
        rules.MUST_CRITERION
    ]
    assert rules.eligible(must, peer("p", attributes={"gender": "woman"}), 0)
    assert rules.violations(
        must, peer("p", cannot_take=["grief"], attributes={"gender": "woman"}), 0
    ) == [rules.TRIGGER_TOPIC]


def test_language_falls_back_to_the_persons_language():
    s = person("s", language="fr", seeker_profile=SeekerProfile())
    p = person("p", language="fr", peer_state="approved", peer_capacity=1)
    assert rules.eligible(s, p, 0)
    p.language = "en"
    assert rules.violations(s, p, 0) == [rules.NO_SHARED_LANGUAGE]


def test_ties_go_to_the_less_loaded_peer():
    a, b = peer("a", experiences=["burnout"]), peer("b", experiences=["burnout"])
    flat = rules.Weights(1.0, 1.0, 1.0, 0.0)
    ranked = rules.rank(SEEKER, [rules.Candidate(a, 1), rules.Candidate(b, 0)], set(), flat)
    assert [m.peer.id for m in ranked] == ["b", "a"]


def test_explain_reads_known_parts_in_order_and_skips_text():
    parts = {"load_balance": 1.0, "matched_by": "C1", "shared_experience": 3.0, "extra": 2}
    assert rules.explain(parts) == [
        ("shared_experience", 3.0),
        ("load_balance", 1.0),
        ("extra", 2.0),
    ]
    assert rules.total(parts) == 6.0
