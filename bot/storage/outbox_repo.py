"""The outbox: what services want sent, and every query the dispatcher makes of it.

The dispatcher (bot/delivery/dispatcher.py) decides what to send and when; this repository
only reads and writes rows, with the dialect differences (Postgres row locks) kept here.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.clock import Clock
from bot.storage.cluster import dead_instances
from bot.storage.crypto import Cipher
from bot.storage.orm import OutboxRow, PersonRow, new_id

CHAT_ID_PARAM = "_chat_id"


@dataclass(frozen=True)
class OutgoingMessage:
    """What a service wants sent; the dispatcher turns it into one Bot API call."""

    person_id: str
    method: str
    params: dict[str, Any]
    ref_kind: str | None = None
    ref_id: str | None = None
    # Set only for the last word to a person being erased: the chat is named in the (key-ring
    # sealed) payload because their Telegram id and data key are gone before it is sent.
    chat_id: int | None = None
    # Lower goes first within a chat's queue: crisis lines and urgent alerts overtake routine
    # messages (per-chat order is kept within each priority).
    priority: int = 0


# Outbox priorities (``OutgoingMessage.priority``).
PRIORITY_URGENT = -10
PRIORITY_ROUTINE = 0
# Group circles' copies (and their edits): one message is nine sends, so they go after the
# pairs' routine rows that are due at the same time, and a pair's copy never waits behind a
# circle's burst. Per-chat order holds within the lane, edits included.
PRIORITY_GROUP = 5
# Only new messages may take the urgent lane. An edit or a deletion acts on a message that
# may still be waiting in the routine lane: overtaking it would edit nothing (a 400, lost).
URGENT_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})


def _lane(msg: OutgoingMessage) -> int:
    """The lane a row waits in. Only new messages may take the urgent lane: an edit must never
    pass the message it edits. The group lane takes every method, so a circle's edit stays
    behind its copy."""
    if msg.priority >= PRIORITY_GROUP:
        return PRIORITY_GROUP
    if msg.method in URGENT_METHODS:
        return min(msg.priority, PRIORITY_ROUTINE)
    return PRIORITY_ROUTINE


@dataclass(frozen=True)
class QueueHead:
    """The waiting row at the head of one chat's queue, with what the dispatcher needs of its
    recipient (still sealed)."""

    id: int
    uid: str
    person_id: str
    method: str
    payload: bytes | None
    uncertain: bool
    attempts: int
    not_before: datetime | None
    ref_kind: str | None
    ref_id: str | None
    # The recipient's sealed Telegram id: empty once they were erased.
    tg_id: bytes | None
    # When the recipient blocked the bot (None while reachable).
    unreachable_at: datetime | None


class _Sealed(Protocol):
    @property
    def uid(self) -> str: ...

    @property
    def payload(self) -> bytes | None: ...


class OutboxRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher, clock: Clock) -> None:
        self._s = session
        self._c = cipher
        self._clock = clock
        self.added = 0
        # Set while an update is processed, so every send can be traced to what caused it.
        self.update_id: int | None = None
        # This process, named on the rows it puts on the wire (bot/storage/cluster.py).
        self.claimer: int | None = None

    async def add(self, msg: OutgoingMessage) -> None:
        uid = new_id()
        now = self._clock.now()
        params = msg.params
        owner: str | None = msg.person_id
        if msg.chat_id is not None:
            params, owner = {**params, CHAT_ID_PARAM: msg.chat_id}, None
        else:
            # What waits to be sent to someone is theirs: erasing them makes it unreadable too.
            await self._c.person_keys.load([msg.person_id])
        self._s.add(
            OutboxRow(
                uid=uid,
                person_id=msg.person_id,
                method=msg.method,
                payload=self._c.encrypt(
                    json.dumps(params, separators=(",", ":")),
                    table="outbox",
                    column="payload",
                    row_id=uid,
                    owner=owner,
                ),
                status="pending",
                attempts=0,
                uncertain=False,
                created_at=now,
                ref_kind=msg.ref_kind,
                ref_id=msg.ref_id,
                update_id=self.update_id,
                priority=_lane(msg),
            )
        )
        self.added += 1

    def open_payload(self, row: _Sealed) -> dict[str, Any]:
        assert row.payload is not None
        data: dict[str, Any] = json.loads(
            self._c.decrypt(row.payload, table="outbox", column="payload", row_id=row.uid)
        )
        return data

    async def open_payloads(self, heads: Sequence[QueueHead]) -> list[dict[str, Any]]:
        """The payloads of several rows, their recipients' keys loaded in one go."""
        await self._c.person_keys.load(head.person_id for head in heads)
        return [self.open_payload(head) for head in heads]

    # ---- the dispatcher's queries ----------------------------------------------------------

    def _postgres(self) -> bool:
        bind = self._s.bind
        return bind is not None and bind.dialect.name == "postgresql"

    async def recover(self, *, at_start: bool = True) -> int:
        """Rows left on the wire by a process that is gone wait again, flagged uncertain;
        returns how many. SQLite (one process): at start, every such row. Postgres: rows of
        processes whose liveness lock is free (bot/storage/cluster.py), and at start also rows
        a version before per-process claims left without an owner."""
        sending = OutboxRow.status == "sending"
        if self._postgres():
            owners = (
                await self._s.execute(
                    select(OutboxRow.claimed_by)
                    .where(sending, OutboxRow.claimed_by.is_not(None))
                    .distinct()
                )
            ).scalars()
            others = [o for o in owners if o is not None and o != self.claimer]
            dead = await dead_instances(self._s, others)
            orphaned = [OutboxRow.claimed_by.in_(dead)]
            if at_start:
                orphaned.append(OutboxRow.claimed_by.is_(None))
            condition = and_(sending, or_(*orphaned))
        elif at_start:
            condition = sending
        else:
            return 0
        result = await self._s.execute(
            update(OutboxRow).where(condition).values(status="pending", uncertain=True)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def queue_heads(self, limit: int) -> list[QueueHead]:
        """The head of each chat's queue whose chat has nothing on the wire, by (priority, id),
        at most ``limit``. On Postgres the rows are locked for this transaction, and rows
        another process holds are skipped, unwaited."""
        # The head of each chat's queue: its waiting row of lowest (priority, id), so an
        # urgent row overtakes routine ones and each lane stays in order. A chat whose head
        # is on the wire (here or in another process) waits for it.
        pending = OutboxRow.status == "pending"
        lanes = (
            select(OutboxRow.person_id, func.min(OutboxRow.priority).label("priority"))
            .where(pending)
            .group_by(OutboxRow.person_id)
            .subquery("lanes")
        )
        # One index seek per chat (status, person_id, priority, id): a second grouped
        # pass over every waiting row made the claim three times slower.
        lane = aliased(OutboxRow)
        head = (
            select(lane.id)
            .where(
                lane.status == "pending",
                lane.person_id == lanes.c.person_id,
                lane.priority == lanes.c.priority,
            )
            .order_by(lane.id)
            .limit(1)
            .scalar_subquery()
        )
        heads = select(head.label("id")).select_from(lanes).subquery("heads")
        on_wire = select(OutboxRow.person_id).where(OutboxRow.status == "sending")
        query = (
            select(
                OutboxRow.id,
                OutboxRow.uid,
                OutboxRow.person_id,
                OutboxRow.method,
                OutboxRow.payload,
                OutboxRow.uncertain,
                OutboxRow.attempts,
                OutboxRow.not_before,
                OutboxRow.ref_kind,
                OutboxRow.ref_id,
                PersonRow.tg_id,
                PersonRow.unreachable_at,
            )
            .join(heads, heads.c.id == OutboxRow.id)
            .join(PersonRow, PersonRow.id == OutboxRow.person_id)
            .where(pending, OutboxRow.person_id.not_in(on_wire))
            .order_by(OutboxRow.priority, OutboxRow.id)
            .limit(limit)
        )
        if self._postgres():
            query = query.with_for_update(of=OutboxRow, skip_locked=True)
        return [QueueHead(*tuple(row)) for row in (await self._s.execute(query)).all()]

    async def mark_sending(self, heads: Sequence[QueueHead]) -> list[QueueHead]:
        """Puts the rows on the wire (one more attempt each); returns them as now stored."""
        await self._s.execute(
            update(OutboxRow)
            .where(OutboxRow.id.in_([h.id for h in heads]), OutboxRow.status == "pending")
            .values(status="sending", attempts=OutboxRow.attempts + 1, claimed_by=self.claimer)
        )
        return [dataclasses.replace(h, attempts=h.attempts + 1) for h in heads]

    async def cancel(self, ids: Sequence[int], error: str) -> None:
        """Rows that will never be sent: the body goes, the reason stays."""
        await self._s.execute(
            update(OutboxRow)
            .where(OutboxRow.id.in_(ids))
            .values(status="cancelled", error=error, payload=None)
        )

    async def cancel_for(self, person_id: str, error: str | None) -> None:
        """Everything waiting for (or on the wire to) one person, cancelled."""
        await self._s.execute(
            update(OutboxRow)
            .where(
                OutboxRow.person_id == person_id,
                OutboxRow.status.in_(("pending", "sending")),
            )
            .values(status="cancelled", error=error, payload=None)
        )

    async def mark_sent(self, sent: Sequence[tuple[int, int | None]], now: datetime) -> None:
        """(row id, Telegram message id) of each row delivered, in one statement. The body is
        only kept until delivery; the message id is what replies need."""
        await self._s.execute(
            update(OutboxRow),
            [
                {
                    "id": row_id,
                    "status": "sent",
                    "sent_at": now,
                    "tg_message_id": message_id,
                    "payload": None,
                }
                for row_id, message_id in sent
            ],
        )

    async def retry_later(self, row_id: int, *, uncertain: bool, not_before: datetime) -> None:
        await self._s.execute(
            update(OutboxRow)
            .where(OutboxRow.id == row_id)
            .values(status="pending", uncertain=uncertain, not_before=not_before)
        )

    async def give_up(self, row_id: int, status: str, error: str | None) -> None:
        """``dead`` or ``uncertain``: kept for counts and the reason only, the body (a message,
        a sender's chat in ``from_chat_id``) is nobody's business once it will never be sent."""
        await self._s.execute(
            update(OutboxRow)
            .where(OutboxRow.id == row_id)
            .values(status=status, error=error, payload=None)
        )

    async def count(self, statuses: Iterable[str]) -> int:
        value = (
            await self._s.execute(
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.status.in_(list(statuses)))
            )
        ).scalar_one()
        return int(value)
