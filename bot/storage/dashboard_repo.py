"""The dashboard's page queries (``uow.dashboard``): small pages of plain rows, fast at scale.

Every page is a handful of indexed queries with a LIMIT; only the rows shown are decrypted,
and of a person only their pseudonym (a full ``Person`` opens their profiles too). Lists say
how many rows there are in all, so a page can say "50 of 1,204".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.domain.escalations import UNRESOLVED
from bot.domain.pairs import PairStatus
from bot.domain.people import PeerState
from bot.storage.crypto import Cipher
from bot.storage.dashboard_features import FeatureQueries
from bot.storage.orm import CheckinRow, EscalationRow, PairRow, PersonRow, StatCountRow

OPEN_PAIR = (PairStatus.ACTIVE.value, PairStatus.PAUSED.value)


def _utc(value: datetime | str) -> datetime:
    """An aggregate's datetime: SQLite hands back the stored text, Postgres a datetime."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Who:
    id: str
    code: str
    pseudonym: str | None


@dataclass(frozen=True)
class EscLine:
    id: str
    code: str
    kind: str
    level: int
    status: str
    created_at: datetime
    subject_id: str | None
    claimed_by: str | None
    signals: int


@dataclass(frozen=True)
class PairLine:
    id: str
    code: str
    status: str
    seeker_id: str
    peer_id: str
    created_at: datetime
    last_activity_at: datetime
    ended_at: datetime | None
    seeker_rating: int | None
    peer_rating: int | None


@dataclass(frozen=True)
class PeerLine:
    id: str
    code: str
    peer_state: str
    away: bool
    suspended: bool
    capacity: int
    load: int


@dataclass(frozen=True)
class PairFilter:
    state: str = "open"  # open | active | paused | ended
    silent_days_before: datetime | None = None  # no activity since then
    rating: str = "any"  # any | low (1-2) | high (4-5) | none


