"""What the housekeeping sweeps read and delete: silent pairs, long waits, stale invites, and
everything past retention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.checkins import CheckinStatus
from bot.domain.pairs import ACTIVE, ENDED
from bot.domain.retention import FINISHED_SENDS, RetentionCutoffs
from bot.storage.crypto import Cipher
from bot.storage.orm import (
    AuditRow,
    CheckinRow,
    EscalationRow,
    HeldMessageRow,
    InboxUpdateRow,
    InviteRow,
    MessageLinkRow,
    OfferRow,
    OutboxRow,
    PairRow,
    PersonRow,
    SessionRow,
)

# Strangers deleted per pass: the next passes take the rest.
STRANGER_BATCH = 1000


@dataclass(frozen=True)
class SilentPair:
    id: str
    code: str
    seeker_id: str
    peer_id: str
    since: datetime  # the last message, or the pair's start
    nudged_at: datetime | None
    silence_alerted_at: datetime | None


@dataclass(frozen=True)
class WaitingSeeker:
    id: str
    code: str
    waiting_since: datetime


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


class HousekeepingRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher, dialect: str) -> None:
        self._s = session
        self._c = cipher
        self._postgres = dialect == "postgresql"
        # Rows handed out (as plain records) and marked later in this transaction.
        self._pairs: dict[str, PairRow] = {}
        self._people: dict[str, PersonRow] = {}

    def _locked(self, query: Any) -> Any:
        # Two bot processes on one Postgres must never take the same row.
        return query.with_for_update(skip_locked=True) if self._postgres else query

    # ---- silence --------------------------------------------------------------------------

    async def silent_pairs(self, now: datetime, inactive_days: int) -> list[SilentPair]:
        """Active pairs silent ``inactive_days`` and not yet nudged for this silence, or
        twice as long and not yet reported for it."""
        last = func.coalesce(PairRow.last_activity_at, PairRow.created_at)
        # Only pairs with something to do, found in SQL: loading (and on Postgres locking)
        # every active pair on each pass cost memory and blocked the relay's writes to them.
        query = select(PairRow).where(
            PairRow.status == ACTIVE,
            last <= now - timedelta(days=inactive_days),
            or_(
                PairRow.nudged_at.is_(None),
                PairRow.nudged_at < last,
                and_(
                    last <= now - timedelta(days=2 * inactive_days),
                    or_(PairRow.silence_alerted_at.is_(None), PairRow.silence_alerted_at < last),
                ),
            ),
        )
        found = []
        for row in (await self._s.execute(self._locked(query))).scalars().all():
            self._pairs[row.id] = row
            found.append(
                SilentPair(
                    id=row.id,
                    code=row.code,
                    seeker_id=row.seeker_id,
                    peer_id=row.peer_id,
                    since=row.last_activity_at or row.created_at,
                    nudged_at=row.nudged_at,
                    silence_alerted_at=row.silence_alerted_at,
                )
            )
        return found

    async def _pair_row(self, pair_id: str) -> PairRow:
        row = self._pairs.get(pair_id) or await self._s.get(PairRow, pair_id)
        if row is None:
            raise LookupError(f"pair {pair_id} not found")
        return row

    async def mark_nudged(self, pair_id: str, now: datetime) -> None:
        (await self._pair_row(pair_id)).nudged_at = now

    async def mark_silence_alerted(self, pair_id: str, now: datetime) -> None:
        (await self._pair_row(pair_id)).silence_alerted_at = now

    # ---- waiting seekers ------------------------------------------------------------------

    async def long_waiting(self, since_before: datetime) -> list[WaitingSeeker]:
        """Seekers waiting since before ``since_before`` and not yet reported for this wait."""
        query = select(PersonRow).where(
            # Waiting for a peer, including while offers to peers go unanswered in turn.
            PersonRow.seeker_state.in_(("waiting", "offered")),
            PersonRow.waiting_since <= since_before,
            or_(
                PersonRow.waiting_alerted_at.is_(None),
                PersonRow.waiting_alerted_at < PersonRow.waiting_since,
            ),
        )
        found = []
        for row in (await self._s.execute(self._locked(query))).scalars().all():
            assert row.waiting_since is not None
            self._people[row.id] = row
            found.append(WaitingSeeker(row.id, row.code, row.waiting_since))
        return found

    async def mark_waiting_alerted(self, person_id: str, now: datetime) -> None:
        row = self._people.get(person_id) or await self._s.get(PersonRow, person_id)
        if row is None:
            raise LookupError(f"person {person_id} not found")
        row.waiting_alerted_at = now

    # ---- deletions ------------------------------------------------------------------------

    async def delete_expired_invites(self, now: datetime) -> int:
        result = await self._s.execute(
            delete(InviteRow).where(InviteRow.expires_at < now, InviteRow.used_at.is_(None))
        )
        return _count(result)

    async def purge_past(self, cutoffs: RetentionCutoffs) -> int:
        """Deletes or blanks what is older than the cutoffs; anonymous counts (ratings as
        numbers, the stat_counts table) stay. Returns how many rows it touched."""
        cutoff = cutoffs.data
        done = 0

        async def run(statement: object) -> None:
            nonlocal done
            done += _count(await self._s.execute(statement))  # type: ignore[call-overload]

        ended_long_ago = select(PairRow.id).where(
            PairRow.status == ENDED, PairRow.ended_at < cutoff
        )
        await run(delete(MessageLinkRow).where(MessageLinkRow.pair_id.in_(ended_long_ago)))
        await run(
            update(PairRow)
            .where(PairRow.status == ENDED, PairRow.ended_at < cutoff, PairRow.score.is_not(None))
            .values(score=None, handover_note=None, seeker_comment=None, peer_comment=None)
        )
        await run(
            delete(CheckinRow).where(
                CheckinRow.due_at < cutoff, CheckinRow.status != CheckinStatus.DUE.value
            )
        )
        await run(delete(SessionRow).where(SessionRow.starts_at < cutoff))
        await run(
            delete(OfferRow).where(OfferRow.created_at < cutoff, OfferRow.status != "pending")
        )
        await run(
            update(EscalationRow)
            .where(
                EscalationRow.status == "resolved",
                EscalationRow.resolved_at < cutoff,
                or_(EscalationRow.reason.is_not(None), EscalationRow.note.is_not(None)),
            )
            .values(reason=None, note=None)
        )
        await run(delete(HeldMessageRow).where(HeldMessageRow.created_at < cutoff))
        await run(
            update(AuditRow)
            .where(AuditRow.at < cutoff, AuditRow.detail.is_not(None))
            .values(detail=None)
        )
        await run(
            delete(OutboxRow).where(
                OutboxRow.created_at < cutoff, OutboxRow.status.in_(FINISHED_SENDS)
            )
        )
        await run(delete(InboxUpdateRow).where(InboxUpdateRow.processed_at < cutoffs.inbox))
        return done

    async def strangers(self, silent_before: datetime) -> list[str]:
        """People who wrote but never consented, silent since before ``silent_before``: not
        someone an unresolved escalation is about or was opened by, nor a suspended account.
        At most a batch of them."""
        unresolved = EscalationRow.status != "resolved"
        subjects = select(EscalationRow.subject_id).where(
            unresolved, EscalationRow.subject_id.is_not(None)
        )
        openers = select(EscalationRow.opened_by).where(
            unresolved, EscalationRow.opened_by.is_not(None)
        )
        query = (
            select(PersonRow.id)
            .where(
                PersonRow.consent_version.is_(None),
                PersonRow.status == "active",
                PersonRow.is_seeker.is_(False),
                PersonRow.is_peer.is_(False),
                PersonRow.is_coordinator.is_(False),
                PersonRow.created_at < silent_before,
                or_(PersonRow.last_seen_at.is_(None), PersonRow.last_seen_at < silent_before),
                PersonRow.id.not_in(subjects),
                PersonRow.id.not_in(openers),
            )
            .limit(STRANGER_BATCH)
        )
        return list((await self._s.execute(query)).scalars())

    async def delete_people(self, ids: list[str]) -> None:
        """Deletes these people's rows (and, by cascade, everything hanging from them), what
        the audit log says about them, and their data keys."""
        await self._s.execute(
            update(AuditRow).where(AuditRow.about_id.in_(ids)).values(about_id=None, detail=None)
        )
        await self._s.execute(
            delete(PersonRow)
            .where(PersonRow.id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        # Before the commit: should it fail, the rows left behind have no key and the next
        # pass of privacy.erase_unreadable turns them into anonymous tombstones.
        await self._c.person_keys.destroy(ids)
