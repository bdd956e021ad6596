"""Training, debriefs and the monthly wellbeing question: every query of the feature."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.people import PeerState, PersonStatus
from bot.domain.training import OPEN_DEBRIEF, Debrief, DebriefStatus, DebriefTrigger, Pass
from bot.storage.crypto import Cipher
from bot.storage.orm import (
    DebriefRow,
    EscalationRow,
    PairRow,
    PersonRow,
    TrainingHoursRow,
    TrainingMetaRow,
    TrainingPeerRow,
    TrainingResultRow,
    WellbeingRow,
    new_id,
)

IN_BATCH = 500


@dataclass
class PeerTraining:
    person_id: str
    held: bool = False
    held_since: datetime | None = None
    grace_until: datetime | None = None
    grace_told: bool = False
    next_check_at: datetime | None = None
    quiz_module: str | None = None
    quiz_answers: str | None = None


@dataclass(frozen=True)
class Attempt:
    passed: bool
    taken_at: datetime


@dataclass(frozen=True)
class HoursLine:
    person_id: str | None
    minutes: int
    at: datetime


class TrainingRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher, dialect: str) -> None:
        self._s = session
        self._c = cipher
        self._postgres = dialect == "postgresql"

    def _locked(self, query: Any) -> Any:
        # Two bot processes on one Postgres never take the same due row.
        return query.with_for_update(skip_locked=True) if self._postgres else query

    # ---- a peer's place on the path ------------------------------------------------------

    async def peer(self, person_id: str) -> PeerTraining | None:
        row = await self._s.get(TrainingPeerRow, person_id)
        if row is None:
            return None
        return PeerTraining(
            row.person_id,
            row.held,
            row.held_since,
            row.grace_until,
            row.grace_told,
            row.next_check_at,
            row.quiz_module,
            row.quiz_answers,
        )

    async def save_peer(self, state: PeerTraining, now: datetime) -> None:
        row = await self._s.get(TrainingPeerRow, state.person_id)
        if row is None:
            row = TrainingPeerRow(person_id=state.person_id)
            self._s.add(row)
        row.held, row.held_since, row.grace_until = state.held, state.held_since, state.grace_until
        row.grace_told = state.grace_told
        row.next_check_at = state.next_check_at
        row.quiz_module, row.quiz_answers = state.quiz_module, state.quiz_answers
        row.updated_at = now
        # Matching reads the hold in SQL in this same transaction.
        await self._s.flush()

    async def held_ids(self, person_ids: Iterable[str] | None = None) -> set[str]:
        query = select(TrainingPeerRow.person_id).where(TrainingPeerRow.held.is_(True))
        if person_ids is not None:
            query = query.where(TrainingPeerRow.person_id.in_(list(person_ids)))
        return set((await self._s.execute(query)).scalars())

    async def due_checks(self, now: datetime, limit: int = 200) -> list[str]:
        query = (
            select(TrainingPeerRow.person_id)
            .where(TrainingPeerRow.next_check_at <= now)
            .order_by(TrainingPeerRow.next_check_at)
            .limit(limit)
        )
        return list((await self._s.execute(self._locked(query))).scalars())

    async def approved_without_state(self, limit: int = 200) -> list[str]:
        """Approved, active peers the training path has not seen yet."""
        query = (
            select(PersonRow.id)
            .where(
                PersonRow.peer_state == PeerState.APPROVED.value,
                PersonRow.status == PersonStatus.ACTIVE.value,
                ~exists().where(TrainingPeerRow.person_id == PersonRow.id),
            )
            .order_by(PersonRow.created_at)
            .limit(limit)
        )
        return list((await self._s.execute(query)).scalars())

    async def meta(self, name: str) -> datetime | None:
        row = await self._s.get(TrainingMetaRow, name)
        return row.at if row is not None else None

    async def set_meta(self, name: str, at: datetime) -> None:
        if await self._s.get(TrainingMetaRow, name) is None:
            self._s.add(TrainingMetaRow(name=name, at=at))
            await self._s.flush()

    # ---- quizzes ---------------------------------------------------------------------------

    async def add_result(
        self,
        person_id: str,
        module_id: str,
        correct: int,
        total: int,
        passed: bool,
        now: datetime,
        expires_at: datetime | None,
    ) -> None:
        self._s.add(
            TrainingResultRow(
                id=new_id(),
                person_id=person_id,
                module_id=module_id,
                correct=correct,
                total=total,
                passed=passed,
                taken_at=now,
                expires_at=expires_at,
            )
        )
        await self._s.flush()

    async def passes(self, person_ids: Iterable[str]) -> dict[str, dict[str, Pass]]:
        """Per person, per module: the pass that lasts longest."""
        found: dict[str, dict[str, Pass]] = defaultdict(dict)
        wanted = list(set(person_ids))
        for i in range(0, len(wanted), IN_BATCH):
            rows = await self._s.execute(
                select(
                    TrainingResultRow.person_id,
                    TrainingResultRow.module_id,
                    TrainingResultRow.taken_at,
                    TrainingResultRow.expires_at,
                ).where(
                    TrainingResultRow.person_id.in_(wanted[i : i + IN_BATCH]),
                    TrainingResultRow.passed.is_(True),
                    TrainingResultRow.expires_at.is_not(None),
                )
            )
            for pid, module_id, taken_at, expires_at in rows:
                best = found[pid].get(module_id)
                if expires_at is None:
                    continue
                if best is None or expires_at > best.expires_at:
                    found[pid][module_id] = Pass(module_id, taken_at, expires_at)
        return dict(found)

    async def last_attempt(self, person_id: str, module_id: str) -> Attempt | None:
        row = (
            await self._s.execute(
                select(TrainingResultRow.passed, TrainingResultRow.taken_at)
                .where(
                    TrainingResultRow.person_id == person_id,
                    TrainingResultRow.module_id == module_id,
                )
                .order_by(TrainingResultRow.taken_at.desc())
                .limit(1)
            )
        ).first()
        return Attempt(bool(row[0]), row[1]) if row is not None else None

    async def mark_reminded(
        self, person_id: str, module_id: str, expires_at: datetime, now: datetime
    ) -> bool:
        """True the first time the pass expiring at ``expires_at`` is reminded of."""
        result = await self._s.execute(
            update(TrainingResultRow)
            .where(
                TrainingResultRow.person_id == person_id,
                TrainingResultRow.module_id == module_id,
                TrainingResultRow.expires_at == expires_at,
                TrainingResultRow.reminded_at.is_(None),
            )
            .values(reminded_at=now)
        )
        return bool(getattr(result, "rowcount", 0))

    async def attempts_by_module(self) -> dict[str, tuple[int, int]]:
        """Per module: (quizzes taken, quizzes passed)."""
        rows = await self._s.execute(
            select(
                TrainingResultRow.module_id,
                func.count(),
                func.sum(case((TrainingResultRow.passed.is_(True), 1), else_=0)),
            ).group_by(TrainingResultRow.module_id)
        )
        return {module: (int(n), int(p or 0)) for module, n, p in rows}

    # ---- continuing education ------------------------------------------------------------

    async def add_hours(
        self, person_id: str, logged_by: str, minutes: int, topic: str, now: datetime
    ) -> None:
        row_id = new_id()
        await self._c.person_keys.load([person_id])
        sealed = self._c.encrypt(
            topic, table="training_hours", column="topic", row_id=row_id, owner=person_id
        )
        self._s.add(
            TrainingHoursRow(
                id=row_id,
                person_id=person_id,
                logged_by=logged_by,
                minutes=minutes,
                topic=sealed,
                at=now,
            )
        )
        await self._s.flush()

    async def hours_since(self, since: datetime) -> list[HoursLine]:
        rows = await self._s.execute(
            select(TrainingHoursRow.person_id, TrainingHoursRow.minutes, TrainingHoursRow.at)
            .where(TrainingHoursRow.at >= since)
            .order_by(TrainingHoursRow.at)
        )
        return [HoursLine(pid, int(minutes), at) for pid, minutes, at in rows]

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

    # ---- erasure and retention -------------------------------------------------------------

    async def export(self, person_id: str) -> dict[str, Any]:
        """Everything of the feature about this person, opened (/mydata)."""
        await self._c.person_keys.load([person_id])

        def iso(moment: datetime | None) -> str | None:
            return moment.isoformat() if moment else None

        results = await self._s.execute(
            select(TrainingResultRow)
            .where(TrainingResultRow.person_id == person_id)
            .order_by(TrainingResultRow.taken_at)
        )
        hours = await self._s.execute(
            select(TrainingHoursRow)
            .where(TrainingHoursRow.person_id == person_id)
            .order_by(TrainingHoursRow.at)
        )
        debriefs = await self._s.execute(
            select(DebriefRow)
            .where(DebriefRow.peer_id == person_id)
            .order_by(DebriefRow.created_at)
        )
        checks = await self._s.execute(
            select(WellbeingRow)
            .where(WellbeingRow.person_id == person_id)
            .order_by(WellbeingRow.asked_at)
        )
        return {
            "quizzes": [
                {
                    "module": r.module_id,
                    "right_answers": f"{r.correct}/{r.total}",
                    "passed": r.passed,
                    "taken_at": iso(r.taken_at),
                    "valid_until": iso(r.expires_at),
                }
                for r in results.scalars()
            ],
            "hours_logged": [
                {
                    "hours": round(h.minutes / 60, 2),
                    "topic": self._c.decrypt_opt(
                        h.topic, table="training_hours", column="topic", row_id=h.id
                    ),
                    "at": iso(h.at),
                }
                for h in hours.scalars()
            ],
            "debriefs": [
                {
                    "code": d.code,
                    "after": d.trigger,
                    "status": d.status,
                    "answers": self._debrief(d).answers,
                    "agreed_time": iso(d.talk_at),
                }
                for d in debriefs.scalars()
            ],
            "wellbeing": [
                {
                    "asked_at": iso(w.asked_at),
                    "answer": self._c.decrypt_opt(
                        w.answer, table="wellbeing_checks", column="answer", row_id=w.id
                    ),
                }
                for w in checks.scalars()
            ],
        }

    async def purge(self, before: datetime) -> int:
        """Words older than retention go: debrief answers, wellbeing answers, hours' topics."""
        done = 0
        for statement in (
            update(DebriefRow)
            .where(DebriefRow.created_at < before, DebriefRow.answers.is_not(None))
            .values(answers=None),
            update(WellbeingRow)
            .where(WellbeingRow.asked_at < before, WellbeingRow.answer.is_not(None))
            .values(answer=None),
            update(TrainingHoursRow)
            .where(TrainingHoursRow.at < before, TrainingHoursRow.topic.is_not(None))
            .values(topic=None),
        ):
            result = await self._s.execute(statement)
            done += int(getattr(result, "rowcount", 0) or 0)
        return done

    async def recheck_all(self, now: datetime) -> None:
        """Every peer's standing is looked at again by the next sweeps (module files may have
        changed since the last start)."""
        await self._s.execute(update(TrainingPeerRow).values(next_check_at=now))

    async def with_pass_expiring(self, start: datetime, end: datetime) -> list[str]:
        """People with a pass expiring between ``start`` and ``end`` (maybe renewed since)."""
        rows = await self._s.execute(
            select(TrainingResultRow.person_id)
            .where(
                TrainingResultRow.passed.is_(True),
                TrainingResultRow.expires_at > start,
                TrainingResultRow.expires_at <= end,
            )
            .distinct()
        )
        return list(rows.scalars())

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

    async def claim_debrief(self, debrief_id: str, coordinator_id: str, now: datetime) -> bool:
        """Only one coordinator wins a race to claim: the update is conditional on waiting."""
        result = await self._s.execute(
            update(DebriefRow)
            .where(DebriefRow.id == debrief_id, DebriefRow.status == DebriefStatus.WAITING.value)
            .values(status=DebriefStatus.CLAIMED.value, claimed_by=coordinator_id, claimed_at=now)
        )
        return bool(getattr(result, "rowcount", 0))

    async def in_grace_ids(self, now: datetime) -> list[str]:
        """Peers still in the grace period given when training was introduced."""
        rows = await self._s.execute(
            select(TrainingPeerRow.person_id).where(TrainingPeerRow.grace_until > now)
        )
        return list(rows.scalars())


async def erase_training(session: AsyncSession, person_id: str) -> None:
    """Everything of the training feature about this person goes (called by the privacy
    repository's erasure); hours logged for them stay counted, anonymous."""
    await session.execute(delete(TrainingPeerRow).where(TrainingPeerRow.person_id == person_id))
    await session.execute(delete(TrainingResultRow).where(TrainingResultRow.person_id == person_id))
    await session.execute(delete(WellbeingRow).where(WellbeingRow.person_id == person_id))
    await session.execute(delete(DebriefRow).where(DebriefRow.peer_id == person_id))
    await session.execute(
        update(TrainingHoursRow)
        .where(TrainingHoursRow.person_id == person_id)
        .values(person_id=None, topic=None)
    )
