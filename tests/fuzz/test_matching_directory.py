"""The peer directory ranks exactly as the specification, ``bot.domain.matching.rank``.

Whatever the peers (their states, capacities, loads, languages, topics, triggers, criteria,
availability), the seeker, the exclusions and the weights, the directory's ranking is the same
list as the rules': the same peers, in the same order, with the same scores and score parts.
Also when the directory carries cards from earlier searches, some of them stale, and when it
falls back to the rules themselves (a capacity above what its lanes hold, a criterion that is
not text).

The profile (``HYPOTHESIS_PROFILE``, see conftest.py) sets how many examples: these are pure
computations, so each profile's count is multiplied.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import matching as rules
from bot.domain.people import Person
from bot.domain.profiles import Criterion, SeekerProfile
from bot.storage.peer_directory import MAX_CAPACITY, AvailablePeers, OpenedPeer, PeerDirectory
from tests.support.in_process import fuzz_settings
from tests.support.matching import in_query, peers, ready_peers, seekers

EXAMPLES = settings(fuzz_settings(), max_examples=fuzz_settings().max_examples * 25)

weights = st.one_of(
    st.just(rules.Weights()),
    # Many ties, so that the load and then the code decide.
    st.sampled_from((rules.Weights(1.0, 1.0, 1.0, 0.0), rules.Weights(0.0, 0.0, 0.0, 0.0))),
    st.builds(
        rules.Weights,
        *(st.one_of(st.sampled_from((0.0, 0.5, 1.0, 3.0)), st.floats(0, 100)) for _ in range(4)),
    ),
)


def read_by_search(
    candidates: list[rules.Candidate], *, languages: bool = False
) -> tuple[AvailablePeers, dict[str, Person]]:
    """What a search reads of the database holding these candidates, one row per id: the
    available peers (as the query's joined strings, with the loads, and with the languages
    if asked), and the rows to open."""
    groups: dict[int, tuple[list[str], list[str], list[str]]] = {}
    loads: dict[str, int] = {}
    rows: dict[str, Person] = {}
    for candidate in candidates:
        peer = candidate.peer
        if peer.id in rows:
            continue
        rows[peer.id] = peer
        if candidate.load:
            loads[peer.id] = candidate.load
        if in_query(peer):
            ids, revs, langs = groups.setdefault(peer.peer_capacity, ([], [], []))
            ids.append(peer.id)
            revs.append(str(peer.profile_rev))
            langs.append(peer.language or "")
    key = tuple(
        (capacity, ",".join(ids), ",".join(revs), ",".join(langs) if languages else None)
        for capacity, (ids, revs, langs) in sorted(groups.items())
    )
    # Loads split between pairs and offers at random, as both count.
    in_pairs = [pid for pid, load in loads.items() for _ in range(load // 2)]
    in_offers = [pid for pid, load in loads.items() for _ in range(load - load // 2)]
    return AvailablePeers(key, ",".join(in_pairs), ",".join(in_offers)), rows


def refresh(
    directory: PeerDirectory,
    available: AvailablePeers,
    rows: dict[str, Person],
    held: frozenset[str] = frozenset(),
) -> None:
    """What ``matching._refresh_directory`` does, with the rows at hand."""
    for pid, _rev, _lang in directory.stale(available):
        directory.admit(OpenedPeer.of(rows[pid]), trusted=pid not in held)
    directory.settle(available, complete=not held & set(rows))


def fresh_directory(candidates: list[rules.Candidate]) -> tuple[PeerDirectory, AvailablePeers]:
    """A new directory filled from what a search would read for these candidates."""
    available, rows = read_by_search(candidates)
    directory = PeerDirectory()
    refresh(directory, available, rows)
    return directory, available


def by_rules(seeker, candidates, excluded, weights):
    """Each match with the load it was ranked with (the directory reports it: the offer uses
    it on SQLite)."""
    load_of = {id(c.peer): c.load for c in candidates}
    return [
        (m.peer.id, m.peer.code, m.score, m.parts, load_of[id(m.peer)])
        for m in rules.rank(seeker, candidates, excluded, weights)
    ]


def by_directory(directory, seeker, candidates, available, excluded, weights):
    """As ``matching._ranking`` does: the directory when it can, else the rules themselves
    over the peers with room."""
    if directory.can_rank(seeker, available):
        ranked = directory.rank(seeker, available, excluded, weights)
        return [(peer.id, peer.code, peer.score, peer.parts, peer.load) for peer in ranked]
    with_room = set(available.with_room())
    return by_rules(seeker, [c for c in candidates if c.peer.id in with_room], excluded, weights)


def revision_of(peer: Person) -> int:
    """A revision that changes whenever the profile does, as the services bump it."""
    digest = hashlib.sha256(repr(peer.peer_profile).encode()).digest()
    return int.from_bytes(digest[:4], "big")


@st.composite
def populations(
    draw: st.DrawFn, *, pool: int | None = None, wide: bool = False
) -> tuple[Person, list[rules.Candidate], set[str]]:
    """A seeker and candidates. ``pool``: peer ids come from that many (so a directory kept
    across examples meets the same peers changed). ``wide``: capacities beyond the lanes and
    criteria that are not text, now and then."""
    seeker = draw(seekers)
    if wide and draw(st.booleans()):
        profile = seeker.seeker_profile or SeekerProfile()
        odd = draw(st.sampled_from((None, 3, ("a",), "woman")))
        criteria = {**profile.criteria, "gender": Criterion(odd, must=draw(st.booleans()))}  # type: ignore[arg-type]
        seeker = replace(seeker, seeker_profile=replace(profile, criteria=criteria))
    drawn = draw(
        st.lists(
            st.tuples(
                st.one_of(peers, ready_peers),
                st.sampled_from((0, 0, 0, 1, 1, 2, 3, 5)),
                st.integers(0, 19),
                st.integers(0, (pool or 1000) - 1),
            ),
            max_size=40,
        )
    )
    candidates: list[rules.Candidate] = []
    for n, (peer, load, roll, slot) in enumerate(drawn):
        number = slot if pool else n
        # Now and then the seeker's own id, so "never themself" is exercised.
        peer_id = seeker.id if roll == 0 else f"p{number}"
        peer = replace(peer, id=peer_id, code=f"P{number:03d}", telegram_id=1000 + number)
        if wide and roll == 1:
            peer = replace(peer, peer_capacity=MAX_CAPACITY + 1)
        if pool and any(c.peer.id == peer_id for c in candidates):
            continue
        peer.profile_rev = revision_of(peer)
        candidates.append(rules.Candidate(peer, load))
    ids = [c.peer.id for c in candidates]
    excluded = set(draw(st.lists(st.sampled_from(ids), max_size=3))) if ids else set()
    return seeker, candidates, excluded


@EXAMPLES
@given(populations(), weights)
def test_the_directory_ranks_as_the_rules(population, weights):
    seeker, candidates, excluded = population
    directory, available = fresh_directory(candidates)

    expected = by_rules(seeker, candidates, excluded, weights)
    assert by_directory(directory, seeker, candidates, available, excluded, weights) == expected
    # The same again (the answer is remembered now), and lazily: the first few alone.
    assert by_directory(directory, seeker, candidates, available, excluded, weights) == expected
    if directory.can_rank(seeker, available):
        lazy = directory.rank(seeker, available, excluded, weights)
        assert [(p.id, p.score) for _, p in zip(range(3), lazy, strict=False)] == [
            (pid, score) for pid, _code, score, _parts, _load in expected[:3]
        ]


@EXAMPLES
@given(populations(wide=True), weights)
def test_what_the_lanes_cannot_hold_is_ranked_by_the_rules_themselves(population, weights):
    seeker, candidates, excluded = population
    directory, available = fresh_directory(candidates)
    expected = by_rules(seeker, candidates, excluded, weights)
    assert by_directory(directory, seeker, candidates, available, excluded, weights) == expected


# One directory for every example of the next test, as one process keeps it across searches.
KEPT = PeerDirectory()


@EXAMPLES
@given(populations(pool=16), weights, st.sets(st.sampled_from([f"p{n}" for n in range(16)])))
def test_a_directory_kept_across_searches_stays_exact(population, weights, held):
    """Peers come back with other profiles (a new revision), other languages (the same
    revision), other states and capacities, or not at all; rows the search's own transaction
    held are used once and read again next time."""
    seeker, candidates, excluded = population
    # As matching._ranking asks: languages only while a card depends on them.
    available, rows = read_by_search(candidates, languages=KEPT.needs_languages)
    refresh(KEPT, available, rows, frozenset(held))

    expected = by_rules(seeker, candidates, excluded, weights)
    assert by_directory(KEPT, seeker, candidates, available, excluded, weights) == expected
    # Only the peers available now are kept.
    available_ids = {pid for _c, ids, _r, _l in available.capacities for pid in ids}
    assert len(KEPT) == len(available_ids)
    assert all(pid in KEPT for pid in available_ids)