class DashboardRepository(FeatureQueries):
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher

    # ---- people, as coordinators see them ----------------------------------------------------

    async def who(self, ids: Iterable[str]) -> dict[str, Who]:
        """Code and pseudonym of these people (nothing else is decrypted)."""
        wanted = sorted({i for i in ids if i})
        found: dict[str, Who] = {}
        for start in range(0, len(wanted), 500):
            rows = (
                await self._s.execute(
                    select(PersonRow.id, PersonRow.code, PersonRow.pseudonym).where(
                        PersonRow.id.in_(wanted[start : start + 500])
                    )
                )
            ).all()
            await self._c.person_keys.load(r.id for r in rows)
            for pid, code, sealed in rows:
                name = self._c.decrypt_opt(sealed, table="people", column="pseudonym", row_id=pid)
                found[pid] = Who(pid, code, name)
        return found

    # ---- escalations ---------------------------------------------------------------------

    async def escalations(self, hide_subject: str, limit: int) -> tuple[list[EscLine], int]:
        """Unresolved escalations, most severe then oldest first; never one about the viewer."""
        where = and_(
            EscalationRow.status.in_([s.value for s in UNRESOLVED]),
            or_(EscalationRow.subject_id.is_(None), EscalationRow.subject_id != hide_subject),
        )
        rows = await self._s.execute(
            select(
                EscalationRow.id,
                EscalationRow.code,
                EscalationRow.kind,
                EscalationRow.level,
                EscalationRow.status,
                EscalationRow.created_at,
                EscalationRow.subject_id,
                EscalationRow.claimed_by,
                EscalationRow.signals,
            )
            .where(where)
            .order_by(EscalationRow.level.desc(), EscalationRow.created_at, EscalationRow.id)
            .limit(limit)
        )
        total = await self._count(select(func.count()).select_from(EscalationRow).where(where))
        return [EscLine(*r) for r in rows.all()], total

    # ---- seekers waiting -----------------------------------------------------------------

    async def waiting(self, limit: int) -> tuple[list[tuple[str, datetime | None]], int]:
        """(person id, waiting since) of seekers waiting for a peer, longest wait first."""
        where = PersonRow.seeker_state == "waiting"
        rows = await self._s.execute(
            select(PersonRow.id, PersonRow.waiting_since)
            .where(where)
            .order_by(PersonRow.waiting_since, PersonRow.id)
            .limit(limit)
        )
        total = await self._count(select(func.count()).select_from(PersonRow).where(where))
        return [(pid, since) for pid, since in rows.all()], total

    # ---- pairs ---------------------------------------------------------------------------

    @staticmethod
    def _activity() -> ColumnElement[datetime]:
        return func.coalesce(PairRow.last_activity_at, PairRow.created_at)

    def _pair_select(self) -> Any:
        return select(
            PairRow.id,
            PairRow.code,
            PairRow.status,
            PairRow.seeker_id,
            PairRow.peer_id,
            PairRow.created_at,
            self._activity(),
            PairRow.ended_at,
            PairRow.seeker_rating,
            PairRow.peer_rating,
        )

    async def pairs_at_risk(
        self, silent_before: datetime, limit: int
    ) -> tuple[list[PairLine], int]:
        """Open pairs paused, or silent since ``silent_before``; quietest first."""
        where = and_(
            PairRow.status.in_(OPEN_PAIR),
            or_(PairRow.status == PairStatus.PAUSED.value, self._activity() < silent_before),
        )
        rows = await self._s.execute(
            self._pair_select().where(where).order_by(self._activity(), PairRow.id).limit(limit)
        )
        total = await self._count(select(func.count()).select_from(PairRow).where(where))
        return [PairLine(*r) for r in rows.all()], total

    async def pairs(
        self, wanted: PairFilter, limit: int, offset: int, only: Sequence[str] | None = None
    ) -> tuple[list[PairLine], int]:
        """Pairs as the Pairs page filters them; open ones quietest first, ended ones latest
        first. ``only`` narrows to these pair ids (a filter the database cannot apply)."""
        states = {"open": OPEN_PAIR, "ended": (PairStatus.ENDED.value,)}.get(
            wanted.state, (wanted.state,)
        )
        conditions: list[ColumnElement[bool]] = [PairRow.status.in_(states)]
        if wanted.silent_days_before is not None:
            conditions.append(self._activity() < wanted.silent_days_before)
        if wanted.rating == "low":
            conditions.append(PairRow.seeker_rating <= 2)
        elif wanted.rating == "high":
            conditions.append(PairRow.seeker_rating >= 4)
        elif wanted.rating == "none":
            conditions.append(PairRow.seeker_rating.is_(None))
        if only is not None:
            conditions.append(PairRow.id.in_(list(only)))
        where = and_(*conditions)
        order = (
            (PairRow.ended_at.desc(), PairRow.id)
            if wanted.state == "ended"
            else (self._activity(), PairRow.id)
        )
        rows = await self._s.execute(
            self._pair_select().where(where).order_by(*order).limit(limit).offset(offset)
        )
        total = await self._count(select(func.count()).select_from(PairRow).where(where))
        return [PairLine(*r) for r in rows.all()], total

    async def last_answers(self, pair_ids: Iterable[str] | None, role: str) -> dict[str, str]:
        """The latest check-in answer of one side (``seeker`` or ``peer``) of each of these
        pairs (None: of every open pair); only those latest answers are decrypted."""
        if pair_ids is None:
            return await self._last_answers(
                select(PairRow.id).where(PairRow.status.in_(OPEN_PAIR)), role
            )
        ids = sorted(set(pair_ids))
        out: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            out.update(await self._last_answers(ids[start : start + 500], role))
        return out

    async def _last_answers(self, pairs: Any, role: str) -> dict[str, str]:
        answered = and_(
            CheckinRow.pair_id.in_(pairs),
            CheckinRow.role == role,
            CheckinRow.answered_at.is_not(None),
        )
        latest = (
            select(CheckinRow.pair_id, func.max(CheckinRow.answered_at).label("at"))
            .where(answered)
            .group_by(CheckinRow.pair_id)
            .subquery()
        )
        rows = (
            await self._s.execute(
                select(
                    CheckinRow.pair_id, CheckinRow.id, CheckinRow.answer, CheckinRow.person_id
                ).join(
                    latest,
                    and_(
                        CheckinRow.pair_id == latest.c.pair_id,
                        CheckinRow.answered_at == latest.c.at,
                        CheckinRow.role == role,
                    ),
                )
            )
        ).all()
        await self._c.person_keys.load(r.person_id for r in rows)
        out: dict[str, str] = {}
        for pair_id, row_id, sealed, _owner in rows:
            if pair_id in out:  # two answers at the same instant: either is the latest
                continue
            answer = self._c.decrypt_opt(sealed, table="checkins", column="answer", row_id=row_id)
            if answer:
                out[pair_id] = answer
        return out

    # ---- peers ---------------------------------------------------------------------------

    def _loads(self) -> Any:
        return (
            select(PairRow.peer_id, func.count().label("load"))
            .where(PairRow.status.in_(OPEN_PAIR))
            .group_by(PairRow.peer_id)
        )

    async def peers(
        self, limit: int, offset: int, *, strained_only: bool = False
    ) -> tuple[list[PeerLine], int]:
        """Approved peers with their load; ``strained_only``: away or at (or over) capacity."""
        loads = self._loads().subquery()
        load = func.coalesce(loads.c.load, 0)
        conditions: list[ColumnElement[bool]] = [PersonRow.peer_state == PeerState.APPROVED.value]
        if strained_only:
            conditions.append(or_(PersonRow.peer_away.is_(True), load >= PersonRow.peer_capacity))
        where = and_(*conditions)
        base = select(PersonRow).outerjoin(loads, loads.c.peer_id == PersonRow.id).where(where)
        rows = await self._s.execute(
            select(
                PersonRow.id,
                PersonRow.code,
                PersonRow.peer_state,
                PersonRow.peer_away,
                PersonRow.status == "suspended",
                PersonRow.peer_capacity,
                load,
            )
            .outerjoin(loads, loads.c.peer_id == PersonRow.id)
            .where(where)
            .order_by((load * 1.0 / func.nullif(PersonRow.peer_capacity, 0)).desc(), PersonRow.code)
            .limit(limit)
            .offset(offset)
        )
        total = await self._count(select(func.count()).select_from(base.subquery()))
        return [PeerLine(*r) for r in rows.all()], total

    async def applicants(self, limit: int) -> tuple[list[tuple[str, datetime]], int]:
        where = PersonRow.peer_state == PeerState.APPLICANT.value
        rows = await self._s.execute(
            select(PersonRow.id, PersonRow.created_at)
            .where(where)
            .order_by(PersonRow.created_at, PersonRow.id)
            .limit(limit)
        )
        total = await self._count(select(func.count()).select_from(PersonRow).where(where))
        return [(pid, at) for pid, at in rows.all()], total

    async def peer_answers_since(
        self, peer_ids: Iterable[str], since: datetime
    ) -> dict[str, list[str]]:
        """Each peer's own check-in answers since ``since`` (``heavy``, ``break``, …)."""
        ids = list(set(peer_ids))
        rows = (
            await self._s.execute(
                select(CheckinRow.id, CheckinRow.person_id, CheckinRow.answer).where(
                    CheckinRow.person_id.in_(ids),
                    CheckinRow.role == "peer",
                    CheckinRow.answered_at >= since,
                )
            )
        ).all()
        await self._c.person_keys.load(r.person_id for r in rows)
        out: dict[str, list[str]] = {}
        for row_id, person_id, sealed in rows:
            answer = self._c.decrypt_opt(sealed, table="checkins", column="answer", row_id=row_id)
            if answer:
                out.setdefault(person_id, []).append(answer)
        return out

    # ---- figures over time ---------------------------------------------------------------

    async def totals_since(self, prefix: str, since_day: str) -> dict[str, int]:
        """Totals of the anonymous daily counts whose metric starts with ``prefix``, from
        ``since_day`` on."""
        rows = await self._s.execute(
            select(StatCountRow.metric, func.sum(StatCountRow.value))
            .where(StatCountRow.metric.startswith(prefix), StatCountRow.day >= since_day)
            .group_by(StatCountRow.metric)
        )
        return {metric: int(total) for metric, total in rows.all()}

    async def escalations_since(
        self, since: datetime
    ) -> list[tuple[int, datetime, datetime | None]]:
        """(level, created, claimed) of escalations opened since then."""
        rows = await self._s.execute(
            select(EscalationRow.level, EscalationRow.created_at, EscalationRow.claimed_at).where(
                EscalationRow.created_at >= since
            )
        )
        return [(lv, c, cl) for lv, c, cl in rows.all()]

    async def match_times(self, since: datetime) -> list[tuple[datetime, datetime]]:
        """(when the seeker started looking, when the pair was made) for each pair made since
        then: the end of the seeker's previous pair if they had one, else their first contact
        (as /stats measures it). One query."""
        earlier = aliased(PairRow)
        previous_end = (
            select(func.max(earlier.ended_at))
            .where(
                earlier.seeker_id == PairRow.seeker_id,
                earlier.ended_at.is_not(None),
                earlier.ended_at <= PairRow.created_at,
            )
            .scalar_subquery()
        )
        rows = await self._s.execute(
            select(PairRow.created_at, previous_end, PersonRow.created_at)
            .join(PersonRow, PersonRow.id == PairRow.seeker_id)
            .where(PairRow.created_at >= since)
        )
        out = []
        for made, ended, first_contact in rows.all():
            # max() over a column of the UTC type comes back as a plain value on SQLite.
            start = _utc(ended) if ended is not None else first_contact
            if start is not None and start <= made:
                out.append((start, made))
        return out

    async def ratings_since(self, since: datetime) -> list[tuple[datetime, int]]:
        """(ended, the seeker's rating) of the pairs ended and rated since then."""
        rows = await self._s.execute(
            select(PairRow.ended_at, PairRow.seeker_rating).where(
                PairRow.ended_at >= since, PairRow.seeker_rating.is_not(None)
            )
        )
        return [(ended, rating) for ended, rating in rows.all() if ended and rating]

    async def _count(self, query: Select[Any]) -> int:
        return int((await self._s.execute(query)).scalar_one())
