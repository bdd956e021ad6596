"""Repositories map rows to domain objects, sealing and opening personal fields; never commit."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.people import SUSPENDED, PeerState, Person, PersonStatus
from bot.domain.profiles import PeerProfile, SeekerProfile
from bot.storage import opened as opened_memo
from bot.storage import peer_directory
from bot.storage.crypto import Cipher, DecryptionError
from bot.storage.inbox_repo import InboxRepository as InboxRepository
from bot.storage.inbox_repo import StoredUpdate as StoredUpdate
from bot.storage.orm import (
    BanMarkerRow,
    ConsentRow,
    DomainEventRow,
    PersonRow,
)
from bot.storage.orm import new_id as new_id  # row ids are made before the insert, by services
from bot.storage.outbox_repo import CHAT_ID_PARAM as CHAT_ID_PARAM
from bot.storage.outbox_repo import PRIORITY_GROUP as PRIORITY_GROUP
from bot.storage.outbox_repo import PRIORITY_ROUTINE as PRIORITY_ROUTINE
from bot.storage.outbox_repo import PRIORITY_URGENT as PRIORITY_URGENT
from bot.storage.outbox_repo import URGENT_METHODS as URGENT_METHODS
from bot.storage.outbox_repo import OutboxRepository as OutboxRepository
from bot.storage.outbox_repo import OutgoingMessage as OutgoingMessage

TG_PURPOSE = "telegram-user"
# Ban markers: a suspended person who erased themselves (see ``mark_banned``).
BAN_PURPOSE = "ban-marker"
# Session info key: blind index -> person id, for people this transaction has already found.
_BY_INDEX = "entraide.people.by_index"


class PeopleRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher

    def _open(self, row: PersonRow) -> Person:
        def opened(column: str) -> str | None:
            value: bytes | None = getattr(row, column)
            return opened_memo.opened(self._s, "people", row.id, column, value, self._c.decrypt_opt)

        seeker = opened("seeker_profile")
        peer = opened("peer_profile")
        return Person(
            id=row.id,
            code=row.code,
            # An erased person keeps an anonymous row (for counts) with no Telegram id at all.
            telegram_id=int(opened("tg_id") or 0) if row.tg_id else 0,
            pseudonym=opened("pseudonym"),
            language=row.language,
            is_seeker=row.is_seeker,
            is_peer=row.is_peer,
            is_coordinator=row.is_coordinator,
            status=row.status,
            unreachable_at=row.unreachable_at,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            timezone=opened("timezone"),
            consent_version=row.consent_version,
            consent_at=row.consent_at,
            seeker_state=row.seeker_state,
            waiting_since=row.waiting_since,
            seeker_profile=SeekerProfile.from_json(json.loads(seeker)) if seeker else None,
            peer_state=row.peer_state,
            peer_away=row.peer_away,
            peer_capacity=row.peer_capacity,
            peer_profile=PeerProfile.from_json(json.loads(peer)) if peer else None,
            profile_rev=row.profile_rev,
            focus_pair_id=row.focus_pair_id,
        )

    def _seal_into(self, row: PersonRow, person: Person) -> None:
        """Copies every mutable field of the person onto the row, sealing the personal ones."""

        def seal(column: str, value: str | None) -> None:
            def sealed(plain: str | None) -> bytes | None:
                return self._c.encrypt_opt(
                    plain, table="people", column=column, row_id=person.id, owner=person.id
                )

            current = getattr(row, column)
            new = opened_memo.resealed(
                self._s, "people", person.id, column, current, value, person.id, sealed
            )
            if new is not current:
                setattr(row, column, new)

        seal("pseudonym", person.pseudonym)
        seal("timezone", person.timezone)
        seal(
            "seeker_profile",
            json.dumps(person.seeker_profile.to_json()) if person.seeker_profile else None,
        )
        seal(
            "peer_profile",
            json.dumps(person.peer_profile.to_json()) if person.peer_profile else None,
        )
        row.language = person.language
        row.is_seeker = person.is_seeker
        row.is_peer = person.is_peer
        row.is_coordinator = person.is_coordinator
        row.status = person.status.value
        row.unreachable_at = person.unreachable_at
        row.last_seen_at = person.last_seen_at
        row.consent_version = person.consent_version
        row.consent_at = person.consent_at
        row.seeker_state = person.seeker_state.value
        row.waiting_since = person.waiting_since
        row.peer_state = person.peer_state.value
        row.peer_away = person.peer_away
        row.peer_capacity = person.peer_capacity
        row.profile_rev = person.profile_rev
        row.focus_pair_id = person.focus_pair_id

    def _by_index(self) -> dict[str, str]:
        """This transaction's people by blind index: the look-up every update starts with
        is then a query once per person, not once per update of a batch."""
        known: dict[str, str] = self._s.info.setdefault(_BY_INDEX, {})
        return known

    async def prefetch_telegram_ids(self, telegram_ids: Iterable[int]) -> set[str]:
        """Loads several people by Telegram id in one query (a batch of updates is about to be
        handled); returns the ids of those found."""
        wanted = {
            str(tg): self._c.slow_index_candidates(str(tg), purpose=TG_PURPOSE)
            for tg in set(telegram_ids)
        }
        owner = {index: tg for tg, candidates in wanted.items() for index in candidates}
        indexes = list(owner)
        known = self._by_index()
        found: set[str] = set()
        for i in range(0, len(indexes), 500):
            rows = await self._s.execute(
                select(PersonRow).where(PersonRow.tg_index.in_(indexes[i : i + 500]))
            )
            for row in rows.scalars():
                self._upgrade_index(row, owner[row.tg_index])
                known[row.tg_index] = row.id
                found.add(row.id)
        return found

    def _upgrade_index(self, row: PersonRow, telegram_id: str) -> None:
        """A row still found by the fast HMAC of before the slow index moves to the slow index
        on first touch (the person's next update)."""
        current = self._c.slow_index(telegram_id, purpose=TG_PURPOSE)
        if row.tg_index != current:
            row.tg_index = current

    async def prefetch(self, person_ids: Iterable[str]) -> None:
        """Loads several people's rows in one query; ``get`` then finds them without one."""
        wanted = sorted(set(person_ids))
        for i in range(0, len(wanted), 500):
            await self._s.execute(select(PersonRow).where(PersonRow.id.in_(wanted[i : i + 500])))

    async def by_telegram_id(self, telegram_id: int) -> Person | None:
        candidates = self._c.slow_index_candidates(str(telegram_id), purpose=TG_PURPOSE)
        known = self._by_index()
        for index in candidates:
            person_id = known.get(index)
            if person_id is None:
                continue
            # From the identity map, no query; an erasure since gave the row another index.
            cached = await self._s.get(PersonRow, person_id)
            if cached is not None and cached.tg_index == index:
                return await self._opened(cached)
        row = (
            await self._s.execute(select(PersonRow).where(PersonRow.tg_index.in_(candidates)))
        ).scalar_one_or_none()
        if row is None:
            return None
        self._upgrade_index(row, str(telegram_id))
        known[row.tg_index] = row.id
        return await self._opened(row)

    async def _opened(self, row: PersonRow) -> Person:
        await self._c.person_keys.load([row.id])
        return self._open(row)

    async def _opened_all(self, rows: Iterable[PersonRow]) -> list[Person]:
        rows = list(rows)
        await self._c.person_keys.load(r.id for r in rows)
        return [self._open(r) for r in rows]

    async def get(self, person_id: str) -> Person | None:
        row = await self._s.get(PersonRow, person_id)
        return await self._opened(row) if row else None

    async def get_many(self, ids: Iterable[str]) -> dict[str, Person]:
        """Several people in a few queries (sweeps would otherwise do one per row)."""
        wanted = list(set(ids))
        found: dict[str, Person] = {}
        for i in range(0, len(wanted), 500):
            rows = await self._s.execute(
                select(PersonRow).where(PersonRow.id.in_(wanted[i : i + 500]))
            )
            for person in await self._opened_all(rows.scalars()):
                found[person.id] = person
        return found

    async def get_many_unkept(self, ids: Iterable[str]) -> dict[str, Person]:
        """Like ``get_many``, but the session does not keep the rows: matching's peer
        directory opens every available peer once after a start (thousands), and keeps only
        what it needs of them (bot/storage/peer_directory.py)."""
        wanted = list(set(ids))
        found: dict[str, Person] = {}
        table = PersonRow.__table__
        for i in range(0, len(wanted), 500):
            rows = (
                await self._s.execute(select(table).where(table.c.id.in_(wanted[i : i + 500])))
            ).all()
            await self._c.person_keys.load(r.id for r in rows)
            for r in rows:
                found[r.id] = self._open(cast(PersonRow, r))
        return found

    @staticmethod
    def forget_opened(person_id: str) -> None:
        """Erasure: nothing of the person stays decrypted in this process's memory."""
        peer_directory.DIRECTORY.forget(person_id)

    async def by_code(self, code: str) -> Person | None:
        row = (
            await self._s.execute(select(PersonRow).where(PersonRow.code == code.upper()))
        ).scalar_one_or_none()
        return await self._opened(row) if row else None

    async def coordinators(self) -> list[Person]:
        """Coordinators who may act and be alerted: a suspended one has no coordinator power
        and receives no alert of any kind, filtered here so that no caller can forget it."""
        rows = (
            await self._s.execute(
                select(PersonRow).where(
                    PersonRow.is_coordinator.is_(True), PersonRow.status != SUSPENDED.value
                )
            )
        ).scalars()
        return await self._opened_all(rows)

    async def applicant_ids(self) -> list[str]:
        """People whose peer application waits for a coordinator, oldest first."""
        rows = await self._s.execute(
            select(PersonRow.id)
            .where(PersonRow.peer_state == PeerState.APPLICANT.value)
            .order_by(PersonRow.created_at, PersonRow.id)
        )
        return list(rows.scalars())

    async def record_consent(
        self, person_id: str, version: int, *, accepted: bool, at: datetime
    ) -> None:
        """One answer to the confidentiality rules, refusals included (never overwritten)."""
        self._s.add(
            ConsentRow(id=new_id(), person_id=person_id, version=version, accepted=accepted, at=at)
        )

    async def add(self, person: Person) -> None:
        await self._c.person_keys.load([person.id], create=True)
        row = PersonRow(
            id=person.id,
            code=person.code,
            tg_index=self._c.slow_index(str(person.telegram_id), purpose=TG_PURPOSE),
            tg_id=self._c.encrypt(
                str(person.telegram_id),
                table="people",
                column="tg_id",
                row_id=person.id,
                owner=person.id,
            ),
            created_at=person.created_at,
        )
        self._seal_into(row, person)
        self._s.add(row)
        await self._s.flush()
        self._by_index()[row.tg_index] = row.id

    async def save(self, person: Person) -> None:
        row = await self._s.get(PersonRow, person.id)
        if row is None:
            raise LookupError(f"person {person.id} not found")
        await self._c.person_keys.load([person.id])
        self._seal_into(row, person)

    async def count(self) -> int:
        return int(
            (await self._s.execute(select(func.count()).select_from(PersonRow))).scalar_one()
        )

    async def mark_banned(self, telegram_id: int, now: datetime) -> None:
        """A suspended person is being erased: a slow keyed hash of their Telegram id stays, so
        the same account is still refused when it comes back as a stranger. The one thing
        erasure keeps (docs/privacy.md)."""
        marker = self._c.slow_index(str(telegram_id), purpose=BAN_PURPOSE)
        if await self._s.get(BanMarkerRow, marker) is None:
            self._s.add(BanMarkerRow(marker=marker, created_at=now))

    async def is_banned(self, telegram_id: int) -> bool:
        if (await self._s.execute(select(BanMarkerRow.marker).limit(1))).first() is None:
            return False  # no marker at all (the usual case): no slow hash to pay for
        marker = self._c.slow_index(str(telegram_id), purpose=BAN_PURPOSE)
        return await self._s.get(BanMarkerRow, marker) is not None

    async def mark_unreachable(self, person_id: str, now: datetime) -> tuple[str | None, bool]:
        """Notes that the bot can no longer reach the person (kept from the first time on).
        Returns their code (None if there is no such person) and whether it was the first."""
        row = await self._s.get(PersonRow, person_id)
        if row is None:
            return None, False
        if row.unreachable_at is not None:
            return row.code, False
        row.unreachable_at = now
        return row.code, True

    async def warm_index_cache(self, limit: int = 50_000, *, coordinators: bool = False) -> int:
        """Teaches this process the slow index of people seen most recently (or of the
        coordinators, whom start-up looks up), by opening their Telegram id (AES, microseconds)
        instead of hashing it (scrypt, tens of milliseconds): after a restart, their next
        update is not slowed down. Returns how many."""
        backend = self._c.person_keys.backend
        table = PersonRow.__table__
        query = select(table.c.id, table.c.tg_id, table.c.tg_index).where(
            table.c.status != PersonStatus.ERASED.value
        )
        if coordinators:
            query = query.where(table.c.is_coordinator.is_(True))
        rows = (
            await self._s.execute(
                query.order_by(table.c.last_seen_at.desc().nulls_last(), table.c.id).limit(limit)
            )
        ).all()
        done = 0
        for i in range(0, len(rows), 500):
            batch = rows[i : i + 500]
            # The keys are fetched without entering the process's key cache: tens of thousands
            # of people would only push out the keys of those talking now.
            secrets = await backend.fetch([r.id for r in batch]) if backend is not None else {}
            for person_id, sealed, index in batch:
                if not sealed or index.startswith("erased:"):
                    continue
                try:
                    telegram_id = self._c.decrypt_with(
                        secrets.get(person_id),
                        sealed,
                        table="people",
                        column="tg_id",
                        row_id=person_id,
                    )
                except DecryptionError:
                    continue
                if telegram_id is None:
                    continue
                if index in self._c.blind_index_candidates(telegram_id, purpose=TG_PURPOSE):
                    continue  # still the fast index: its first update upgrades it
                self._c.remember_slow_index(telegram_id, purpose=TG_PURPOSE, index=index)
                done += 1
            await asyncio.sleep(0)  # a start-up task: updates go first
        return done


@dataclass(frozen=True)
class StoredEvent:
    """A domain event waiting to be handled."""

    id: str
    kind: str
    person_id: str | None
    created_at: datetime


class EventsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def record(self, kind: str, person_id: str | None, now: datetime) -> None:
        self._s.add(DomainEventRow(id=new_id(), kind=kind, person_id=person_id, created_at=now))

    async def unhandled(self, kind: str | None = None) -> list[StoredEvent]:
        """Events not handled yet, oldest first (``mark_handled`` once acted on)."""
        q = select(
            DomainEventRow.id,
            DomainEventRow.kind,
            DomainEventRow.person_id,
            DomainEventRow.created_at,
        ).where(DomainEventRow.handled_at.is_(None))
        if kind:
            q = q.where(DomainEventRow.kind == kind)
        if self._s.bind is not None and self._s.bind.dialect.name == "postgresql":
            # Two processes sharing the database must not both act on one event.
            q = q.with_for_update(skip_locked=True)
        rows = (await self._s.execute(q.order_by(DomainEventRow.created_at))).all()
        return [StoredEvent(*row) for row in rows]

    async def mark_handled(self, ids: Sequence[str], now: datetime) -> None:
        if not ids:
            return
        await self._s.execute(
            update(DomainEventRow).where(DomainEventRow.id.in_(list(ids))).values(handled_at=now)
        )
