"""Supervision: debriefs, the monthly wellbeing question and peers' load, queried for the
training feature (``uow.training`` inherits these)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.people import PeerState, PersonStatus
from bot.domain.supervision import OPEN_DEBRIEF, Debrief, DebriefStatus, DebriefTrigger
from bot.storage.crypto import Cipher
from bot.storage.orm import (
    DebriefRow,
    EscalationRow,
    PairRow,
    PersonRow,
    TrainingPeerRow,
    WellbeingRow,
    new_id,
)


class SupervisionQueries:
    def __init__(self, session: AsyncSession, cipher: Cipher, dialect: str) -> None:
        self._s = session
        self._c = cipher
        self._postgres = dialect == "postgresql"

    def _locked(self, query: Any) -> Any:
        # Two bot processes on one Postgres never take the same due row.
        return query.with_for_update(skip_locked=True) if self._postgres else query

    # ---- debriefs --------------------------------------------------------------------------

    def _debrief(self, row: DebriefRow) -> Debrief:
        opened = self._c.decrypt_opt(row.answers, table="debriefs", column="answers", row_id=row.id)
        return Debrief(
            id=row.id,
            code=row.code,
            peer_id=row.peer_id,
            trigger=DebriefTrigger(row.trigger),
            status=DebriefStatus(row.status),
            created_at=row.created_at,
            offer_at=row.offer_at,
            offered_at=row.offered_at,
            answers=json.loads(opened) if opened else {},
            claimed_by=row.claimed_by,
            talk_at=row.talk_at,
        )

    async def add_debrief(
        self,
        peer_id: str,
        code: str,
        trigger: DebriefTrigger,
        status: DebriefStatus,
        now: datetime,
        offer_at: datetime | None = None,
    ) -> Debrief:
        row = DebriefRow(
            id=new_id(),
            code=code,
            peer_id=peer_id,
            trigger=trigger.value,
            status=status.value,
            created_at=now,
            offer_at=offer_at,
            offered_at=now if trigger is DebriefTrigger.ASKED else None,
        )
        self._s.add(row)
        await self._s.flush()
        return self._debrief(row)

    async def debrief(self, debrief_id: str) -> Debrief | None:
        row = await self._s.get(DebriefRow, debrief_id)
        if row is None:
            return None
        await self._c.person_keys.load([row.peer_id])
        return self._debrief(row)

    async def debrief_by_code(self, code: str) -> Debrief | None:
        row = (
            await self._s.execute(select(DebriefRow).where(DebriefRow.code == code.upper()))
        ).scalar_one_or_none()
        if row is None:
            return None
        await self._c.person_keys.load([row.peer_id])
        return self._debrief(row)

    async def code_taken(self, code: str) -> bool:
        found = await self._s.execute(select(DebriefRow.id).where(DebriefRow.code == code))
        return found.first() is not None

    async def open_debriefs(self, peer_id: str) -> list[Debrief]:
        rows = await self._s.execute(
            select(DebriefRow)
            .where(
                DebriefRow.peer_id == peer_id,
                DebriefRow.status.in_([s.value for s in OPEN_DEBRIEF]),
            )
            .order_by(DebriefRow.created_at)
        )
        found = list(rows.scalars())
        await self._c.person_keys.load([peer_id] if found else [])
        return [self._debrief(row) for row in found]

    async def update_debrief(self, debrief_id: str, **values: Any) -> None:
        """Sets columns; ``answers`` (a dict) is sealed under the peer's key."""
        row = await self._s.get(DebriefRow, debrief_id)
        if row is None:
            raise LookupError(f"debrief {debrief_id} not found")
        if "answers" in values:
            await self._c.person_keys.load([row.peer_id])
            row.answers = self._c.encrypt(
                json.dumps(values.pop("answers")),
                table="debriefs",
                column="answers",
                row_id=row.id,
                owner=row.peer_id,
            )
        for name, value in values.items():
            setattr(row, name, value.value if isinstance(value, DebriefStatus) else value)
        await self._s.flush()

    async def due_offers(self, now: datetime, limit: int = 100) -> list[Debrief]:
        query = (
            select(DebriefRow)
            .where(DebriefRow.status == DebriefStatus.DUE.value, DebriefRow.offer_at <= now)
            .order_by(DebriefRow.offer_at)
            .limit(limit)
        )
        rows = list((await self._s.execute(self._locked(query))).scalars())
        return [self._debrief(row) for row in rows]

    async def debriefed_since(self, since: datetime) -> dict[str, datetime]:
        """Peers with a debrief conversation since ``since`` (claimed or scheduled): when."""
        rows = await self._s.execute(
            select(DebriefRow.peer_id, func.max(DebriefRow.claimed_at))
            .where(DebriefRow.claimed_at >= since)
            .group_by(DebriefRow.peer_id)
        )
        return {pid: at for pid, at in rows if at is not None}

    async def last_debriefs(self, peer_ids: Iterable[str]) -> dict[str, datetime]:
        wanted = list(set(peer_ids))
        rows = await self._s.execute(
            select(DebriefRow.peer_id, func.max(DebriefRow.claimed_at))
            .where(DebriefRow.peer_id.in_(wanted), DebriefRow.claimed_at.is_not(None))
            .group_by(DebriefRow.peer_id)
        )
        return {pid: at for pid, at in rows if at is not None}

    async def offer_to_talk_spans(self) -> list[tuple[datetime, datetime]]:
        """(offered or asked, agreed time) of every debrief given a time."""
        rows = await self._s.execute(
            select(DebriefRow.offered_at, DebriefRow.talk_at).where(
                DebriefRow.status == DebriefStatus.SCHEDULED.value,
                DebriefRow.offered_at.is_not(None),
                DebriefRow.talk_at.is_not(None),
            )
        )
        return [(a, b) for a, b in rows if a is not None and b is not None]

    # ---- wellbeing -------------------------------------------------------------------------

    async def wellbeing_due(
        self, asked_before: datetime, *, joined_before: datetime, limit: int = 500
    ) -> list[str]:
        """Approved, active, reachable peers (here since ``joined_before``) not asked since
        ``asked_before``."""
        recent = exists().where(
            WellbeingRow.person_id == PersonRow.id, WellbeingRow.asked_at > asked_before
        )
        query = (
            select(PersonRow.id)
            .where(
                PersonRow.peer_state == PeerState.APPROVED.value,
                PersonRow.status == PersonStatus.ACTIVE.value,
                PersonRow.unreachable_at.is_(None),
                PersonRow.created_at <= joined_before,
                ~recent,
            )
            .order_by(PersonRow.id)
            .limit(limit)
        )
        return list((await self._s.execute(query)).scalars())

    async def ask_wellbeing(self, person_id: str, now: datetime) -> str:
        row_id = new_id()
        self._s.add(WellbeingRow(id=row_id, person_id=person_id, asked_at=now))
        await self._s.flush()
        return row_id

    async def answer_wellbeing(
        self, check_id: str, person_id: str, answer: str, now: datetime
    ) -> bool:
        """False when the question is not theirs, or already answered."""
        row = await self._s.get(WellbeingRow, check_id)
        if row is None or row.person_id != person_id or row.answered_at is not None:
            return False
        await self._c.person_keys.load([person_id])
        row.answer = self._c.encrypt(
            answer, table="wellbeing_checks", column="answer", row_id=row.id, owner=person_id
        )
        row.answered_at = now
        await self._s.flush()
        return True

    async def wellbeing_answers(self, person_id: str, limit: int = 2) -> list[str]:
        """Their latest answers, newest first."""
        rows = list(
            (
                await self._s.execute(
                    select(WellbeingRow)
                    .where(WellbeingRow.person_id == person_id, WellbeingRow.answer.is_not(None))
                    .order_by(WellbeingRow.answered_at.desc())
                    .limit(limit)
                )
            ).scalars()
        )
        await self._c.person_keys.load([person_id] if rows else [])
        opened = (
            self._c.decrypt_opt(r.answer, table="wellbeing_checks", column="answer", row_id=r.id)
            for r in rows
        )
        return [a for a in opened if a]

    async def claim_debrief(self, debrief_id: str, coordinator_id: str, now: datetime) -> bool:
        """Only one coordinator wins a race to claim: the update is conditional on waiting."""
        result = await self._s.execute(
            update(DebriefRow)
            .where(DebriefRow.id == debrief_id, DebriefRow.status == DebriefStatus.WAITING.value)
            .values(status=DebriefStatus.CLAIMED.value, claimed_by=coordinator_id, claimed_at=now)
        )
        return bool(getattr(result, "rowcount", 0))

    async def claim_due_reminders(self, remind_from: datetime, now: datetime) -> list[Debrief]:
        """Scheduled debriefs starting between ``now`` and ``remind_from`` not reminded yet,
        marked as reminded (locked on Postgres: two processes never remind twice)."""
        query = select(DebriefRow).where(
            DebriefRow.status == DebriefStatus.SCHEDULED.value,
            DebriefRow.talk_at <= remind_from,
            DebriefRow.talk_at > now,
            DebriefRow.reminded_at.is_(None),
        )
        rows = list((await self._s.execute(self._locked(query))).scalars())
        for row in rows:
            row.reminded_at = now
        return [self._debrief(row) for row in rows]

    # ---- peers' load --------------------------------------------------------------------------

    async def escalations_in_pairs_since(
        self, peer_ids: Iterable[str], since: datetime
    ) -> dict[str, int]:
        """Per peer: escalations opened since ``since`` about a pair of theirs, or about a
        seeker of one of their open pairs."""
        wanted = list(set(peer_ids))
        if not wanted:
            return {}
        by_pair = (
            select(PairRow.peer_id, func.count(EscalationRow.id))
            .join(EscalationRow, EscalationRow.pair_id == PairRow.id)
            .where(PairRow.peer_id.in_(wanted), EscalationRow.created_at >= since)
            .group_by(PairRow.peer_id)
        )
        return {pid: int(n) for pid, n in await self._s.execute(by_pair)}

    async def count_circle(self, person_id: str, month: str, now: datetime) -> None:
        """One more circle session facilitated this month (a load figure for coordinators)."""
        row = await self._s.get(TrainingPeerRow, person_id)
        if row is None:
            row = TrainingPeerRow(person_id=person_id, held=False, updated_at=now)
            self._s.add(row)
        if row.circles_month != month:
            row.circles_month, row.circles_count = month, 0
        row.circles_count = (row.circles_count or 0) + 1
        await self._s.flush()

    async def circles_in(self, month: str, peer_ids: Iterable[str]) -> dict[str, int]:
        rows = await self._s.execute(
            select(TrainingPeerRow.person_id, TrainingPeerRow.circles_count).where(
                TrainingPeerRow.person_id.in_(list(set(peer_ids))),
                TrainingPeerRow.circles_month == month,
            )
        )
        return {pid: int(n or 0) for pid, n in rows}

    async def active_peer_ids(self) -> list[str]:
        """Approved peers who are not suspended nor erased (the base of debrief coverage)."""
        rows = await self._s.execute(
            select(PersonRow.id).where(
                PersonRow.peer_state == PeerState.APPROVED.value,
                PersonRow.status == PersonStatus.ACTIVE.value,
            )
        )
        return list(rows.scalars())
