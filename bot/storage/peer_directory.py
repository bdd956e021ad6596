"""Available peers' matching features, kept in memory, and the ranking done from them: the fast
path of ``bot.domain.matching.rank``, which stays the specification (a property test holds the
two equal: the same peers, in the same order, with the same score parts).

Why it exists: a search ranks every available peer. Opening about 5,000 sealed profiles and
running the rules on each, per seeker, took about 400 ms at 10,000 peers (docs/performance.md).
Here a peer's profile is opened once per revision, and a search costs a few dozen operations on
whole vectors instead of a few dozen Python operations per peer.

Layout: every peer holds a *slot*; every feature a rule looks at (a language, an experience
lived, a topic they cannot take, an availability slot, an attribute's value) is a vector with
one 32-bit lane per slot, 1 where the peer has it. Vectors are Python ints, so ``a & b`` is a
per-peer "and" and ``a + b`` a per-peer sum, both in C; lanes never carry into each other
because every lane value stays below 2**31 (the top bit of each lane is a guard, used for
comparisons). A search builds one number per lane that orders peers as the rules do (score
ingredients, capacity, load), reads which values occur (a few dozen score classes), and turns
only the classes it needs back into peers, best first.

What is kept: the features and the public code, nothing else of a person (no pseudonym, no
Telegram id), and only for the peers the last search found available (at most ``max_peers``):
whoever leaves that set, or is erased (``forget``), is dropped.

Freshness: the database cannot look inside sealed profiles, so every search reads each
available peer's id, profile revision and language from an index (``available_peers`` in
``offers_repo``), and the peers whose card was opened at another revision or language are
opened again (services bump ``profile_rev`` with every profile change). A row the search's own
transaction wrote is used for that search only and read again by the next, so a change that is
rolled back never stays here.
"""

from __future__ import annotations

import functools
import sys
from array import array
from collections import Counter, deque
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import repeat
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.domain import matching as rules
from bot.domain.matching import _points as points  # the specification's own rounding
from bot.domain.people import Person
from bot.domain.profiles import PeerProfile, SeekerProfile
from bot.storage.orm import PersonRow

# Enough for every peer of a large network; beyond it a search opens everyone, uncached.
MAX_PEERS = 50_000

LANE_BITS = 32
_TOP = LANE_BITS - 1
_LANE_MASK = (1 << LANE_BITS) - 1
# Per lane the ranking number is (profile class * 64 + capacity) * 64 + load: capacities up to
# 63 (the configuration allows 20) and loads below them fit their six bits. Counts of pairs and
# of offers are clamped (peers that full cannot be chosen anyway), so that no lane overflows.
MAX_CAPACITY = 63
_FIELD = 64
_LOAD_CLAMP = 0xFFFF
_LANE_LIMIT = 1 << _TOP
# Slot 0 is never a peer's: loads of people the directory does not hold land there, harmlessly.
_NOWHERE = 0
# Session info key: ids of the people rows the session has written (see ``written_in``).
_WRITTEN = "entraide.people_written"
# The query joins each column's values into one string with this (ids are UUIDs, revisions
# numbers, languages short codes; the query checks that the columns still line up).
SEP = ","

Feature = tuple[Any, ...]

if array("I").itemsize * 8 != LANE_BITS:  # pragma: no cover - every supported platform
    raise RuntimeError("the peer directory needs 32-bit unsigned array items")


