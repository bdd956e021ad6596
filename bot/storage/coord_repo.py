"""What the coordinator commands read and write that no other repository offers: who is on
duty, the waiting queue, the peer roster, everyone (for a broadcast), the referral directory,
and the handled marks a suspension leaves for its /unsuspend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.people import Person
from bot.storage.crypto import Cipher
from bot.storage.orm import DomainEventRow, OnDutyRow, PersonRow, ResourceRow, new_id
from bot.storage.repositories import PeopleRepository


@dataclass(frozen=True)
class Resource:
    """An entry of the referral directory added by a coordinator."""

    id: str
    language: str
    kind: str
    name: str
    contact: str
    note: str | None
    created_at: datetime


class CoordRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._people_repo = PeopleRepository(session, cipher)

    # ---- on duty ---------------------------------------------------------------------------

    async def on_duty_ids(self) -> set[str]:
        return set((await self._s.execute(select(OnDutyRow.person_id))).scalars())

    async def set_on_duty(self, person_id: str, on: bool, now: datetime) -> None:
        row = await self._s.get(OnDutyRow, person_id)
        if on and row is None:
            self._s.add(OnDutyRow(person_id=person_id, since=now))
        elif not on and row is not None:
            await self._s.delete(row)
        # Who is on duty is read again at once (the answer to /oncall off).
        await self._s.flush()

    # ---- people ----------------------------------------------------------------------------

    async def _people(self, query: Select[str]) -> list[Person]:
        found = []
        for person_id in (await self._s.execute(query)).scalars():
            person = await self._people_repo.get(person_id)
            if person is not None:
                found.append(person)
        return found

    async def count_waiting(self) -> int:
        query = select(func.count()).select_from(PersonRow)
        query = query.where(PersonRow.seeker_state == "waiting")
        return int((await self._s.execute(query)).scalar_one())

    async def waiting(self, limit: int | None = None, offset: int = 0) -> list[Person]:
        query = (
            select(PersonRow.id)
            .where(PersonRow.seeker_state == "waiting")
            .order_by(PersonRow.waiting_since, PersonRow.id)
            .offset(offset)
        )
        return await self._people(query.limit(limit) if limit else query)

    async def count_peers(self) -> int:
        query = select(func.count()).select_from(PersonRow)
        query = query.where(PersonRow.is_peer.is_(True), PersonRow.peer_state != "none")
        return int((await self._s.execute(query)).scalar_one())

    async def peers(self, limit: int | None = None, offset: int = 0) -> list[Person]:
        query = (
            select(PersonRow.id)
            .where(PersonRow.is_peer.is_(True), PersonRow.peer_state != "none")
            .order_by(PersonRow.created_at, PersonRow.id)
            .offset(offset)
        )
        return await self._people(query.limit(limit) if limit else query)

    async def everyone(self) -> list[Person]:
        """People who took part (seeker, peer or coordinator), for an 'all' broadcast."""
        query = select(PersonRow.id).where(
            (PersonRow.is_seeker.is_(True))
            | (PersonRow.is_peer.is_(True))
            | (PersonRow.is_coordinator.is_(True))
        )
        return await self._people(query.order_by(PersonRow.created_at, PersonRow.id))

    # ---- handled marks ---------------------------------------------------------------------

    def mark(self, kind: str, person_id: str, now: datetime) -> None:
        """A domain event recorded as already handled: a fact kept for later (a suspended
        person was looking for a peer)."""
        self._s.add(
            DomainEventRow(
                id=new_id(), kind=kind, person_id=person_id, created_at=now, handled_at=now
            )
        )

    async def take_marks(self, kind: str, person_id: str) -> bool:
        """Removes this person's marks of that kind; True when there was one."""
        found = await self._s.execute(
            delete(DomainEventRow).where(
                DomainEventRow.kind == kind, DomainEventRow.person_id == person_id
            )
        )
        return bool(getattr(found, "rowcount", 0))

    # ---- resources -------------------------------------------------------------------------

    async def resources(self, language: str | None = None) -> list[Resource]:
        query = select(ResourceRow).order_by(ResourceRow.language, ResourceRow.created_at)
        if language is not None:
            query = query.where(ResourceRow.language == language)
        return [
            Resource(r.id, r.language, r.kind, r.name, r.contact, r.note, r.created_at)
            for r in (await self._s.execute(query)).scalars()
        ]

    def add_resource(
        self, *, language: str, kind: str, name: str, contact: str, now: datetime
    ) -> str:
        """Adds an entry; returns its id."""
        resource_id = new_id()
        self._s.add(
            ResourceRow(
                id=resource_id,
                language=language,
                kind=kind,
                name=name,
                contact=contact,
                created_at=now,
            )
        )
        return resource_id

    async def delete_resource(self, resource_id: str) -> None:
        row = await self._s.get(ResourceRow, resource_id)
        if row is not None:
            await self._s.delete(row)
