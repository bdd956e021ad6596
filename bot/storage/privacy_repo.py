"""A person's data as a whole: everything stored about them (for /mydata), and its erasure
down to every copy (for /forgetme, and for a restore that brought an erased person back)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import LargeBinary, and_, delete, func, or_, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.checkins import OPEN, CheckinStatus
from bot.domain.retention import ERASED
from bot.storage.crypto import Cipher, envelope_prefix
from bot.storage.orm import (
    AuditRow,
    Base,
    CheckinRow,
    ConsentRow,
    EscalationRow,
    FlowStateRow,
    HeldMessageRow,
    MessageLinkRow,
    OfferRow,
    OutboxRow,
    PairRow,
    PersonRow,
    RiskCooldownRow,
    SessionRow,
    encrypted_columns,
    escalation_reason_owner,
    new_id,
)
from bot.storage.training_repo import erase_training

# Ids per IN list when asking the key store which keys exist.
KEY_BATCH = 500


@dataclass(frozen=True)
class ConsentRecord:
    version: int
    accepted: bool
    at: datetime


@dataclass(frozen=True)
class CheckinRecord:
    pair_id: str
    status: str
    sent_at: datetime | None
    answered_at: datetime | None
    answer: str | None


@dataclass(frozen=True)
class EscalationRecord:
    code: str
    kind: str
    opened_by: str | None
    subject_id: str | None
    status: str
    created_at: datetime
    resolved_at: datetime | None
    # Only when the person wrote it themselves (it is sealed under their key).
    reason: str | None


@dataclass(frozen=True)
class SessionRecord:
    pair_id: str
    starts_at: datetime
    status: str


class PrivacyRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher

    # ---- what is stored about someone -----------------------------------------------------

    async def consents(self, person_id: str) -> list[ConsentRecord]:
        rows = await self._s.execute(
            select(ConsentRow).where(ConsentRow.person_id == person_id).order_by(ConsentRow.at)
        )
        return [ConsentRecord(r.version, r.accepted, r.at) for r in rows.scalars()]

    async def pair_ids(self, person_id: str) -> list[str]:
        """Every pair this person was ever in, on either side, oldest first."""
        rows = await self._s.execute(
            select(PairRow.id)
            .where(or_(PairRow.seeker_id == person_id, PairRow.peer_id == person_id))
            .order_by(PairRow.created_at)
        )
        return list(rows.scalars())

    async def checkins(self, person_id: str) -> list[CheckinRecord]:
        """This person's check-ins, their answers opened."""
        rows = (
            await self._s.execute(
                select(CheckinRow)
                .where(CheckinRow.person_id == person_id)
                .order_by(CheckinRow.due_at)
            )
        ).scalars()
        # Right before use: keys may be evicted while other queries are awaited.
        await self._c.person_keys.load([person_id])
        return [
            CheckinRecord(
                pair_id=row.pair_id,
                status=row.status,
                sent_at=row.sent_at,
                answered_at=row.answered_at,
                answer=self._c.decrypt_opt(
                    row.answer, table="checkins", column="answer", row_id=row.id
                ),
            )
            for row in rows
        ]

    async def escalations(self, person_id: str) -> list[EscalationRecord]:
        """What this person opened, and what was opened automatically from their own words.
        A report or a referral someone else opened about them is that person's data, and
        telling them of it would tell the accused they were reported: it is not here. A
        reason is opened only when they wrote it; a coordinator's notes never are."""
        rows = list(
            (
                await self._s.execute(
                    select(EscalationRow)
                    .where(
                        or_(
                            EscalationRow.opened_by == person_id,
                            and_(
                                EscalationRow.subject_id == person_id,
                                EscalationRow.opened_by.is_(None),
                            ),
                        )
                    )
                    .order_by(EscalationRow.created_at)
                )
            ).scalars()
        )
        await self._c.person_keys.load([person_id])
        return [
            EscalationRecord(
                code=r.code,
                kind=r.kind,
                opened_by=r.opened_by,
                subject_id=r.subject_id,
                status=r.status,
                created_at=r.created_at,
                resolved_at=r.resolved_at,
                reason=(
                    self._c.decrypt_opt(r.reason, table="escalations", column="reason", row_id=r.id)
                    if escalation_reason_owner(r.opened_by, r.subject_id) == person_id
                    else None
                ),
            )
            for r in rows
        ]

    async def sessions(self, pair_ids: list[str]) -> list[SessionRecord]:
        """The times agreed or proposed in these pairs, earliest first."""
        rows = await self._s.execute(
            select(SessionRow)
            .where(SessionRow.pair_id.in_(pair_ids))
            .order_by(SessionRow.starts_at)
        )
        return [SessionRecord(r.pair_id, r.starts_at, r.status) for r in rows.scalars()]

    # ---- erasure --------------------------------------------------------------------------

    async def erase_person(self, person_id: str, now: datetime) -> None:
        """Blanks every personal field of every row that is this person's, cancels what was
        still to happen for them, and leaves an anonymous tombstone. Their data key is left
        for the caller to destroy once this commits."""
        s = self._s
        pair_ids = select(PairRow.id).where(
            or_(PairRow.seeker_id == person_id, PairRow.peer_id == person_id)
        )
        await s.execute(
            update(SessionRow)
            .where(
                SessionRow.pair_id.in_(pair_ids), SessionRow.status.in_(("proposed", "accepted"))
            )
            .values(status="cancelled", remind_at=None)
        )
        await s.execute(
            update(CheckinRow)
            .where(
                CheckinRow.person_id == person_id,
                CheckinRow.status.in_([st.value for st in OPEN]),
            )
            .values(status=CheckinStatus.CANCELLED.value)
        )
        await s.execute(
            update(CheckinRow).where(CheckinRow.person_id == person_id).values(answer=None)
        )
        # Their words in pairs, and what coordinators wrote about pairs they were in.
        await s.execute(
            update(PairRow).where(PairRow.seeker_id == person_id).values(seeker_comment=None)
        )
        await s.execute(
            update(PairRow).where(PairRow.peer_id == person_id).values(peer_comment=None)
        )
        # Why they were matched is about them too.
        await s.execute(
            update(PairRow).where(PairRow.id.in_(pair_ids)).values(handover_note=None, score=None)
        )
        # Escalations: their own words and the notes about them go; the anonymous row stays
        # counted. A report or referral someone else opened about them is that person's
        # words: it stays readable to the coordinators until it is resolved (then it goes too).
        await s.execute(
            update(EscalationRow)
            .where(EscalationRow.opened_by == person_id)
            .values(reason=None, note=None)
        )
        await s.execute(
            update(EscalationRow)
            .where(
                EscalationRow.subject_id == person_id,
                or_(
                    EscalationRow.opened_by.is_(None),
                    EscalationRow.opened_by == person_id,
                    EscalationRow.status == "resolved",
                ),
            )
            .values(reason=None, note=None)
        )
        await s.execute(
            update(EscalationRow).where(EscalationRow.subject_id == person_id).values(note=None)
        )
        # A coordinator leaving must not leave a crisis claimed by nobody: it is open again,
        # and the re-alert sweep tells the others at once.
        await s.execute(
            update(EscalationRow)
            .where(EscalationRow.claimed_by == person_id, EscalationRow.status == "claimed")
            .values(status="open", claimed_by=None, claimed_at=None, next_alert_at=now)
        )
        await s.execute(
            update(OfferRow)
            .where(or_(OfferRow.seeker_id == person_id, OfferRow.peer_id == person_id))
            .values(score=None)
        )
        # What coordinators wrote about them in the audit log (a /msg, a suspension's reason).
        await s.execute(update(AuditRow).where(AuditRow.about_id == person_id).values(detail=None))
        await s.execute(
            delete(MessageLinkRow).where(
                or_(MessageLinkRow.sender_id == person_id, MessageLinkRow.recipient_id == person_id)
            )
        )
        await s.execute(delete(FlowStateRow).where(FlowStateRow.person_id == person_id))
        await s.execute(delete(HeldMessageRow).where(HeldMessageRow.person_id == person_id))
        await s.execute(delete(RiskCooldownRow).where(RiskCooldownRow.person_id == person_id))
        await s.execute(
            update(OutboxRow)
            .where(OutboxRow.person_id == person_id, OutboxRow.status == "pending")
            .values(status="cancelled", error="erased", payload=None)
        )
        await erase_training(s, person_id)
        await self._shred(person_id)
        await self._tombstone(person_id)

    async def _shred(self, person_id: str) -> None:
        """Every value sealed under the person's own key, in any column of any table, is
        blanked: ``erase_person`` names what is theirs by meaning; this catches what is theirs
        by key (and whatever a later feature seals for them without updating that list)."""
        prefix = envelope_prefix(person_id)
        for table_name, _key, column in encrypted_columns():
            if (table_name, column) == ("people", "tg_id"):
                continue  # not nullable: the tombstone empties it
            table = Base.metadata.tables[table_name]
            col = table.c[column]
            sealed_for_them = type_coerce(func.substr(col, 1, len(prefix)), LargeBinary) == prefix
            await self._s.execute(
                update(table)
                .where(col.is_not(None), sealed_for_them)
                .values({column: None})
                .execution_options(synchronize_session=False)
            )

    async def _tombstone(self, person_id: str) -> None:
        row = await self._s.get(PersonRow, person_id)
        assert row is not None
        # The bulk updates above bypassed this object: reload it, so nothing stale is written
        # back.
        await self._s.refresh(row)
        # A random index: the same Telegram account writing again starts afresh, as a stranger.
        row.tg_index = "erased:" + new_id().replace("-", "")
        row.tg_id = b""
        row.pseudonym = row.timezone = row.seeker_profile = row.peer_profile = None
        row.status = ERASED
        row.language = None
        row.is_seeker = row.is_peer = row.is_coordinator = False
        row.seeker_state = "none"
        row.peer_state = "none"
        row.peer_away = False
        row.peer_capacity = 0
        row.waiting_since = None
        row.focus_pair_id = None
        row.last_seen_at = None
        row.profile_rev += 1

    # ---- keys and copies ------------------------------------------------------------------

    def key_destruction(self, person_ids: Sequence[str]) -> Callable[[object], Awaitable[None]]:
        """The job that destroys these people's data keys, for ``UnitOfWork.after_commit``:
        run only once the erasure is committed, dropped if it rolls back. Destroying first and
        then failing to commit would leave their rows in place, unreadable by anyone, them
        included; a crash between the commit and the job leaves a key that
        ``destroy_leftover_keys`` finds."""
        ids = list(person_ids)

        async def destroy(_storage: object) -> None:
            await self._c.person_keys.destroy(ids)

        return destroy

    async def unreadable_people(self) -> list[str]:
        """People not erased whose data key is gone: a backup taken before their /forgetme
        was restored. None when keys live only in memory (tests, benchmarks): then nothing
        can be missing."""
        keys = self._c.person_keys
        if keys.backend is None:
            return []
        ids = list(
            (
                await self._s.execute(select(PersonRow.id).where(PersonRow.status != ERASED))
            ).scalars()
        )
        present: set[str] = set()
        for i in range(0, len(ids), KEY_BATCH):
            present.update(await keys.existing(ids[i : i + KEY_BATCH]))
        return [person_id for person_id in ids if person_id not in present]

    async def destroy_leftover_keys(self) -> int:
        """Erased people whose key survived (a crash between the erasure's commit and the
        key's destruction) lose it now. Returns how many."""
        ids = list(
            (
                await self._s.execute(select(PersonRow.id).where(PersonRow.status == ERASED))
            ).scalars()
        )
        existing = await self._c.person_keys.existing(ids)
        if existing:
            await self._c.person_keys.destroy(existing)
        return len(existing)