class AvailablePeers:
    """Every peer who could take someone as far as their own row goes (approved, not away,
    active, reachable, some capacity), as one search reads them, and what they carry.

    ``capacities``: per capacity, the peers' ids with their profile revisions and languages
    (None when not asked for: see ``PeerDirectory.needs_languages``). ``key``: the query's
    answer as it came, per capacity the columns joined by ``SEP``, so that an unchanged answer
    is recognised without even splitting it (None: not comparable).
    ``in_pairs`` and ``in_offers``: the peer of every open pair, of every pending offer, joined
    by ``SEP``; both count against capacity. Apart, because pairs change far less often than
    offers (every search makes one), so their count can be reused. ``never_again``: the peers
    the seeker may not be offered, read with the rest (``OffersRepository.never_again``).
    """

    Capacities = list[tuple[int, list[str], list[str], list[str] | None]]

    def __init__(
        self,
        key: tuple[tuple[int, str, str, str | None], ...] | None,
        in_pairs: str | None,
        in_offers: str | None,
        capacities: Capacities | None = None,
        *,
        never_again: str | None = None,
    ) -> None:
        self.key = key
        self.in_pairs = in_pairs or ""
        self.in_offers = in_offers or ""
        self.never_again = set(never_again.split(SEP)) if never_again else set()
        if capacities is not None:
            self.__dict__["capacities"] = capacities

    @cached_property
    def capacities(self) -> Capacities:
        assert self.key is not None
        return [
            (capacity, ids.split(SEP), revs.split(SEP), _split(langs))
            for capacity, ids, revs, langs in self.key
        ]

    @cached_property
    def loads(self) -> Counter[str]:
        return _counted(self.in_pairs) + _counted(self.in_offers)

    def ids(self) -> list[str]:
        return [pid for _capacity, ids, _revs, _langs in self.capacities for pid in ids]

    @cached_property
    def count(self) -> int:
        if self.key is not None:
            # The revisions' column is the shortest to count in.
            return sum(revs.count(SEP) + 1 for _capacity, _ids, revs, _langs in self.key)
        return sum(len(ids) for _capacity, ids, _revs, _langs in self.capacities)

    def largest_capacity(self) -> int:
        groups = self.key if self.key is not None else self.capacities
        return max((group[0] for group in groups), default=0)

    def any_room(self) -> bool:
        loads = self.loads
        return any(
            loads[pid] < capacity for capacity, ids, _revs, _langs in self.capacities for pid in ids
        )

    def with_room(self) -> list[str]:
        loads = self.loads
        return [
            pid
            for capacity, ids, _revs, _langs in self.capacities
            for pid in ids
            if loads[pid] < capacity
        ]


def _split(joined: str | None) -> list[str] | None:
    return None if joined is None else joined.split(SEP)


def _counted(joined: str) -> Counter[str]:
    return Counter(joined.split(SEP)) if joined else Counter()


@dataclass(frozen=True)
class OpenedPeer:
    """What the directory needs of a peer's row: their profile opened, nothing more."""

    id: str
    code: str
    language: str | None
    profile_rev: int
    profile: PeerProfile | None

    @classmethod
    def of(cls, person: Person) -> OpenedPeer:
        return cls(person.id, person.code, person.language, person.profile_rev, person.peer_profile)


@dataclass(frozen=True)
class RankedPeer:
    """One eligible peer, where ``rules.rank`` puts them, with the score's parts and the load
    the ranking counted."""

    id: str
    code: str
    score: float
    parts: dict[str, float]
    load: int


def speaks_by_interface(peer: OpenedPeer) -> bool:
    """Whether the rules take the peer's languages from their interface language: their
    profile names none (onboarding always asks, so hardly anyone)."""
    return not (peer.profile and peer.profile.languages)


def features_of(peer: OpenedPeer) -> set[Feature]:
    """What the rules read of a peer's profile, as vector names. Only text attributes can
    equal a seeker's criterion (the directory ranks only seekers whose criteria are text)."""
    profile = peer.profile or PeerProfile()
    # rules.peer_languages, which wants a person: the profile's, else the person's language.
    languages = set(profile.languages) or ({peer.language} if peer.language else set())
    found: set[Feature] = {("lang", lang) for lang in languages}
    found.update(("exp", tag) for tag in profile.experiences)
    found.update(("cannot", tag) for tag in profile.cannot_take)
    found.update(("slot", slot) for slot in profile.availability)
    found.update(
        ("attr", name, value) for name, value in profile.attributes.items() if type(value) is str
    )
    return found


