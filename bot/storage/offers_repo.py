"""Offers, and the people queries and row locks matching needs; never commits.

Locks: on Postgres ``SELECT … FOR UPDATE`` on a person's row serialises everything that counts
that person's load and then adds to it, so two seekers can never overbook one peer. On SQLite
the whole write transaction is already serialised (writer gate + BEGIN IMMEDIATE) and
``with_for_update`` compiles to nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Select,
    SQLColumnExpression,
    String,
    bindparam,
    cast,
    func,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession, AsyncSessionTransaction

from bot.domain.offers import PENDING, Offer
from bot.domain.pairs import ACTIVE, PAUSED
from bot.domain.people import PeerState, PersonStatus, SeekerState
from bot.domain.profiles import PeerProfile
from bot.storage.crypto import Cipher
from bot.storage.orm import (
    DomainEventRow,
    OfferRow,
    PairRow,
    PersonRow,
    TrainingPeerRow,
    new_id,
)
from bot.storage.peer_directory import SEP, AvailablePeers, OpenedPeer, written_in

T = "offers"
OPEN_PAIR = (ACTIVE, PAUSED)

# The statements every search runs, built once: building and keying them anew each time cost
# more than running some of them.
_PAST_PEERS = select(PairRow.peer_id).where(PairRow.seeker_id == bindparam("seeker"))
_NEVER_AGAIN = _PAST_PEERS.union(
    select(OfferRow.peer_id).where(
        OfferRow.seeker_id == bindparam("seeker"), OfferRow.created_at >= bindparam("since")
    )
)
_LOAD = select(
    select(func.count())
    .select_from(PairRow)
    .where(PairRow.peer_id == bindparam("peer"), PairRow.status.in_(OPEN_PAIR))
    .scalar_subquery()
    + select(func.count())
    .select_from(OfferRow)
    .where(OfferRow.peer_id == bindparam("peer"), OfferRow.status == PENDING.value)
    .scalar_subquery()
)


def _pending(whose: SQLColumnExpression[str]) -> Select[OfferRow]:
    return (
        select(OfferRow)
        .where(whose == bindparam("person"), OfferRow.status == PENDING.value)
        .order_by(OfferRow.created_at, OfferRow.id)
        .with_for_update()
    )


_PENDING_FOR_SEEKER = _pending(OfferRow.seeker_id)
_PENDING_FOR_PEER = _pending(OfferRow.peer_id)


def _lock(*, skip_locked: bool) -> Select[PersonRow]:
    return (
        select(PersonRow)
        .where(PersonRow.id == bindparam("person"))
        .with_for_update(skip_locked=skip_locked)
        .execution_options(populate_existing=True)
    )


_LOCK = {False: _lock(skip_locked=False), True: _lock(skip_locked=True)}

# Who could take someone as far as their own row goes: rules.peer_violations without "full",
# which needs the loads.
_AVAILABLE = (
    PersonRow.peer_state == PeerState.APPROVED.value,
    PersonRow.peer_away.is_(False),
    PersonRow.status == PersonStatus.ACTIVE.value,
    PersonRow.unreachable_at.is_(None),
    PersonRow.peer_capacity > 0,
    # rules.TRAINING: not held out of matching by the training path (bot/domain/training.py).
    # Not correlated: the few held peers are read once per search, not looked up per peer.
    PersonRow.id.not_in(select(TrainingPeerRow.person_id).where(TrainingPeerRow.held.is_(True))),
)


def _available_by_capacity(
    revision: SQLColumnExpression[Any], *, languages: bool
) -> Select[int, str, str, str | None]:
    # One aggregate per column: they see the rows in the same order, fed in one pass.
    language = (
        func.aggregate_strings(func.coalesce(PersonRow.language, ""), SEP)
        if languages
        else literal_column("NULL")
    )
    return (
        select(
            PersonRow.peer_capacity,
            func.aggregate_strings(PersonRow.id, SEP),
            func.aggregate_strings(revision, SEP),
            language,
        )
        .where(*_AVAILABLE)
        .group_by(PersonRow.peer_capacity)
    )


_IN_PAIRS = (
    select(func.aggregate_strings(PairRow.peer_id, SEP))
    .where(PairRow.status.in_(OPEN_PAIR))
    .scalar_subquery()
)
_IN_OFFERS = (
    select(func.aggregate_strings(OfferRow.peer_id, SEP))
    .where(OfferRow.status == PENDING.value)
    .scalar_subquery()
)


_NEVER_AGAIN_JOINED = select(func.aggregate_strings(_NEVER_AGAIN.subquery().c[0], SEP))


def _search_read(
    revision: SQLColumnExpression[Any], *, languages: bool
) -> CompoundSelect[int, str, str, str | None]:
    """The available peers by capacity, then one more row (capacity 0, which no available peer
    has) carrying the peers of open pairs, of pending offers, and those the seeker may not be
    offered (``_NEVER_AGAIN``): one round trip for all a search reads."""
    busy = select(literal_column("0"), _IN_PAIRS, _IN_OFFERS, _NEVER_AGAIN_JOINED.scalar_subquery())
    return union_all(_available_by_capacity(revision, languages=languages), busy)


# By (SQLite?, with languages?). Postgres joins only text; SQLite turns numbers into text
# itself, and the cast costs there.
_SEARCH_READ = {
    (sqlite, languages): _search_read(
        PersonRow.profile_rev if sqlite else cast(PersonRow.profile_rev, String),
        languages=languages,
    )
    for sqlite in (True, False)
    for languages in (True, False)
}


class OffersRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher

    def _open(self, row: OfferRow) -> Offer:
        score = self._c.decrypt_opt(row.score, table=T, column="score", row_id=row.id)
        return Offer(
            id=row.id,
            seeker_id=row.seeker_id,
            peer_id=row.peer_id,
            status=row.status,
            created_at=row.created_at,
            expires_at=row.expires_at,
            parts=json.loads(score) if score else {},
            decided_at=row.decided_at,
        )

    async def add(self, offer: Offer) -> None:
        self._s.add(
            OfferRow(
                id=offer.id,
                seeker_id=offer.seeker_id,
                peer_id=offer.peer_id,
                status=offer.status.value,
                score=self._c.encrypt(
                    json.dumps(offer.parts), table=T, column="score", row_id=offer.id
                ),
                created_at=offer.created_at,
                expires_at=offer.expires_at,
                decided_at=offer.decided_at,
            )
        )
        # No flush of its own: the next query (autoflush) or the commit writes it with the
        # rest, one unit-of-work pass fewer on every search.

    async def get_locked(self, offer_id: str) -> Offer | None:
        """The offer, locked until commit: its answer and its expiry cannot both happen."""
        row = (
            await self._s.execute(
                select(OfferRow)
                .where(OfferRow.id == offer_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        ).scalar_one_or_none()
        return self._open(row) if row else None

    async def save_decision(self, offer: Offer) -> None:
        """Stores the offer's answer (``Offer.accept`` and the others decide it)."""
        row = await self._s.get(OfferRow, offer.id)
        if row is None:
            raise LookupError(f"offer {offer.id} not found")
        row.status = offer.status.value
        row.decided_at = offer.decided_at

    async def pending_for_seeker(self, seeker_id: str) -> list[Offer]:
        rows = await self._s.execute(_PENDING_FOR_SEEKER, {"person": seeker_id})
        return [self._open(r) for r in rows.scalars()]

    async def pending_for_peer(self, peer_id: str) -> list[Offer]:
        rows = await self._s.execute(_PENDING_FOR_PEER, {"person": peer_id})
        return [self._open(r) for r in rows.scalars()]

    async def due(self, now: datetime, limit: int = 100) -> list[Offer]:
        """Pending offers past their time, claimed so a second bot process skips them."""
        rows = (
            await self._s.execute(
                select(OfferRow)
                .where(OfferRow.status == PENDING.value, OfferRow.expires_at <= now)
                .order_by(OfferRow.expires_at, OfferRow.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).scalars()
        return [self._open(r) for r in rows]

    async def never_again(self, seeker_id: str, since: datetime | None) -> set[str]:
        """Peers this seeker may not be offered: every peer they were ever paired with, and
        the peers already asked during the current search (since ``since``). One round trip:
        every search asks."""
        if since is None:
            found = await self._s.execute(_PAST_PEERS, {"seeker": seeker_id})
        else:
            found = await self._s.execute(_NEVER_AGAIN, {"seeker": seeker_id, "since": since})
        return set(found.scalars())

    async def peers_asked_since(self, seeker_id: str, since: datetime) -> set[str]:
        """Peers already offered this seeker during the current search: each sees it once."""
        rows = (
            await self._s.execute(
                select(OfferRow.peer_id).where(
                    OfferRow.seeker_id == seeker_id, OfferRow.created_at >= since
                )
            )
        ).scalars()
        return set(rows)

    async def load_of(self, peer_id: str) -> int:
        """Open pairs plus pending offers: both count against capacity. One round trip."""
        return int((await self._s.execute(_LOAD, {"peer": peer_id})).scalar_one())


@dataclass
class PeerHold:
    """A peer's row locked for a possible offer (``QueueRepository.hold_peer``): kept if the
    offer is made, released at once otherwise, so a peer who no longer fits is not held
    until commit."""

    _session: AsyncSession
    _savepoint: AsyncSessionTransaction | None
    peer_id: str
    locked: bool

    async def load(self, read: int) -> int:
        """The peer's load now, under the lock: open pairs plus pending offers. SQLite runs one
        write transaction at a time, this one since before ``read`` was taken: ``read`` is
        still exact there, and the recount is left out."""
        if self._savepoint is None:
            return read
        return int((await self._session.execute(_LOAD, {"peer": self.peer_id})).scalar_one())

    async def release(self) -> None:
        if self._savepoint is not None:
            await self._savepoint.rollback()

    async def keep(self) -> None:
        if self._savepoint is not None:
            await self._savepoint.commit()


class QueueRepository:
    """People as matching looks for them: available peers, waiting seekers, row locks."""

    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher
        # Rows locked in this unit of work, kept so the identity map keeps them (it holds
        # unchanged rows weakly): the ``uow.people.get`` that follows a lock is then no query.
        self._locked: list[PersonRow] = []

    async def lock_person(self, person_id: str, *, skip_locked: bool = False) -> bool:
        """Locks the person's row until commit and refreshes it in the session, so the next
        ``uow.people.get`` sees what other transactions committed. False when the person is
        gone, or (``skip_locked``) someone else holds the row right now."""
        row = (
            await self._s.execute(_LOCK[skip_locked], {"person": person_id})
        ).scalar_one_or_none()
        if row is None:
            return False
        self._locked.append(row)
        return True

    async def hold_peer(self, peer_id: str) -> PeerHold:
        """Locks the peer's row as ``lock_person`` does, inside a savepoint where rows lock
        (Postgres), so that ``PeerHold.release`` lets it go at once. SQLite has no row locks
        to release: no savepoint there, two statements fewer on every search."""
        row_locks = self._s.get_bind().dialect.name != "sqlite"
        savepoint = await self._s.begin_nested() if row_locks else None
        locked = await self.lock_person(peer_id)
        return PeerHold(self._s, savepoint, peer_id, locked)

    def written(self) -> set[str]:
        """People whose rows this transaction has written so far (may still roll back)."""
        return written_in(self._s)

    async def available_peers(
        self,
        seeker_id: str | None = None,
        since: datetime | None = None,
        *,
        languages: bool = False,
    ) -> AvailablePeers:
        """What matching reads of the database on every search, with ``never_again`` for the
        seeker if one is named, and the peers' languages if asked: one round trip, from
        covering indexes only (``ix_people_matching``, ``ix_pairs_status_peer``). Each column
        comes back as one string per capacity: at 10,000 peers, turning rows into Python
        objects took longer than the query itself."""
        sqlite = self._s.get_bind().dialect.name == "sqlite"
        # Without ``since`` no offer is "since": created_at >= NULL holds for no row.
        read = await self._s.execute(
            _SEARCH_READ[sqlite, languages], {"seeker": seeker_id, "since": since}
        )
        rows = read.all()
        key = tuple((int(c), ids, revs, langs) for c, ids, revs, langs in rows if c)
        [(_zero, in_pairs, in_offers, never)] = [row for row in rows if not row[0]]
        # Neither ids nor revisions hold the separator; a language could, in principle.
        if any(langs and revs.count(SEP) != langs.count(SEP) for _c, _i, revs, langs in key):
            return await self._available_by_rows(in_pairs, in_offers, never)
        return AvailablePeers(key, in_pairs, in_offers, never_again=never)

    async def _available_by_rows(
        self, in_pairs: str | None, in_offers: str | None, never: str | None
    ) -> AvailablePeers:
        """The same, row by row: for a language holding the separator, which no configured
        language does."""
        rows = (
            await self._s.execute(
                select(
                    PersonRow.peer_capacity,
                    PersonRow.id,
                    PersonRow.profile_rev,
                    func.coalesce(PersonRow.language, ""),
                ).where(*_AVAILABLE)
            )
        ).all()
        by_capacity: dict[int, tuple[list[str], list[str], list[str]]] = {}
        for capacity, pid, rev, lang in rows:
            ids, revs, langs = by_capacity.setdefault(int(capacity), ([], [], []))
            ids.append(pid)
            revs.append(str(rev))
            langs.append(lang)
        capacities: AvailablePeers.Capacities = [
            (capacity, ids, revs, langs) for capacity, (ids, revs, langs) in by_capacity.items()
        ]
        return AvailablePeers(None, in_pairs, in_offers, capacities, never_again=never)

    async def open_peers(self, ids: Iterable[str]) -> list[OpenedPeer]:
        """The peers' profiles opened, and nothing else of them: what the peer directory keeps
        (one decryption per peer, where opening a whole person takes five)."""
        wanted = list(set(ids))
        table = PersonRow.__table__
        found: list[OpenedPeer] = []
        for i in range(0, len(wanted), 500):
            rows = (
                await self._s.execute(
                    select(
                        table.c.id,
                        table.c.code,
                        table.c.language,
                        table.c.profile_rev,
                        table.c.peer_profile,
                    ).where(table.c.id.in_(wanted[i : i + 500]))
                )
            ).all()
            await self._c.person_keys.load(row.id for row in rows if row.peer_profile)
            for pid, code, language, rev, sealed in rows:
                opened = self._c.decrypt_opt(
                    sealed, table="people", column="peer_profile", row_id=pid
                )
                profile = PeerProfile.from_json(json.loads(opened)) if opened else None
                found.append(OpenedPeer(pid, code, language, rev, profile))
        return found

    async def seekers_in(
        self, states: tuple[SeekerState, ...], *, before: datetime | None = None
    ) -> list[str]:
        """Seekers in these states (waiting since ``before``, if given), longest waiting first."""
        query = select(PersonRow.id).where(PersonRow.seeker_state.in_([s.value for s in states]))
        if before is not None:
            query = query.where(PersonRow.waiting_since <= before)
        rows = (
            await self._s.execute(
                query.order_by(
                    PersonRow.waiting_since.asc().nulls_last(), PersonRow.created_at, PersonRow.id
                )
            )
        ).scalars()
        return list(rows)

    async def mark(self, kind: str, person_id: str, now: datetime) -> None:
        """Records that something was done for a person (e.g. told they are queued), as an
        already-handled domain event, so it is done once per search and counted in stats."""
        self._s.add(
            DomainEventRow(
                id=new_id(), kind=kind, person_id=person_id, created_at=now, handled_at=now
            )
        )

    async def marked_since(self, kind: str, person_id: str, since: datetime) -> bool:
        found = (
            await self._s.execute(
                select(DomainEventRow.id)
                .where(
                    DomainEventRow.kind == kind,
                    DomainEventRow.person_id == person_id,
                    DomainEventRow.created_at >= since,
                )
                .limit(1)
            )
        ).first()
        return found is not None
