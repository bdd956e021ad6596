"""Offers, and the people queries and row locks matching needs; never commits.

Locks: on Postgres ``SELECT … FOR UPDATE`` on a person's row serialises everything that counts
that person's load and then adds to it, so two seekers can never overbook one peer. On SQLite
the whole write transaction is already serialised (writer gate + BEGIN IMMEDIATE) and
``with_for_update`` compiles to nothing.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.matching import PENDING, Offer
from bot.domain.pairs import ENDED
from bot.storage.crypto import Cipher
from bot.storage.orm import DomainEventRow, OfferRow, PairRow, PersonRow, new_id

T = "offers"


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
                status=offer.status,
                score=self._c.encrypt(
                    json.dumps(offer.parts), table=T, column="score", row_id=offer.id
                ),
                created_at=offer.created_at,
                expires_at=offer.expires_at,
                decided_at=offer.decided_at,
            )
        )
        await self._s.flush()

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

    async def decide(self, offer: Offer, status: str, now: datetime) -> None:
        row = await self._s.get(OfferRow, offer.id)
        if row is None:
            raise LookupError(f"offer {offer.id} not found")
        row.status = offer.status = status
        row.decided_at = offer.decided_at = now

    async def pending_for_seeker(self, seeker_id: str) -> list[Offer]:
        return await self._pending(OfferRow.seeker_id == seeker_id)

    async def pending_for_peer(self, peer_id: str) -> list[Offer]:
        return await self._pending(OfferRow.peer_id == peer_id)

    async def _pending(self, where: ColumnElement[bool]) -> list[Offer]:
        rows = (
            await self._s.execute(
                select(OfferRow)
                .where(where, OfferRow.status == PENDING)
                .order_by(OfferRow.created_at, OfferRow.id)
                .with_for_update()
            )
        ).scalars()
        return [self._open(r) for r in rows]

    async def due(self, now: datetime, limit: int = 100) -> list[Offer]:
        """Pending offers past their time, claimed so a second bot process skips them."""
        rows = (
            await self._s.execute(
                select(OfferRow)
                .where(OfferRow.status == PENDING, OfferRow.expires_at <= now)
                .order_by(OfferRow.expires_at, OfferRow.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).scalars()
        return [self._open(r) for r in rows]

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

    async def loads(self) -> dict[str, int]:
        """Open pairs plus pending offers, by peer: both count against capacity."""
        counts: dict[str, int] = {}
        for query in (
            select(PairRow.peer_id, func.count())
            .where(PairRow.status != ENDED)
            .group_by(PairRow.peer_id),
            select(OfferRow.peer_id, func.count())
            .where(OfferRow.status == PENDING)
            .group_by(OfferRow.peer_id),
        ):
            for peer_id, n in (await self._s.execute(query)).all():
                counts[peer_id] = counts.get(peer_id, 0) + int(n)
        return counts

    async def load_of(self, peer_id: str) -> int:
        pairs = (
            await self._s.execute(
                select(func.count())
                .select_from(PairRow)
                .where(PairRow.peer_id == peer_id, PairRow.status != ENDED)
            )
        ).scalar_one()
        offers = (
            await self._s.execute(
                select(func.count())
                .select_from(OfferRow)
                .where(OfferRow.peer_id == peer_id, OfferRow.status == PENDING)
            )
        ).scalar_one()
        return int(pairs) + int(offers)


class QueueRepository:
    """People as matching looks for them: available peers, waiting seekers, row locks."""

    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher

    async def lock_person(self, person_id: str, *, skip_locked: bool = False) -> bool:
        """Locks the person's row until commit and refreshes it in the session, so the next
        ``uow.people.get`` sees what other transactions committed. False when the person is
        gone, or (``skip_locked``) someone else holds the row right now."""
        row = (
            await self._s.execute(
                select(PersonRow)
                .where(PersonRow.id == person_id)
                .with_for_update(skip_locked=skip_locked)
                .execution_options(populate_existing=True)
            )
        ).scalar_one_or_none()
        return row is not None

    async def available_peer_ids(self, loads: dict[str, int] | None = None) -> list[str]:
        """Approved peers who could take someone now; with ``loads``, only those with room
        (the domain checks it again on the locked row)."""
        rows = (
            await self._s.execute(
                select(PersonRow.id, PersonRow.peer_capacity)
                .where(
                    PersonRow.peer_state == "approved",
                    PersonRow.peer_away.is_(False),
                    PersonRow.status == "active",
                    PersonRow.unreachable_at.is_(None),
                    PersonRow.peer_capacity > 0,
                )
                .order_by(PersonRow.code)
            )
        ).all()
        if loads is None:
            return [peer_id for peer_id, _capacity in rows]
        return [peer_id for peer_id, capacity in rows if loads.get(peer_id, 0) < capacity]

    async def seekers_in(
        self, states: tuple[str, ...], *, before: datetime | None = None
    ) -> list[str]:
        """Seekers in these states (waiting since ``before``, if given), longest waiting first."""
        query = select(PersonRow.id).where(PersonRow.seeker_state.in_(states))
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
