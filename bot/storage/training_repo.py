"""Training, debriefs and the monthly wellbeing question: every query of the feature."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.people import PeerState, PersonStatus
from bot.domain.training import Pass
from bot.storage.orm import (
    DebriefRow,
    PersonRow,
    TrainingHoursRow,
    TrainingMetaRow,
    TrainingPeerRow,
    TrainingResultRow,
    WellbeingRow,
    new_id,
)
from bot.storage.supervision_repo import SupervisionQueries

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


class TrainingRepository(SupervisionQueries):
    """The training path's queries; debriefs, wellbeing and load are in ``SupervisionQueries``."""

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