class PeerDirectory:
    def __init__(self, max_peers: int = MAX_PEERS) -> None:
        self.max_peers = max_peers
        self.clear()

    def clear(self) -> None:
        # Per slot: the person's id ("" when free) and public code. A ranking in progress may
        # hold these very lists (``_lent``): the next change then works on copies.
        self._ids: list[str] = [""]
        self._codes: list[str] = [""]
        self._lent = False
        self._slot_of: dict[str, int] = {}
        self._free: list[int] = []
        # What each card was opened at, as the search reads it: "" never matches a revision.
        self._revs: dict[str, str] = {}
        self._langs: dict[str, str] = {}
        # Cards whose languages are the person's interface language, which changes without a
        # new profile revision: while there are any, searches read every language too.
        self._by_interface: set[str] = set()
        self._lanes: dict[Feature, array[int]] = {}
        self._counts: dict[Feature, int] = {}
        self._vectors: dict[Feature, int] = {}
        # Per capacity, the columns of the last answer whose every peer had a card opened at
        # the revision (and language) it names: the same columns again need no checking. Any
        # card (re)built since empties it.
        self._checked: dict[int, tuple[str, str, str | None]] = {}
        # Counts every slot freed or newly taken: what is computed per slot is reused until then.
        self._layout = 0
        # Per capacity, the ids' column and the capacity in their lanes; open pairs' loads by
        # lane, with the column they were counted from. Both for ``_layout`` as it was.
        self._capacity_lanes: dict[int, tuple[str, int]] = {}
        self._capacity_layout = -1
        self._pair_loads: tuple[str, int, int] = ("", -1, 0)

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, person_id: object) -> bool:
        return person_id in self._slot_of

    @property
    def needs_languages(self) -> bool:
        """Whether the next search must read the peers' languages (see ``_by_interface``):
        otherwise it reads only ids and revisions, a third less work for the database."""
        return bool(self._by_interface)

    # ---- keeping it fresh -----------------------------------------------------------------

    def stale(self, available: AvailablePeers) -> list[tuple[str, str, str | None]]:
        """The available peers whose card is missing or was opened at another profile revision
        (or language, when the search read them) than the search read: (id, revision,
        language or None)."""
        if available.key is not None:
            checked = self._checked
            changed = [
                (capacity, ids.split(SEP), revs.split(SEP), _split(langs))
                for capacity, ids, revs, langs in available.key
                if checked.get(capacity) != (ids, revs, langs)
            ]
        else:
            changed = available.capacities
        found: list[tuple[str, str, str | None]] = []
        rev_of, lang_of = self._revs.get, self._langs.get
        for _capacity, ids, revs, langs in changed:
            # Whole-list comparisons first: in C, and nearly always equal.
            if list(map(rev_of, ids)) == revs and (
                langs is None or list(map(lang_of, ids)) == langs
            ):
                continue
            languages: Iterable[str | None] = repeat(None) if langs is None else langs
            found.extend(
                (pid, rev, lang)
                # Not strict: without languages the last column is endless Nones.
                for pid, rev, lang in zip(ids, revs, languages, strict=False)
                if rev_of(pid) != rev or (lang is not None and lang_of(pid) != lang)
            )
        return found

    def admit(self, peer: OpenedPeer, *, trusted: bool = True) -> None:
        """(Re)builds the peer's card, in the slot they hold if any. An untrusted one (from a
        row this very transaction wrote, and may still roll back) is used now and opened again
        by the next search."""
        self._checked = {}
        slot = self._slot_of.get(peer.id)
        if slot is None:
            self._unlend()
            slot = self._free.pop() if self._free else self._new_slot()
            self._ids[slot], self._codes[slot] = peer.id, peer.code
            self._slot_of[peer.id] = slot
        else:
            self._clear_lanes(slot)
            if self._codes[slot] != peer.code:
                self._unlend()
                self._codes[slot] = peer.code
        self._revs[peer.id] = str(peer.profile_rev) if trusted else ""
        self._langs[peer.id] = peer.language or ""
        if speaks_by_interface(peer):
            self._by_interface.add(peer.id)
        else:
            self._by_interface.discard(peer.id)
        for feature in features_of(peer):
            self._set(feature, slot, 1)

    def forget(self, person_id: str) -> None:
        """Drops the person's card: nothing opened of them stays here."""
        slot = self._slot_of.pop(person_id, None)
        if slot is None:
            return
        self._checked = {}
        self._clear_lanes(slot)
        self._unlend()
        self._ids[slot] = self._codes[slot] = ""
        self._free.append(slot)
        del self._revs[person_id], self._langs[person_id]
        self._by_interface.discard(person_id)

    def retain(self, ids: Iterable[str]) -> None:
        """Drops every card but these (the peers available now)."""
        for person_id in self._slot_of.keys() - set(ids):
            self.forget(person_id)

    def settle(self, available: AvailablePeers, *, complete: bool) -> None:
        """After the stale peers were admitted: drops the peers no longer available and, when
        every card now matches ``available`` (``complete``), remembers its columns as checked."""
        if not complete or len(self._slot_of) > available.count:
            self.retain(available.ids())
        if not complete:
            self._checked = {}
        elif available.key is not None:
            self._checked = {c: (ids, revs, langs) for c, ids, revs, langs in available.key}

    def _unlend(self) -> None:
        self._layout += 1
        if self._lent:
            self._ids, self._codes, self._lent = list(self._ids), list(self._codes), False

    def _new_slot(self) -> int:
        self._ids.append("")
        self._codes.append("")
        return len(self._ids) - 1

    def _clear_lanes(self, slot: int) -> None:
        for feature, lanes in list(self._lanes.items()):
            if slot < len(lanes) and lanes[slot]:
                self._set(feature, slot, 0)

    def _set(self, feature: Feature, slot: int, value: int) -> None:
        lanes = self._lanes.get(feature)
        if lanes is None:
            lanes = self._lanes[feature] = array("I")
        if len(lanes) <= slot:
            lanes.frombytes(bytes(lanes.itemsize * (slot + 1 - len(lanes))))
        lanes[slot] = value
        self._vectors.pop(feature, None)
        count = self._counts.get(feature, 0) + (1 if value else -1)
        if count:
            self._counts[feature] = count
        else:
            # Nobody has this feature any more: its vector goes too (memory stays bounded).
            del self._counts[feature], self._lanes[feature]

    def _vector(self, feature: Feature) -> int:
        found = self._vectors.get(feature)
        if found is None:
            lanes = self._lanes.get(feature)
            found = int.from_bytes(lanes, sys.byteorder) if lanes is not None else 0
            self._vectors[feature] = found
        return found

    def _capacities(self, available: AvailablePeers) -> int:
        """Each available peer's capacity in their lane (0 in everyone else's), per capacity
        from the ids' column: a column seen before (slots unchanged) is not looked at again."""
        if available.key is None:
            groups = [(c, SEP.join(ids)) for c, ids, _revs, _langs in available.capacities]
        else:
            groups = [(c, ids) for c, ids, _revs, _langs in available.key]
        if self._capacity_layout != self._layout:
            self._capacity_lanes, self._capacity_layout = {}, self._layout
        known: dict[int, tuple[str, int]] = self._capacity_lanes
        found: dict[int, tuple[str, int]] = {}
        for capacity, ids in groups:
            # Compared, not hashed: the column is long, and a new string every search.
            seen, vector = known.get(capacity, ("", 0))
            if seen != ids:
                lanes = array("I", bytes(4 * len(self._ids)))
                slots = map(self._slot_of.get, ids.split(SEP), repeat(_NOWHERE))
                deque(map(lanes.__setitem__, slots, repeat(capacity)), maxlen=0)
                vector = int.from_bytes(lanes, sys.byteorder)
            found[capacity] = (ids, vector)
        # Only the current columns are kept: memory stays bounded.
        self._capacity_lanes = found
        total = sum(vector for _ids, vector in found.values())
        # Lane 0 may have collected capacities of ids without a card; it is nobody's.
        return total - (total & _LANE_MASK)

    def _loads(self, available: AvailablePeers) -> int:
        """Each peer's load in their lane: open pairs (counted again only when they or the
        slots changed) plus pending offers (a few)."""
        joined, layout, pairs = self._pair_loads
        if joined != available.in_pairs or layout != self._layout:
            pairs = self._lanes_of(_counted(available.in_pairs))
            self._pair_loads = (available.in_pairs, self._layout, pairs)
        if not available.in_offers:
            return pairs
        offers = array("I", bytes(4 * len(self._ids)))
        for pid, count in _counted(available.in_offers).items():
            slot = self._slot_of.get(pid, _NOWHERE)
            offers[slot] = min(count, _LOAD_CLAMP)
        return pairs + int.from_bytes(offers, sys.byteorder)

    def _lanes_of(self, counts: Counter[str]) -> int:
        # In slot order straight away: one pass in C, no per-peer slot look-up.
        lanes = array("I", map(counts.get, self._ids, repeat(0)))
        if lanes and max(lanes) > _LOAD_CLAMP:
            lanes = array("I", map(min, lanes, repeat(_LOAD_CLAMP)))
        return int.from_bytes(lanes, sys.byteorder)

    # ---- ranking ----------------------------------------------------------------------------

    def can_rank(self, seeker: Person, available: AvailablePeers) -> bool:
        """False for what the lanes cannot hold (a capacity above 63, or a seeker whose
        criteria are not text): the caller ranks with the rules themselves then."""
        return (
            _Plan.make(seeker, rules.Weights()) is not None
            and available.largest_capacity() <= MAX_CAPACITY
        )

    def rank(
        self,
        seeker: Person,
        available: AvailablePeers,
        excluded: Collection[str],
        weights: rules.Weights,
    ) -> Iterator[RankedPeer]:
        """Exactly ``rules.rank`` over the ``available`` peers with their loads; lazily, best
        first, so a search whose first choice takes the offer never sorts the rest. Every
        available peer must have a card (``stale``, ``admit``, ``settle`` first; one that has
        none is left out), and ``can_rank`` must hold."""
        plan = _Plan.make(seeker, weights)
        assert plan is not None and available.largest_capacity() <= MAX_CAPACITY
        size = len(self._ids)
        ones = _ones(size)
        full = (1 << (LANE_BITS * size)) - 1
        guard = ones << _TOP
        slot_of = self._slot_of.get

        capacity = self._capacities(available)
        load = self._loads(available)
        # load < capacity, per lane: 2**31 + capacity - load - 1 keeps its top bit exactly
        # then; it never borrows from the next lane, since capacity - load - 1 > -2**31.
        room = (((capacity | guard) - load - ones) & guard) >> _TOP

        vector = self._vector
        shares_language = _any_of(vector(("lang", lang)) for lang in plan.languages)
        triggered = _any_of(vector(("cannot", tag)) for tag in plan.experiences)
        meets_musts = _all_of((vector(("attr", *pair)) for pair in plan.musts), ones)
        never_slots = {slot_of(pid) for pid in excluded} | {slot_of(seeker.id)}
        never = sum(1 << (LANE_BITS * slot) for slot in never_slots if slot)
        # rules.violations, lane by lane (the peer's own state is the query's, their room is
        # ``room``); lane 0 belongs to nobody.
        eligible = (
            room & shares_language & meets_musts & (full ^ triggered) & (full ^ never) & (full ^ 1)
        )
        if not eligible:
            return iter(())

        shared = sum(vector(("exp", tag)) for tag in plan.experiences)
        nice = sum(vector(("attr", *pair)) for pair in plan.nices)
        overlap = sum(vector(("slot", slot)) for slot in plan.slots)
        profile_class = (shared * plan.nice_base + nice) * plan.slot_base + overlap
        key = ((profile_class * _FIELD + capacity) * _FIELD + load + ones) & (eligible * _LANE_MASK)
        present = set(memoryview(key.to_bytes(4 * size, sys.byteorder)).cast("I"))
        present.discard(0)

        # A class: every ranking number with one score and one load, which rules.rank orders
        # by -score, then load; within a class, by code.
        classes: dict[tuple[float, int], list[int]] = {}
        for value in present:
            classes.setdefault(plan.score_of(value), []).append(value)
        order = sorted(classes, key=lambda item: (-item[0], item[1]))
        # The slots as they are now: a search awaits between two classes (offering to the
        # first peer), and another search may give a slot to someone else meanwhile.
        self._lent = True
        return _ranked(key, [classes[item] for item in order], plan, self._ids, self._codes, size)


