"""Check-ins: the rows that drive follow-up questions, and what planning them needs to read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.checkins import (
    OPEN,
    PENDING,
    Checkin,
    CheckinStatus,
    PastCheckin,
    PlannedCheckin,
    Side,
    SideToPlan,
)
from bot.domain.pairs import ACTIVE
from bot.storage.crypto import Cipher
from bot.storage.orm import CheckinRow, PairRow, PersonRow, new_id

# A bounded batch per planning pass: after a start or an import with very many unplanned
# pairs, planning them all at once would hold the (SQLite) writer for a minute and the memory
# of every row; the next ticks plan the rest.
PLAN_BATCH = 2000
# Any fixed number: names the Postgres advisory lock that lets one process plan at a time.
PLAN_LOCK_KEY = 0x656E_7472_6169_6465 % (2**63)
# Ids per IN list: well under every backend's limit on bound parameters.
IN_BATCH = 500


def _unplanned(side: Any, role: Side) -> Any:
    """Active pairs whose ``side`` has no pending check-in: in steady state, none, found by
    one indexed anti-join instead of a look at every pair."""
    pending = exists().where(
        CheckinRow.pair_id == PairRow.id,
        CheckinRow.person_id == side,
        CheckinRow.status.in_([s.value for s in PENDING]),
    )
    return select(PairRow.id, side, literal(role.value), PairRow.status, PairRow.created_at).where(
        PairRow.status == ACTIVE, ~pending
    )


def _checkin(row: CheckinRow) -> Checkin:
    return Checkin(
        id=row.id,
        pair_id=row.pair_id,
        person_id=row.person_id,
        role=Side(row.role),
        status=CheckinStatus(row.status),
        due_at=row.due_at,
        sent_at=row.sent_at,
        answered_at=row.answered_at,
    )


class CheckinsRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher, dialect: str) -> None:
        self._s = session
        self._c = cipher
        self._postgres = dialect == "postgresql"
        # The rows behind the check-ins handed out, so that saving one is no new query (the
        # session holds unmodified rows only weakly).
        self._rows: dict[str, CheckinRow] = {}

    def _locked(self, query: Any) -> Any:
        # Two bot processes on one Postgres must never take the same row.
        return query.with_for_update(skip_locked=True) if self._postgres else query

    def _hand_out(self, rows: Iterable[CheckinRow]) -> list[Checkin]:
        found = []
        for row in rows:
            self._rows[row.id] = row
            found.append(_checkin(row))
        return found

    # ---- planning ------------------------------------------------------------------------

    async def take_planning_lock(self) -> bool:
        """Whether this transaction may plan. On Postgres, two processes planning at once
        would both see a side with nothing pending and both give it a check-in (asked
        twice): one plans; the other skips this tick, and its next pass, after the first
        one's commit, sees what was planned. SQLite has one writer anyway."""
        if not self._postgres:
            return True
        locked = await self._s.execute(select(func.pg_try_advisory_xact_lock(PLAN_LOCK_KEY)))
        return bool(locked.scalar_one())

    async def unplanned_sides(self, limit: int = PLAN_BATCH) -> list[SideToPlan]:
        """Sides of active pairs with no pending check-in, at most ``limit`` of them."""
        rows = (
            await self._s.execute(
                union_all(
                    _unplanned(PairRow.seeker_id, Side.SEEKER),
                    _unplanned(PairRow.peer_id, Side.PEER),
                ).limit(limit)
            )
        ).all()
        return [
            SideToPlan(pair_id, person_id, Side(role), status, created_at)
            for pair_id, person_id, role, status, created_at in rows
        ]

    async def history(self, pair_ids: Iterable[str]) -> dict[tuple[str, str], list[PastCheckin]]:
        """Every check-in of these pairs, by (pair, person), latest due first."""
        wanted = list(set(pair_ids))
        history: dict[tuple[str, str], list[PastCheckin]] = defaultdict(list)
        for i in range(0, len(wanted), IN_BATCH):
            rows = await self._s.execute(
                select(
                    CheckinRow.pair_id, CheckinRow.person_id, CheckinRow.status, CheckinRow.due_at
                )
                .where(CheckinRow.pair_id.in_(wanted[i : i + IN_BATCH]))
                .order_by(CheckinRow.due_at.desc())
            )
            for pair_id, person_id, status, due_at in rows:
                history[(pair_id, person_id)].append(PastCheckin(status, due_at))
        return dict(history)

    async def timezones(self, person_ids: Iterable[str]) -> dict[str, str | None]:
        """Only the time zone of each person who exists: opening whole profiles would cost far
        more."""
        wanted = list(set(person_ids))
        rows: list[Any] = []
        for i in range(0, len(wanted), IN_BATCH):
            rows += (
                await self._s.execute(
                    select(PersonRow.id, PersonRow.timezone).where(
                        PersonRow.id.in_(wanted[i : i + IN_BATCH])
                    )
                )
            ).all()
        # Loaded right before use: nothing awaited between the load and the decryption.
        await self._c.person_keys.load(wanted)
        return {
            person_id: self._c.decrypt_opt(
                sealed, table="people", column="timezone", row_id=person_id
            )
            for person_id, sealed in rows
        }

    async def add_planned(self, planned: Iterable[PlannedCheckin]) -> None:
        self._s.add_all(
            CheckinRow(
                id=new_id(),
                pair_id=p.pair_id,
                person_id=p.person_id,
                role=p.role.value,
                status=p.status.value,
                due_at=p.due_at,
            )
            for p in planned
        )
        await self._s.flush()

    # ---- asking, lapsing, answering ------------------------------------------------------

    async def due(self, now: datetime, limit: int = 500) -> list[Checkin]:
        """Check-ins due by ``now``, earliest first; on Postgres, those no other process holds."""
        rows = await self._s.execute(
            self._locked(
                select(CheckinRow)
                .where(CheckinRow.status == CheckinStatus.DUE.value, CheckinRow.due_at <= now)
                .order_by(CheckinRow.due_at)
                .limit(limit)
            )
        )
        return self._hand_out(rows.scalars().all())

    async def asked_before(self, moment: datetime) -> list[Checkin]:
        """Questions still unanswered that were asked before ``moment``."""
        rows = await self._s.execute(
            self._locked(
                select(CheckinRow).where(
                    CheckinRow.status == CheckinStatus.SENT.value, CheckinRow.sent_at <= moment
                )
            )
        )
        return self._hand_out(rows.scalars().all())

    async def get(self, checkin_id: str) -> Checkin | None:
        row = await self._s.get(CheckinRow, checkin_id)
        return self._hand_out([row])[0] if row is not None else None

    async def save(self, checkin: Checkin, *, answer: str | None = None) -> None:
        """Writes the check-in's state back; ``answer``, when given, sealed under the key of
        the person who gave it."""
        row = self._rows.get(checkin.id) or await self._s.get(CheckinRow, checkin.id)
        if row is None:
            raise LookupError(f"check-in {checkin.id} not found")
        row.status = checkin.status.value
        row.due_at = checkin.due_at
        row.sent_at = checkin.sent_at
        row.answered_at = checkin.answered_at
        if answer is not None:
            await self._c.person_keys.load([checkin.person_id])
            row.answer = self._c.encrypt(
                answer,
                table="checkins",
                column="answer",
                row_id=checkin.id,
                owner=checkin.person_id,
            )

    async def statuses(self, pair_id: str, person_id: str) -> list[str]:
        """The statuses of one side's check-ins, latest due first."""
        await self._s.flush()
        rows = await self._s.execute(
            select(CheckinRow.status)
            .where(CheckinRow.pair_id == pair_id, CheckinRow.person_id == person_id)
            .order_by(CheckinRow.due_at.desc())
        )
        return list(rows.scalars())

    async def open_count(self) -> int:
        """Check-ins planned or asked and not yet answered (for /stats)."""
        value = (
            await self._s.execute(
                select(func.count())
                .select_from(CheckinRow)
                .where(CheckinRow.status.in_([s.value for s in OPEN]))
            )
        ).scalar_one()
        return int(value)
