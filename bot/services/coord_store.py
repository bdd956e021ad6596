"""Queries the coordinator commands need that no shared repository offers (escalations, the
waiting queue, the peer roster, resources); rows are opened here, sealed fields included."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.domain.people import Person
from bot.storage.crypto import Cipher
from bot.storage.orm import EscalationRow, OnDutyRow, PersonRow, ResourceRow
from bot.storage.repositories import PeopleRepository

OPEN, CLAIMED, RESOLVED = "open", "claimed", "resolved"
UNRESOLVED = (OPEN, CLAIMED)
# A report is about someone's conduct, and its words belong to the reporter: never merged with
# the signals about that person's own distress.
NOT_MERGED = ("report",)
URGENT_LEVEL = 2


@dataclass
class Escalation:
    id: str
    code: str
    kind: str
    level: int
    status: str
    created_at: datetime
    subject_id: str | None = None
    opened_by: str | None = None
    pair_id: str | None = None
    reason: str | None = None
    note: str | None = None
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    resolved_at: datetime | None = None
    next_alert_at: datetime | None = None
    signals: int = 1
    last_signal_at: datetime | None = None

    @property
    def urgent(self) -> bool:
        return self.level >= URGENT_LEVEL


class CoordStore:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher
        self._people_repo = PeopleRepository(session, cipher)

    # ---- escalations -----------------------------------------------------------------------

    def _open_escalation(self, row: EscalationRow) -> Escalation:
        def opened(column: str) -> str | None:
            value: bytes | None = getattr(row, column)
            return self._c.decrypt_opt(value, table="escalations", column=column, row_id=row.id)

        return Escalation(
            id=row.id,
            code=row.code,
            kind=row.kind,
            level=row.level,
            status=row.status,
            created_at=row.created_at,
            subject_id=row.subject_id,
            opened_by=row.opened_by,
            pair_id=row.pair_id,
            reason=opened("reason"),
            note=opened("note"),
            claimed_by=row.claimed_by,
            claimed_at=row.claimed_at,
            resolved_at=row.resolved_at,
            next_alert_at=row.next_alert_at,
            signals=row.signals,
            last_signal_at=row.last_signal_at,
        )

    async def _opened(self, rows: Iterable[EscalationRow]) -> list[Escalation]:
        rows = list(rows)
        # The reason is sealed under its writer's data key, the note under the subject's.
        await self._c.person_keys.load(
            [r.subject_id for r in rows if r.subject_id and (r.reason or r.note)]
            + [r.opened_by for r in rows if r.opened_by and r.reason]
        )
        return [self._open_escalation(r) for r in rows]

    async def escalation(self, esc_id: str) -> Escalation | None:
        row = await self._s.get(EscalationRow, esc_id)
        return (await self._opened([row]))[0] if row else None

    async def escalation_by_code(self, code: str) -> Escalation | None:
        row = (
            await self._s.execute(select(EscalationRow).where(EscalationRow.code == code.upper()))
        ).scalar_one_or_none()
        return (await self._opened([row]))[0] if row else None

    async def unresolved_for(self, subject_id: str, kind: str) -> list[Escalation]:
        rows = (
            await self._s.execute(
                select(EscalationRow).where(
                    EscalationRow.subject_id == subject_id,
                    EscalationRow.kind == kind,
                    EscalationRow.status.in_(UNRESOLVED),
                )
            )
        ).scalars()
        return await self._opened(rows)

    async def open_about(self, subject_id: str) -> EscalationRow | None:
        """The unresolved escalation a new signal about this person joins (the oldest)."""
        query = (
            select(EscalationRow)
            .where(
                EscalationRow.subject_id == subject_id,
                EscalationRow.status.in_(UNRESOLVED),
                EscalationRow.kind.not_in(NOT_MERGED),
            )
            .order_by(EscalationRow.created_at, EscalationRow.id)
            .limit(1)
        )
        return (await self._s.execute(query)).scalar_one_or_none()

    async def unresolved_of(self, subject_id: str) -> list[Escalation]:
        query = self._unresolved().where(EscalationRow.subject_id == subject_id)
        return await self._opened((await self._s.execute(query)).scalars())

    async def opened_since(self, subject_id: str, since: datetime) -> int:
        query = select(func.count()).select_from(EscalationRow)
        query = query.where(EscalationRow.subject_id == subject_id)
        query = query.where(EscalationRow.created_at >= since)
        return int((await self._s.execute(query)).scalar_one())

    def _unresolved(self, hide_subject: str | None = None) -> Select[EscalationRow]:
        query = select(EscalationRow).where(EscalationRow.status.in_(UNRESOLVED))
        if hide_subject is not None:
            # A coordinator never sees an escalation about themselves.
            query = query.where(
                (EscalationRow.subject_id.is_(None)) | (EscalationRow.subject_id != hide_subject)
            )
        return query

    async def count_unresolved(self, hide_subject: str | None = None) -> int:
        inner = self._unresolved(hide_subject).subquery()
        return int((await self._s.execute(select(func.count()).select_from(inner))).scalar_one())

    async def unresolved_page(
        self, limit: int, offset: int, hide_subject: str | None = None
    ) -> list[Escalation]:
        rows = (
            await self._s.execute(
                self._unresolved(hide_subject)
                # Severity first (urgent, concern, the rest), then the oldest first.
                .order_by(EscalationRow.level.desc(), EscalationRow.created_at, EscalationRow.id)
                .limit(limit)
                .offset(offset)
            )
        ).scalars()
        return await self._opened(rows)

    async def due_realerts(self, now: datetime, postgres: bool) -> list[EscalationRow]:
        return await self._open_due(EscalationRow.next_alert_at, now, postgres)

    async def due_widenings(self, now: datetime, postgres: bool) -> list[EscalationRow]:
        return await self._open_due(EscalationRow.widen_at, now, postgres)

    async def _open_due(
        self, due: InstrumentedAttribute[datetime | None], now: datetime, postgres: bool
    ) -> list[EscalationRow]:
        """Open escalations whose ``due`` time has come, soonest first."""
        query = (
            select(EscalationRow)
            .where(EscalationRow.status == OPEN, due <= now)
            .order_by(due)
            .limit(100)
        )
        if postgres:
            # Two bot processes must not both re-announce or widen the same escalation.
            query = query.with_for_update(skip_locked=True)
        return list((await self._s.execute(query)).scalars())

    async def orphaned_claims(self) -> list[EscalationRow]:
        """Claimed by someone who can no longer act on them: suspended, or no longer a
        coordinator (a claim must not leave a crisis with nobody in charge)."""
        holders = select(PersonRow.id).where(
            (PersonRow.status == "suspended") | (PersonRow.is_coordinator.is_(False))
        )
        query = select(EscalationRow).where(
            EscalationRow.status == CLAIMED, EscalationRow.claimed_by.in_(holders)
        )
        return list((await self._s.execute(query.limit(100))).scalars())

    async def claim(self, esc_id: str, coordinator_id: str, now: datetime) -> bool:
        """Only one coordinator wins a race to claim: the update is conditional on 'open'."""
        result = await self._s.execute(
            update(EscalationRow)
            .where(EscalationRow.id == esc_id, EscalationRow.status == OPEN)
            .values(status=CLAIMED, claimed_by=coordinator_id, claimed_at=now)
        )
        return bool(getattr(result, "rowcount", 0))

    async def resolve(
        self, esc: Escalation, coordinator_id: str, note: str, now: datetime, drop_reason: bool
    ) -> None:
        row = await self._s.get(EscalationRow, esc.id)
        assert row is not None
        row.status = RESOLVED
        row.resolved_at = now
        if row.claimed_by is None:
            row.claimed_by, row.claimed_at = coordinator_id, now
        owner = row.subject_id
        if owner and not await self._c.person_keys.usable(owner):
            # The subject erased themselves: nothing about them can be sealed for them any
            # more, and nothing about them is kept, so the note and the reason are dropped.
            row.note = row.reason = None
            return
        row.note = self._c.encrypt(
            note, table="escalations", column="note", row_id=esc.id, owner=owner
        )
        if drop_reason:
            # An automatic escalation's reason is the seeker's own message: once handled,
            # nothing needs it any more.
            row.reason = None

    async def all_escalation_times(self) -> list[tuple[str, int, datetime, datetime | None]]:
        """(status, level, created_at, claimed_at) of every escalation."""
        rows = await self._s.execute(
            select(
                EscalationRow.status,
                EscalationRow.level,
                EscalationRow.created_at,
                EscalationRow.claimed_at,
            )
        )
        return [(s, lv, c, cl) for s, lv, c, cl in rows.all()]

    # ---- on duty ---------------------------------------------------------------------------

    async def on_duty_ids(self) -> set[str]:
        return set((await self._s.execute(select(OnDutyRow.person_id))).scalars())

    async def set_on_duty(self, person_id: str, on: bool, now: datetime) -> None:
        row = await self._s.get(OnDutyRow, person_id)
        if on and row is None:
            self._s.add(OnDutyRow(person_id=person_id, since=now))
        elif not on and row is not None:
            await self._s.delete(row)

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

    def _peers(self) -> Select[str]:
        return select(PersonRow.id).where(
            PersonRow.is_peer.is_(True), PersonRow.peer_state != "none"
        )

    async def count_peers(self) -> int:
        query = select(func.count()).select_from(PersonRow)
        query = query.where(PersonRow.is_peer.is_(True), PersonRow.peer_state != "none")
        return int((await self._s.execute(query)).scalar_one())

    async def peers(self, limit: int | None = None, offset: int = 0) -> list[Person]:
        query = self._peers().order_by(PersonRow.created_at, PersonRow.id).offset(offset)
        return await self._people(query.limit(limit) if limit else query)

    async def everyone(self) -> list[Person]:
        """People who took part (seeker, peer or coordinator), for an 'all' broadcast."""
        query = select(PersonRow.id).where(
            (PersonRow.is_seeker.is_(True))
            | (PersonRow.is_peer.is_(True))
            | (PersonRow.is_coordinator.is_(True))
        )
        return await self._people(query.order_by(PersonRow.created_at, PersonRow.id))

    # ---- resources -------------------------------------------------------------------------

    async def resources(self, language: str | None = None) -> list[ResourceRow]:
        query = select(ResourceRow).order_by(ResourceRow.language, ResourceRow.created_at)
        if language is not None:
            query = query.where(ResourceRow.language == language)
        return list((await self._s.execute(query)).scalars())

    def add_resource(self, row: ResourceRow) -> None:
        self._s.add(row)

    async def delete_resource(self, row: ResourceRow) -> None:
        await self._s.delete(row)