def _ranked(
    key: int, order: list[list[int]], plan: _Plan, ids: list[str], codes: list[str], size: int
) -> Iterator[RankedPeer]:
    ones = _ones(size)
    guard = ones << _TOP
    full = (1 << (LANE_BITS * size)) - 1
    for values in order:
        found: list[tuple[str, int, int]] = []
        for value in values:
            # Lanes equal to value: (x | 2**31) - 1 keeps the top bit set unless x == 0.
            hits = ((((key ^ (value * ones)) | guard) - ones) ^ full) & guard
            found.extend((codes[slot], slot, value) for slot in _slots(hits, size))
        found.sort()
        score = plan.score_of(values[0])[0]
        for code, slot, value in found:
            yield RankedPeer(ids[slot], code, score, plan.parts_of(value), plan.decode(value)[4])


@functools.lru_cache(maxsize=4)
def _ones(size: int) -> int:
    """1 in each of ``size`` lanes."""
    return int.from_bytes(array("I", [1]) * size, sys.byteorder)


def _any_of(vectors: Iterable[int]) -> int:
    found = 0
    for vector in vectors:
        found |= vector
    return found


def _all_of(vectors: Iterable[int], ones: int) -> int:
    found = ones
    for vector in vectors:
        found &= vector
    return found


def _slots(hits: int, size: int) -> Iterator[int]:
    """The slots whose lane is exactly its top bit in ``hits`` (0x80 in the lane's last
    byte, little-endian)."""
    data = hits.to_bytes(4 * size, "little")
    position = data.find(0x80)
    while position >= 0:
        yield position >> 2
        position = data.find(0x80, position + 1)


