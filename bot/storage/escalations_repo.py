"""Escalations: their rows opened into domain objects (sealed reason and note included), the
queries of the coordinators' list and of the reminder sweep, and where their alerts went."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.domain.escalations import ALERT_REF, NOT_MERGED, UNRESOLVED, Escalation, Status
from bot.storage.crypto import Cipher
from bot.storage.orm import (
    EscalationRow,
    OutboxRow,
    PersonRow,
    RiskCooldownRow,
    escalation_reason_owner,
)

T = "escalations"
# Due rows handled per sweep: the next sweep takes the rest.
DUE_BATCH = 100


@dataclass(frozen=True)
class AlertSent:
    """One alert of an escalation in the outbox: to whom, its Telegram message id once
    delivered, and its delivery status."""

    person_id: str
    message_id: int | None
    status: str


class EscalationsRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher
        # Rows this repository opened, and their reason and note as read: ``save`` seals a
        # field again only when it changed.
        self._rows: dict[str, EscalationRow] = {}
        self._sealed: dict[str, tuple[str | None, str | None]] = {}

    # ---- reading ---------------------------------------------------------------------------

    def _open(self, row: EscalationRow) -> Escalation:
        def opened(column: str) -> str | None:
            value: bytes | None = getattr(row, column)
            return self._c.decrypt_opt(value, table=T, column=column, row_id=row.id)

        esc = Escalation(
            id=row.id,
            code=row.code,
            kind=row.kind,
            level=row.level,
            status=Status(row.status),
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
            alerted_at=row.alerted_at,
            widen_at=row.widen_at,
        )
        self._rows[row.id] = row
        self._sealed[row.id] = (esc.reason, esc.note)
        return esc

    async def _opened(self, rows: Iterable[EscalationRow]) -> list[Escalation]:
        rows = list(rows)
        # The reason is sealed under its writer's data key, the note under the subject's.
        await self._c.person_keys.load(
            [r.subject_id for r in rows if r.subject_id and (r.reason or r.note)]
            + [r.opened_by for r in rows if r.opened_by and r.reason]
        )
        return [self._open(r) for r in rows]

    async def _many(self, query: Select[EscalationRow]) -> list[Escalation]:
        return await self._opened((await self._s.execute(query)).scalars())

    async def get(self, esc_id: str) -> Escalation | None:
        row = await self._s.get(EscalationRow, esc_id)
        return (await self._opened([row]))[0] if row else None

    async def by_code(self, code: str) -> Escalation | None:
        query = select(EscalationRow).where(EscalationRow.code == code.upper())
        found = await self._many(query)
        return found[0] if found else None

    # The names these two had before the entity moved to the domain.
    escalation = get
    escalation_by_code = by_code

    async def unresolved_for(self, subject_id: str, kind: str) -> list[Escalation]:
        return await self._many(
            select(EscalationRow).where(
                EscalationRow.subject_id == subject_id,
                EscalationRow.kind == kind,
                EscalationRow.status.in_(UNRESOLVED),
            )
        )

    async def open_about(self, subject_id: str) -> Escalation | None:
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
        found = await self._many(query)
        return found[0] if found else None

    async def unresolved_of(self, subject_id: str) -> list[Escalation]:
        return await self._many(self._unresolved().where(EscalationRow.subject_id == subject_id))

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
        """One page in the domain's order (``severity_key``): severity first, then oldest."""
        return await self._many(
            self._unresolved(hide_subject)
            .order_by(EscalationRow.level.desc(), EscalationRow.created_at, EscalationRow.id)
            .limit(limit)
            .offset(offset)
        )

    async def due_reminders(self, now: datetime) -> list[Escalation]:
        return await self._open_due(EscalationRow.next_alert_at, now)

    async def due_widenings(self, now: datetime) -> list[Escalation]:
        return await self._open_due(EscalationRow.widen_at, now)

    async def _open_due(
        self, due: InstrumentedAttribute[datetime | None], now: datetime
    ) -> list[Escalation]:
        """Open escalations whose ``due`` time has come, soonest first."""
        query = (
            select(EscalationRow)
            .where(EscalationRow.status == Status.OPEN, due <= now)
            .order_by(due)
            .limit(DUE_BATCH)
        )
        if self._s.get_bind().dialect.name == "postgresql":
            # Two bot processes must not both re-announce or widen the same escalation.
            query = query.with_for_update(skip_locked=True)
        return await self._many(query)

    async def orphaned_claims(self) -> list[Escalation]:
        """Claimed by someone who can no longer act on them: suspended, or no longer a
        coordinator (a claim must not leave a crisis with nobody in charge)."""
        holders = select(PersonRow.id).where(
            (PersonRow.status == "suspended") | (PersonRow.is_coordinator.is_(False))
        )
        query = select(EscalationRow).where(
            EscalationRow.status == Status.CLAIMED, EscalationRow.claimed_by.in_(holders)
        )
        return await self._many(query.limit(DUE_BATCH))

    # ---- writing ---------------------------------------------------------------------------

    async def add(self, esc: Escalation) -> None:
        owner = escalation_reason_owner(esc.opened_by, esc.subject_id)
        if owner is not None:
            await self._c.person_keys.load([owner])
        row = EscalationRow(
            id=esc.id,
            code=esc.code,
            kind=esc.kind,
            level=esc.level,
            subject_id=esc.subject_id,
            opened_by=esc.opened_by,
            pair_id=esc.pair_id,
            status=str(esc.status),
            reason=self._c.encrypt_opt(
                esc.reason, table=T, column="reason", row_id=esc.id, owner=owner
            ),
            created_at=esc.created_at,
            next_alert_at=esc.next_alert_at,
            signals=esc.signals,
            last_signal_at=esc.last_signal_at,
            alerted_at=esc.alerted_at,
            widen_at=esc.widen_at,
        )
        self._s.add(row)
        await self._s.flush()
        self._rows[esc.id] = row
        self._sealed[esc.id] = (esc.reason, None)

    async def claim(self, esc_id: str, coordinator_id: str, now: datetime) -> bool:
        """Only one coordinator wins a race to claim: the update is conditional on 'open'."""
        result = await self._s.execute(
            update(EscalationRow)
            .where(EscalationRow.id == esc_id, EscalationRow.status == Status.OPEN)
            .values(status=Status.CLAIMED.value, claimed_by=coordinator_id, claimed_at=now)
        )
        return bool(getattr(result, "rowcount", 0))

    async def save(self, esc: Escalation) -> None:
        """Writes the entity's state back; the reason and the note are sealed again only when
        they changed."""
        row = self._rows.get(esc.id) or await self._s.get(EscalationRow, esc.id)
        assert row is not None
        row.level = esc.level
        row.status = str(esc.status)
        row.claimed_by, row.claimed_at = esc.claimed_by, esc.claimed_at
        row.resolved_at = esc.resolved_at
        row.next_alert_at, row.widen_at, row.alerted_at = (
            esc.next_alert_at,
            esc.widen_at,
            esc.alerted_at,
        )
        row.signals, row.last_signal_at = esc.signals, esc.last_signal_at
        before = self._sealed.get(esc.id)
        if before is None:
            before = (
                self._c.decrypt_opt(row.reason, table=T, column="reason", row_id=row.id),
                self._c.decrypt_opt(row.note, table=T, column="note", row_id=row.id),
            )
        reason_changed, note_changed = esc.reason != before[0], esc.note != before[1]
        subject = row.subject_id
        if note_changed and subject and not await self._c.person_keys.usable(subject):
            # The subject erased themselves: nothing about them can be sealed for them any
            # more, and nothing about them is kept, so the note and the reason are dropped.
            row.note = row.reason = None
            esc.note = esc.reason = None
        else:
            if note_changed:
                row.note = self._c.encrypt_opt(
                    esc.note, table=T, column="note", row_id=row.id, owner=subject
                )
            if reason_changed:
                # The reason stays its first writer's (a referral's words are the referrer's).
                owner = escalation_reason_owner(row.opened_by, subject)
                if owner is not None:
                    await self._c.person_keys.load([owner])
                row.reason = self._c.encrypt_opt(
                    esc.reason, table=T, column="reason", row_id=row.id, owner=owner
                )
        self._rows[esc.id] = row
        self._sealed[esc.id] = (esc.reason, esc.note)

    # ---- alerts ----------------------------------------------------------------------------

    async def alerted_people(self, esc_id: str) -> set[str]:
        """Who was sent an alert about this escalation so far."""
        rows = await self._s.execute(
            select(OutboxRow.person_id).where(
                OutboxRow.ref_kind == ALERT_REF, OutboxRow.ref_id == esc_id
            )
        )
        return set(rows.scalars())

    async def alerts(self, esc_id: str) -> list[AlertSent]:
        rows = await self._s.execute(
            select(OutboxRow.person_id, OutboxRow.tg_message_id, OutboxRow.status).where(
                OutboxRow.ref_kind == ALERT_REF, OutboxRow.ref_id == esc_id
            )
        )
        return [AlertSent(p, m, s) for p, m, s in rows.all()]

    # ---- the gentle message's cooldown -------------------------------------------------------

    async def gentle_sent_at(self, person_id: str) -> datetime | None:
        """When this person last got the automatic crisis message."""
        row = await self._s.get(RiskCooldownRow, person_id)
        return row.last_at if row is not None else None

    async def note_gentle_sent(self, person_id: str, now: datetime) -> None:
        row = await self._s.get(RiskCooldownRow, person_id)
        if row is None:
            self._s.add(RiskCooldownRow(person_id=person_id, last_at=now))
        else:
            row.last_at = now
