"""Group circles: circles, members, sessions, attendance, and the copies a session made."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import cast

from sqlalchemy import ColumnElement, Table, bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.circles import (
    LIVE,
    Access,
    Attendance,
    Cadence,
    Circle,
    Schedule,
    Session,
    SessionStatus,
)
from bot.storage.crypto import Cipher
from bot.storage.orm import (
    CircleAttendanceRow,
    CircleLinkRow,
    CircleMemberRow,
    CircleRow,
    CircleSessionRow,
    new_id,
)

T = "circles"
CIRCLE_LINK = "circle_link"  # the outbox ref_kind of a session's copies


@dataclass(frozen=True)
class CircleLink:
    id: str
    session_id: str
    sender_id: str
    sender_message_id: int
    recipient_id: str
    recipient_message_id: int | None


@dataclass(frozen=True)
class CircleFigures:
    """What /stats shows of circles: counts only, never who or what."""

    circles: int
    sessions_held: int
    attendance: int
    helpful_yes: int
    helpful_no: int


def _session(row: CircleSessionRow) -> Session:
    return Session(
        id=row.id,
        circle_id=row.circle_id,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        status=SessionStatus(row.status),
        reminded_at=row.reminded_at,
        opened_at=row.opened_at,
        closed_at=row.closed_at,
        closed_early=row.closed_early,
    )


def _attendance(row: CircleAttendanceRow) -> Attendance:
    return Attendance(
        row.session_id, row.person_id, row.code, row.present, row.muted, row.removed, row.helpful
    )


def _link(row: CircleLinkRow) -> CircleLink:
    return CircleLink(
        row.id,
        row.session_id,
        row.sender_id,
        row.sender_message_id,
        row.recipient_id,
        row.recipient_message_id,
    )


class CirclesRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher

    # ---- circles -------------------------------------------------------------------------

    def _open(self, row: CircleRow) -> Circle:
        title = self._c.decrypt_opt(row.title, table=T, column="title", row_id=row.id)
        topics = self._c.decrypt_opt(row.topics, table=T, column="topics", row_id=row.id)
        schedule = Schedule(
            Cadence(row.cadence),
            date.fromisoformat(row.first_day),
            time.fromisoformat(row.start_time),
            row.duration_minutes,
            row.timezone,
        )
        return Circle(
            id=row.id,
            code=row.code,
            title=title or "",
            topics=json.loads(topics) if topics else [],
            language=row.language,
            facilitator_id=row.facilitator_id,
            schedule=schedule,
            capacity=row.capacity,
            access=Access(row.access),
            created_at=row.created_at,
            cofacilitator_id=row.cofacilitator_id,
            archived=row.archived,
        )

    async def add(self, circle: Circle) -> None:
        def seal(column: str, value: str) -> bytes | None:
            return self._c.encrypt_opt(value, table=T, column=column, row_id=circle.id)

        s = circle.schedule
        self._s.add(
            CircleRow(
                id=circle.id,
                code=circle.code,
                title=seal("title", circle.title),
                topics=seal("topics", json.dumps(circle.topics)),
                language=circle.language,
                facilitator_id=circle.facilitator_id,
                cofacilitator_id=circle.cofacilitator_id,
                cadence=s.cadence.value,
                first_day=s.first_day.isoformat(),
                start_time=s.start.strftime("%H:%M"),
                duration_minutes=s.duration_minutes,
                timezone=s.timezone,
                capacity=circle.capacity,
                access=circle.access.value,
                archived=circle.archived,
                created_at=circle.created_at,
            )
        )

    async def get(self, circle_id: str) -> Circle | None:
        row = await self._s.get(CircleRow, circle_id)
        return self._open(row) if row else None

    async def by_code(self, code: str) -> Circle | None:
        row = (
            await self._s.execute(select(CircleRow).where(CircleRow.code == code.upper()))
        ).scalar_one_or_none()
        return self._open(row) if row else None

    async def code_taken(self, code: str) -> bool:
        found = await self._s.execute(select(CircleRow.id).where(CircleRow.code == code))
        return found.first() is not None

    async def active(self) -> list[Circle]:
        rows = await self._s.execute(
            select(CircleRow).where(CircleRow.archived.is_(False)).order_by(CircleRow.created_at)
        )
        return [self._open(r) for r in rows.scalars()]

    async def archive(self, circle_id: str) -> None:
        await self._s.execute(
            update(CircleRow).where(CircleRow.id == circle_id).values(archived=True)
        )

    # ---- members -------------------------------------------------------------------------

    async def _member(self, circle_id: str, person_id: str) -> CircleMemberRow | None:
        return await self._s.get(CircleMemberRow, (circle_id, person_id))

    async def is_member(self, circle_id: str, person_id: str) -> bool:
        row = await self._member(circle_id, person_id)
        return row is not None and row.joined_at is not None

    async def is_invited(self, circle_id: str, person_id: str) -> bool:
        row = await self._member(circle_id, person_id)
        return row is not None and row.invited

    async def invite(self, circle_id: str, person_id: str) -> None:
        row = await self._member(circle_id, person_id)
        if row is None:
            self._s.add(CircleMemberRow(circle_id=circle_id, person_id=person_id, invited=True))
        else:
            row.invited = True

    async def join(self, circle_id: str, person_id: str, now: datetime) -> None:
        row = await self._member(circle_id, person_id)
        if row is None:
            row = CircleMemberRow(circle_id=circle_id, person_id=person_id, invited=False)
            self._s.add(row)
        row.joined_at = now

    async def leave(self, circle_id: str, person_id: str) -> None:
        await self._s.execute(
            delete(CircleMemberRow).where(
                CircleMemberRow.circle_id == circle_id, CircleMemberRow.person_id == person_id
            )
        )

    async def member_ids(self, circle_id: str) -> list[str]:
        rows = await self._s.execute(
            select(CircleMemberRow.person_id)
            .where(CircleMemberRow.circle_id == circle_id, CircleMemberRow.joined_at.is_not(None))
            .order_by(CircleMemberRow.joined_at)
        )
        return list(rows.scalars())

    async def count_members(self, circle_id: str) -> int:
        return len(await self.member_ids(circle_id))

    async def circles_of(self, person_id: str) -> list[Circle]:
        """The circles this person joined (facilitating ones included)."""
        joined = select(CircleMemberRow.circle_id).where(
            CircleMemberRow.person_id == person_id, CircleMemberRow.joined_at.is_not(None)
        )
        rows = await self._s.execute(
            select(CircleRow)
            .where(
                CircleRow.archived.is_(False),
                or_(
                    CircleRow.id.in_(joined),
                    CircleRow.facilitator_id == person_id,
                    CircleRow.cofacilitator_id == person_id,
                ),
            )
            .order_by(CircleRow.created_at)
        )
        return [self._open(r) for r in rows.scalars()]

    # ---- sessions ------------------------------------------------------------------------

    async def add_session(self, session: Session) -> None:
        self._s.add(
            CircleSessionRow(
                id=session.id,
                circle_id=session.circle_id,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                status=session.status.value,
                closed_early=False,
                present_count=0,
                helpful_yes=0,
                helpful_no=0,
            )
        )

    async def save_session(self, session: Session) -> None:
        await self._s.execute(
            update(CircleSessionRow)
            .where(CircleSessionRow.id == session.id)
            .values(
                status=session.status.value,
                reminded_at=session.reminded_at,
                opened_at=session.opened_at,
                closed_at=session.closed_at,
                closed_early=session.closed_early,
            )
        )

    async def get_session(self, session_id: str) -> Session | None:
        row = await self._s.get(CircleSessionRow, session_id)
        return _session(row) if row else None

    async def upcoming(self, circle_id: str) -> Session | None:
        """The circle's next or current session (scheduled, open or paused)."""
        row = (
            await self._s.execute(
                select(CircleSessionRow)
                .where(
                    CircleSessionRow.circle_id == circle_id,
                    CircleSessionRow.status != SessionStatus.CLOSED.value,
                )
                .order_by(CircleSessionRow.starts_at)
                .limit(1)
            )
        ).scalar_one_or_none()
        return _session(row) if row else None

    async def _due(self, *conditions: ColumnElement[bool]) -> list[Session]:
        query = select(CircleSessionRow).where(*conditions).order_by(CircleSessionRow.starts_at)
        if self._s.bind is not None and self._s.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return [_session(r) for r in (await self._s.execute(query)).scalars()]

    async def due_to_remind(self, now: datetime, before: datetime) -> list[Session]:
        """Scheduled sessions starting between ``now`` and ``before`` not yet reminded."""
        return await self._due(
            CircleSessionRow.status == SessionStatus.SCHEDULED.value,
            CircleSessionRow.reminded_at.is_(None),
            CircleSessionRow.starts_at > now,
            CircleSessionRow.starts_at <= before,
        )

    async def due_to_open(self, now: datetime) -> list[Session]:
        return await self._due(
            CircleSessionRow.status == SessionStatus.SCHEDULED.value,
            CircleSessionRow.starts_at <= now,
        )

    async def due_to_close(self, now: datetime) -> list[Session]:
        return await self._due(
            CircleSessionRow.status.in_([s.value for s in LIVE]),
            CircleSessionRow.ends_at <= now,
        )

    async def record_close(self, session_id: str, present: int) -> None:
        await self._s.execute(
            update(CircleSessionRow)
            .where(CircleSessionRow.id == session_id)
            .values(present_count=present)
        )

    async def count_helpful(self, session_id: str, helpful: bool) -> None:
        column = CircleSessionRow.helpful_yes if helpful else CircleSessionRow.helpful_no
        await self._s.execute(
            update(CircleSessionRow)
            .where(CircleSessionRow.id == session_id)
            .values({column.key: column + 1})
        )

    # ---- attendance ----------------------------------------------------------------------

    async def attendance(self, session_id: str) -> list[Attendance]:
        rows = await self._s.execute(
            select(CircleAttendanceRow).where(CircleAttendanceRow.session_id == session_id)
        )
        return [_attendance(r) for r in rows.scalars()]

    async def attendance_of(self, session_id: str, person_id: str) -> Attendance | None:
        row = await self._s.get(CircleAttendanceRow, (session_id, person_id))
        return _attendance(row) if row else None

    async def save_attendance(self, a: Attendance) -> None:
        row = await self._s.get(CircleAttendanceRow, (a.session_id, a.person_id))
        if row is None:
            row = CircleAttendanceRow(session_id=a.session_id, person_id=a.person_id)
            self._s.add(row)
        row.code, row.present, row.muted = a.code, a.present, a.muted
        row.removed, row.helpful = a.removed, a.helpful

    async def live_sessions_of(self, person_id: str) -> list[Session]:
        """Open or paused sessions of circles this person belongs to or facilitates."""
        joined = select(CircleMemberRow.circle_id).where(
            CircleMemberRow.person_id == person_id, CircleMemberRow.joined_at.is_not(None)
        )
        leads = select(CircleRow.id).where(
            or_(CircleRow.facilitator_id == person_id, CircleRow.cofacilitator_id == person_id)
        )
        rows = await self._s.execute(
            select(CircleSessionRow)
            .where(
                CircleSessionRow.status.in_([s.value for s in LIVE]),
                or_(CircleSessionRow.circle_id.in_(joined), CircleSessionRow.circle_id.in_(leads)),
            )
            .order_by(CircleSessionRow.starts_at)
        )
        return [_session(r) for r in rows.scalars()]

    # ---- the copies of a session's messages (render.LinkStore) ----------------------------

    async def link(
        self,
        scope_id: str,
        sender_id: str,
        sender_message_id: int,
        recipient_id: str,
        now: datetime,
    ) -> str:
        link_id = new_id()
        self._s.add(
            CircleLinkRow(
                id=link_id,
                session_id=scope_id,
                sender_id=sender_id,
                sender_message_id=sender_message_id,
                recipient_id=recipient_id,
                created_at=now,
            )
        )
        return link_id

    async def set_copy_ids(self, delivered: list[tuple[str, int | None]]) -> None:
        """The outbox hook: each delivered copy's message id (a purged link is not there)."""
        if not delivered:
            return
        links = cast(Table, CircleLinkRow.__table__)
        await self._s.execute(
            update(links)
            .where(links.c.id == bindparam("link_id"))
            .values(recipient_message_id=bindparam("copy_id")),
            [{"link_id": link, "copy_id": copy} for link, copy in delivered],
        )

    async def copies_of(self, sender_id: str, sender_message_id: int) -> list[CircleLink]:
        rows = await self._s.execute(
            select(CircleLinkRow)
            .where(
                CircleLinkRow.sender_id == sender_id,
                CircleLinkRow.sender_message_id == sender_message_id,
            )
            .order_by(CircleLinkRow.created_at, CircleLinkRow.recipient_message_id)
        )
        return [_link(r) for r in rows.scalars()]

    async def received(self, person_id: str, message_id: int) -> CircleLink | None:
        """The link of a copy this person received (what their reply points at)."""
        row = (
            (
                await self._s.execute(
                    select(CircleLinkRow).where(
                        CircleLinkRow.recipient_id == person_id,
                        CircleLinkRow.recipient_message_id == message_id,
                    )
                )
            )
            .scalars()
            .first()
        )
        return _link(row) if row else None

    async def drop_link(self, link_id: str) -> None:
        await self._s.execute(delete(CircleLinkRow).where(CircleLinkRow.id == link_id))

    async def purge_links(self, session_id: str) -> None:
        """A closed session keeps no trace of what was said in it."""
        await self._s.execute(delete(CircleLinkRow).where(CircleLinkRow.session_id == session_id))

    # ---- erasure, retention, figures -----------------------------------------------------

    async def erase_person(self, person_id: str) -> None:
        """Everything of circles about one person: memberships, attendance, copies. A circle
        they led passes to its co-facilitator, or is archived."""
        s = self._s
        for table in (CircleMemberRow, CircleAttendanceRow):
            await s.execute(delete(table).where(table.person_id == person_id))
        await s.execute(
            delete(CircleLinkRow).where(
                or_(CircleLinkRow.sender_id == person_id, CircleLinkRow.recipient_id == person_id)
            )
        )
        await s.execute(
            update(CircleRow)
            .where(CircleRow.cofacilitator_id == person_id)
            .values(cofacilitator_id=None)
        )
        await s.execute(
            update(CircleRow)
            .where(CircleRow.facilitator_id == person_id, CircleRow.cofacilitator_id.is_(None))
            .values(archived=True)
        )
        await s.execute(
            update(CircleRow)
            .where(CircleRow.facilitator_id == person_id, CircleRow.cofacilitator_id.is_not(None))
            .values(facilitator_id=CircleRow.cofacilitator_id, cofacilitator_id=None)
        )

    async def purge_before(self, cutoff: datetime) -> int:
        """Attendance of sessions closed before ``cutoff`` (the counts stay on the session)."""
        old = select(CircleSessionRow.id).where(
            CircleSessionRow.status == SessionStatus.CLOSED.value,
            CircleSessionRow.closed_at < cutoff,
        )
        result = await self._s.execute(
            delete(CircleAttendanceRow).where(CircleAttendanceRow.session_id.in_(old))
        )
        await self._s.execute(delete(CircleLinkRow).where(CircleLinkRow.created_at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)

    async def figures(self, since: datetime | None = None) -> CircleFigures:
        closed = [
            CircleSessionRow.status == SessionStatus.CLOSED.value,
            CircleSessionRow.present_count > 0,
        ]
        if since is not None:
            closed.append(CircleSessionRow.closed_at >= since)
        row = (
            await self._s.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(CircleSessionRow.present_count), 0),
                    func.coalesce(func.sum(CircleSessionRow.helpful_yes), 0),
                    func.coalesce(func.sum(CircleSessionRow.helpful_no), 0),
                ).where(*closed)
            )
        ).one()
        circles = (
            await self._s.execute(
                select(func.count()).select_from(CircleRow).where(CircleRow.archived.is_(False))
            )
        ).scalar_one()
        return CircleFigures(int(circles), int(row[0]), int(row[1]), int(row[2]), int(row[3]))