@dataclass(frozen=True)
class _Plan:
    """One seeker's side of the rules, prepared once per search."""

    languages: frozenset[str]
    experiences: frozenset[Any]
    slots: frozenset[Any]
    musts: tuple[tuple[str, str], ...]
    nices: tuple[tuple[str, str], ...]
    weights: rules.Weights

    @property
    def slot_base(self) -> int:
        return len(self.slots) + 1

    @property
    def nice_base(self) -> int:
        return len(self.nices) + 1

    @classmethod
    def make(cls, seeker: Person, weights: rules.Weights) -> _Plan | None:
        """None when the lanes cannot express this seeker: a criterion that is not text, or
        so many topics, criteria and slots that a lane could overflow."""
        profile = seeker.seeker_profile or SeekerProfile()
        criteria = list(profile.criteria.items())
        if any(type(criterion.value) is not str for _name, criterion in criteria):
            return None
        plan = cls(
            languages=frozenset(rules.seeker_languages(seeker)),
            experiences=frozenset(profile.experiences),
            slots=frozenset(profile.availability),
            musts=tuple((name, c.value) for name, c in criteria if c.must),
            nices=tuple((name, c.value) for name, c in criteria if not c.must),
            weights=weights,
        )
        classes = (len(plan.experiences) + 1) * plan.nice_base * plan.slot_base
        if (classes * _FIELD + _FIELD) * _FIELD + 2 * _LOAD_CLAMP >= _LANE_LIMIT:
            return None
        return plan

    def decode(self, value: int) -> tuple[int, int, int, int, int]:
        """A lane's ranking number back to (shared, nice, overlap, capacity, load)."""
        rest, load = divmod(value - 1, _FIELD)
        rest, capacity = divmod(rest, _FIELD)
        rest, overlap = divmod(rest, self.slot_base)
        shared, nice = divmod(rest, self.nice_base)
        return shared, nice, overlap, capacity, load

    def parts_of(self, value: int) -> dict[str, float]:
        """``rules.score_parts`` from the counts it would find in the profiles."""
        shared, nice, overlap, capacity, load = self.decode(value)
        return dict(_parts(self.weights, len(self.slots), shared, nice, overlap, capacity, load))

    def score_of(self, value: int) -> tuple[float, int]:
        """The score and the load of a lane's ranking number: what orders peers, before codes."""
        shared, nice, overlap, capacity, load = self.decode(value)
        parts = _parts(self.weights, len(self.slots), shared, nice, overlap, capacity, load)
        return _total(parts), load


