"""The peer directory on real storage (SQLite and Postgres): what a search reads, that every
search sees what was committed since (here or by another process), that what a rolled-back
transaction saw is not kept, that erased or unavailable peers leave it, and that ranking through
it stays the rules' ranking of freshly opened rows while the network changes."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from sqlalchemy import select

from bot.domain import matching as rules
from bot.domain.matching import PENDING, Offer
from bot.domain.pairs import ACTIVE, ENDED, PAUSED, Pair
from bot.domain.people import Person, new_code
from bot.domain.profiles import Criterion, PeerProfile
from bot.services.matching import pairing as matching
from bot.storage.crypto import Cipher
from bot.storage.engine import create_engine
from bot.storage.orm import PersonRow, new_id
from bot.storage.peer_directory import DIRECTORY
from bot.storage.uow import Storage
from tests.support.matching import add_seeker, configured_weights, in_query

TOPICS = ("burnout", "grief", "trauma", "isolation")
SLOTS = ("mornings", "afternoons", "evenings", "weekends")


@pytest.fixture(autouse=True)
def empty_directory():
    """Each test starts from a process that has not searched yet."""
    DIRECTORY.clear()
    yield
    DIRECTORY.clear()


async def ranked_ids(storage, services, seeker) -> list[str]:
    async with storage.uow() as uow:
        fresh = await uow.people.get(seeker.id)
        return [r.peer.id for r in await matching.rank_peers(uow, services, fresh)]


async def change(storage, person, **fields) -> None:
    """A committed change to a person, as a service makes it."""
    async with storage.uow() as uow:
        current = await uow.people.get(person.id)
        for name, value in fields.items():
            setattr(current, name, value)
        await uow.people.save(current)
        await uow.commit()


def peer_profile(*topics, languages=("en",), **kw) -> PeerProfile:
    return PeerProfile(experiences=list(topics), languages=list(languages), **kw)


async def add_peer(
    storage, clock, name, *, topics=("burnout",), capacity=2, away=False, language="en", **kw
) -> Person:
    kw.setdefault("languages", ["en"])
    person = Person(
        id=new_id(),
        code=new_code(),
        telegram_id=random.randrange(10**9, 10**10),
        created_at=clock.now(),
        pseudonym=name,
        language=language,
        is_peer=True,
        peer_state="approved",
        peer_capacity=capacity,
        peer_away=away,
        peer_profile=PeerProfile(experiences=list(topics), **kw),
    )
    async with storage.uow() as uow:
        await uow.people.add(person)
        await uow.commit()
    return person


async def test_a_committed_profile_change_is_seen_by_the_next_search(storage, clock, services):
    alex = await add_peer(storage, clock, "Alex")
    robin = await add_seeker(storage, clock, "Robin")
    assert await ranked_ids(storage, services, robin) == [alex.id]

    # Without a new revision the directory keeps Alex as it opened them: the services bump
    # the revision with every profile change, that is the contract.
    await change(storage, alex, peer_profile=peer_profile("burnout", cannot_take=["burnout"]))
    assert await ranked_ids(storage, services, robin) == [alex.id]
    await change(storage, alex, profile_rev=1)
    assert await ranked_ids(storage, services, robin) == []


async def test_a_language_change_is_seen_without_a_new_revision(storage, clock, services):
    # The peer gave no languages of their own, so their interface language is what counts.
    alex = await add_peer(storage, clock, "Alex", languages=[])
    robin = await add_seeker(storage, clock, "Robin")
    assert await ranked_ids(storage, services, robin) == [alex.id]
    await change(storage, alex, language="fr")
    assert await ranked_ids(storage, services, robin) == []


async def test_what_another_process_commits_is_seen(storage, clock, services, db_url):
    alex = await add_peer(storage, clock, "Alex")
    robin = await add_seeker(storage, clock, "Robin")
    assert await ranked_ids(storage, services, robin) == [alex.id]
    other = Storage(create_engine(db_url), Cipher(storage.cipher.ring), clock)
    other.cipher.person_keys = storage.cipher.person_keys
    try:
        await change(other, alex, peer_profile=peer_profile(cannot_take=["burnout"]), profile_rev=1)
    finally:
        await other.dispose()
    assert await ranked_ids(storage, services, robin) == []


async def test_what_a_rolled_back_transaction_saw_is_not_kept(storage, clock, services):
    alex = await add_peer(storage, clock, "Alex")
    robin = await add_seeker(storage, clock, "Robin")
    assert await ranked_ids(storage, services, robin) == [alex.id]
    async with storage.uow() as uow:
        current = await uow.people.get(alex.id)
        assert current is not None
        current.peer_profile = peer_profile("burnout", cannot_take=["burnout"])
        current.profile_rev += 1
        await uow.people.save(current)
        # This transaction sees its own change...
        assert [r.peer.id for r in await matching.rank_peers(uow, services, robin)] == []
        await uow.rollback()
    # ...which never happened. The same revision, committed since with other content, is
    # what the next search must see: the rolled-back content was not kept under it.
    await change(storage, alex, peer_profile=peer_profile("burnout", "grief"), profile_rev=1)
    assert await ranked_ids(storage, services, robin) == [alex.id]


async def test_erased_and_unavailable_peers_leave_the_directory(storage, clock, services):
    alex = await add_peer(storage, clock, "Alex")
    sam = await add_peer(storage, clock, "Sam")
    robin = await add_seeker(storage, clock, "Robin")
    await ranked_ids(storage, services, robin)
    assert alex.id in DIRECTORY and sam.id in DIRECTORY and len(DIRECTORY) == 2

    # Erasure drops what was opened of a person at once (privacy.forget calls this).
    async with storage.uow() as uow:
        uow.people.forget_opened(alex.id)
    assert alex.id not in DIRECTORY
    # A peer who is away, suspended or no longer approved leaves at the next search.
    await change(storage, sam, peer_away=True)
    assert await ranked_ids(storage, services, robin) == [alex.id]
    assert sam.id not in DIRECTORY and len(DIRECTORY) == 1


async def test_beyond_its_bound_the_directory_keeps_nobody_and_ranks_the_same(
    storage, clock, services, monkeypatch
):
    peers = [await add_peer(storage, clock, f"P{n}", capacity=1 + n % 3) for n in range(6)]
    robin = await add_seeker(storage, clock, "Robin")
    expected = await ranked_ids(storage, services, robin)
    DIRECTORY.clear()
    monkeypatch.setattr(DIRECTORY, "max_peers", 5)
    assert await ranked_ids(storage, services, robin) == expected
    assert len(DIRECTORY) == 0 and sorted(expected) == sorted(p.id for p in peers)


async def test_the_search_reads_exactly_the_available_peers_and_their_loads(storage, clock):
    rng = random.Random(7)
    people = [await _random_peer(storage, clock, rng) for _ in range(40)]
    seekers = [await add_seeker(storage, clock, f"S{n}") for n in range(12)]
    await _random_pairs_and_offers(storage, clock, rng, people, seekers)

    async with storage.uow() as uow:
        available = await uow.queue.available_peers(languages=True)
        opened = {p.id: await uow.people.get(p.id) for p in people}
        pairs = await uow.pairs.open_count_by_peer()
        offers: Counter[str] = Counter()
        for person in people:
            for offer in await uow.offers.pending_for_peer(person.id):
                offers[offer.peer_id] += 1
    by_capacity = {
        capacity: (ids, revs, langs) for capacity, ids, revs, langs in available.capacities
    }
    expected = {p.id for p in opened.values() if in_query(p)}
    assert {pid for ids, _r, _l in by_capacity.values() for pid in ids} == expected
    assert available.count == len(expected)
    for capacity, (ids, revs, langs) in by_capacity.items():
        for pid, rev, lang in zip(ids, revs, langs, strict=True):
            person = opened[pid]
            assert (person.peer_capacity, person.profile_rev, person.language or "") == (
                capacity,
                int(rev),
                lang,
            )
    loads = available.loads
    for person in people:
        assert loads[person.id] == pairs.get(person.id, 0) + offers[person.id]


async def test_ranking_stays_the_rules_ranking_while_the_network_changes(storage, clock, services):
    """Rounds of random changes (profiles with their revision, languages, states, capacities,
    pairs, offers); after each, every seeker's ranking through the directory is the rules'
    ranking of freshly opened rows."""
    rng = random.Random(11)
    peers = [await _random_peer(storage, clock, rng) for _ in range(30)]
    seekers = [await _random_seeker(storage, clock, rng, n) for n in range(6)]
    for _round in range(6):
        await _random_pairs_and_offers(storage, clock, rng, peers, seekers)
        for peer in rng.sample(peers, 8):
            await _random_change(storage, rng, peer)
        for seeker in seekers:
            async with storage.uow() as uow:
                fresh = await uow.people.get(seeker.id)
                assert fresh is not None
                got = [
                    (r.peer.id, r.score, r.parts)
                    for r in await matching.rank_peers(uow, services, fresh)
                ]
                expected = [
                    (m.peer.id, m.score, m.parts)
                    for m in rules.rank(
                        fresh,
                        await _every_candidate(uow),
                        await _excluded(uow, fresh),
                        configured_weights(services.settings),
                    )
                ]
            assert got == expected


async def _every_candidate(uow) -> list[rules.Candidate]:
    ids = list((await uow.session.execute(select(PersonRow.id))).scalars())
    people = await uow.people.get_many(ids)
    counts = (await uow.queue.available_peers()).loads
    return [rules.Candidate(p, counts[p.id]) for p in people.values() if p.is_peer]


async def _excluded(uow, seeker: Person) -> set[str]:
    found = await uow.pairs.history_between(seeker.id)
    if seeker.waiting_since is not None:
        found |= await uow.offers.peers_asked_since(seeker.id, seeker.waiting_since)
    return found


async def _random_peer(storage, clock, rng: random.Random) -> Person:
    return await add_peer(
        storage,
        clock,
        f"P{rng.randrange(10**6)}",
        topics=tuple(rng.sample(TOPICS, rng.randint(0, 3))),
        capacity=rng.choice((0, 1, 2, 3)),
        away=rng.random() < 0.15,
        language=rng.choice(("en", "fr", None)),
        languages=rng.choice(([], ["en"], ["fr"], ["en", "fr"])),
        cannot_take=rng.sample(TOPICS, rng.choice((0, 0, 1))),
        availability=rng.sample(SLOTS, rng.randint(0, 3)),
        attributes={"gender": rng.choice(("woman", "man"))} if rng.random() < 0.7 else {},
    )


async def _random_seeker(storage, clock, rng: random.Random, n: int) -> Person:
    criteria = {}
    if rng.random() < 0.5:
        criteria["gender"] = Criterion(rng.choice(("woman", "man")), must=rng.random() < 0.5)
    seeker = await add_seeker(
        storage,
        clock,
        f"S{n}",
        topics=tuple(rng.sample(TOPICS, rng.randint(1, 2))),
        state="waiting",
        criteria=criteria,
        availability=rng.sample(SLOTS, rng.randint(0, 2)),
    )
    if rng.random() < 0.3:
        # Someone both seeking and offering support: never ranked for themself.
        await change(
            storage,
            seeker,
            is_peer=True,
            peer_state="approved",
            peer_capacity=2,
            peer_profile=peer_profile(*seeker.seeker_profile.experiences),
        )
    return seeker


async def _random_pairs_and_offers(storage, clock, rng, peers, seekers) -> None:
    async with storage.uow() as uow:
        for _ in range(rng.randint(2, 6)):
            seeker, peer = rng.choice(seekers), rng.choice(peers)
            if rng.random() < 0.5:
                await uow.pairs.add(
                    Pair(
                        id=new_id(),
                        code="P" + new_code()[:5],
                        seeker_id=seeker.id,
                        peer_id=peer.id,
                        status=rng.choice((ACTIVE, PAUSED, ENDED)),
                        created_at=clock.now(),
                    )
                )
            else:
                await uow.offers.add(
                    Offer(
                        id=new_id(),
                        seeker_id=seeker.id,
                        peer_id=peer.id,
                        status=rng.choice((PENDING, PENDING, "declined")),
                        created_at=clock.now(),
                        expires_at=clock.now(),
                    )
                )
        await uow.commit()
    clock.advance(minutes=1)


async def _random_change(storage, rng: random.Random, peer: Person) -> None:
    async with storage.uow() as uow:
        current = await uow.people.get(peer.id)
        assert current is not None
        roll = rng.randrange(5)
        if roll == 0:
            profile = current.peer_profile or PeerProfile()
            current.peer_profile = PeerProfile(
                experiences=rng.sample(TOPICS, rng.randint(0, 3)),
                cannot_take=rng.sample(TOPICS, rng.choice((0, 1))),
                languages=rng.choice(([], ["en"], ["fr"], ["fr", "en"])),
                availability=rng.sample(SLOTS, rng.randint(0, 4)),
                attributes=profile.attributes,
            )
            current.profile_rev += 1
        elif roll == 1:
            current.language = rng.choice(("en", "fr", None))
        elif roll == 2:
            current.peer_away = not current.peer_away
        elif roll == 3:
            current.peer_capacity = rng.choice((0, 1, 2, 3))
        else:
            current.status = "suspended" if current.status == "active" else "active"
        await uow.people.save(current)
        await uow.commit()