# A search meets a few dozen combinations of counts, and the next search mostly the same ones.
@functools.lru_cache(maxsize=4096)
def _parts(
    w: rules.Weights, wanted: int, shared: int, nice: int, overlap: int, capacity: int, load: int
) -> tuple[tuple[str, float], ...]:
    """The arithmetic of ``rules.score_parts``, step by step, from the counts it would find;
    the property test holds the two equal."""
    share = overlap / wanted if wanted else 0.0
    free = max(capacity - load, 0) / capacity if capacity > 0 else 0.0
    return (
        (rules.SHARED_EXPERIENCE, points(shared * w.shared_experience)),
        (rules.NICE_TO_HAVE, points(nice * w.nice_to_have)),
        (rules.AVAILABILITY, points(share * w.availability)),
        (rules.LOAD_BALANCE, points(free * w.load_balance)),
    )


@functools.lru_cache(maxsize=4096)
def _total(parts: tuple[tuple[str, float], ...]) -> float:
    return rules.total(dict(parts))


@event.listens_for(Session, "after_flush")
def _note_people_written(session: Session, _context: object) -> None:
    # After a flush the session still lists what it flushed as new, dirty or deleted.
    written = [
        row.id
        for row in (*session.new, *session.dirty, *session.deleted)
        if isinstance(row, PersonRow)
    ]
    if written:
        session.info.setdefault(_WRITTEN, set()).update(written)


def written_in(session: AsyncSession) -> set[str]:
    """The people whose rows this session has written so far: what a search reads of them may
    still be rolled back, so the directory uses it for that search only."""
    found: set[str] = session.info.get(_WRITTEN, set())
    return found


# The process's directory: matching fills it, erasure empties a person out of it.
DIRECTORY = PeerDirectory()
