"""The inbox: updates stored before Telegram is told they arrived, then processed once.

Per-person order across processes: each update carries an ordering key (a keyed hash of its
sender's Telegram id, never the id itself), and an update may be processed only when every
older unprocessed update of its key is processed, or is in the same transaction. Two bot
processes sharing a Postgres database therefore handle one person's updates one at a time and
in ``update_id`` order, while different people's updates run in parallel. The rule is checked
after the rows are locked, so a process still working on an older update (its row locked and
unprocessed until it commits) always holds the younger ones back.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.crypto import Cipher
from bot.storage.orm import InboxUpdateRow

# The kinds of update whose sender we order by; anything else has no sender and no order.
_SENDER_KINDS = ("message", "edited_message", "callback_query", "my_chat_member")


@dataclass(frozen=True)
class StoredUpdate:
    update_id: int
    data: dict[str, Any]
    attempts: int
    # Deferred once by its sender's inbound limit: already judged, and its wait is over.
    deferred: bool = False


def sender_id(data: dict[str, Any]) -> int | None:
    for kind in _SENDER_KINDS:
        part = data.get(kind)
        if isinstance(part, dict):
            sender = part.get("from") or part.get("chat") or {}
            if isinstance(sender, dict) and isinstance(sender.get("id"), int):
                return int(sender["id"])
    return None


class InboxRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher

    def _postgres(self) -> bool:
        bind = self._s.bind
        return bind is not None and bind.dialect.name == "postgresql"

    def order_key(self, data: dict[str, Any]) -> int | None:
        """A signed 64-bit keyed hash of the sender: the same person always gets the same key,
        and the key tells nobody who they are. Two people sharing a key (one chance in 2^64)
        would only be served one after the other. Without a sender: no key, no order."""
        sender = sender_id(data)
        if sender is None:
            return None
        digest = hmac.new(
            self._c.ring.derived_key("inbox-order"), str(sender).encode(), hashlib.sha256
        ).digest()
        return int.from_bytes(digest[:8], "big", signed=True)

    async def store(self, updates: Sequence[dict[str, Any]], now: datetime) -> int:
        """Stores updates not seen before; returns how many were new."""
        ids = [int(u["update_id"]) for u in updates]
        if not ids:
            return 0
        seen = set(
            (
                await self._s.execute(
                    select(InboxUpdateRow.update_id).where(InboxUpdateRow.update_id.in_(ids))
                )
            ).scalars()
        )
        new = 0
        for data in updates:
            uid = int(data["update_id"])
            if uid in seen:
                continue
            seen.add(uid)
            new += 1
            self._s.add(
                InboxUpdateRow(
                    update_id=uid,
                    payload=self._c.encrypt(
                        json.dumps(data, separators=(",", ":")),
                        table="inbox_updates",
                        column="payload",
                        row_id=str(uid),
                    ),
                    received_at=now,
                    attempts=0,
                    order_key=self.order_key(data),
                )
            )
        await self._s.flush()
        return new

    async def unprocessed(
        self, limit: int = 100, now: datetime | None = None
    ) -> list[StoredUpdate]:
        """Unprocessed updates that may run now, in ``update_id`` order: for each person, the
        run of their oldest updates (an update whose elder is deferred, or held by another
        process, waits for it). Given ``now``, only those not deferred past it. On Postgres,
        updates another process is working on are skipped, unwaited."""
        query = select(InboxUpdateRow).where(InboxUpdateRow.processed_at.is_(None))
        if now is not None:
            query = query.where(
                or_(InboxUpdateRow.not_before.is_(None), InboxUpdateRow.not_before <= now)
            )
        query = query.order_by(InboxUpdateRow.update_id).limit(limit)
        if self._postgres():
            # A share lock, held only for this read: rows locked for processing are skipped.
            query = query.with_for_update(read=True, skip_locked=True)
        rows = list((await self._s.execute(query)).scalars())
        allowed = await self._in_order({row.update_id: row.order_key for row in rows})
        out = []
        for row in rows:
            if row.update_id not in allowed:
                continue
            assert row.payload is not None
            text = self._c.decrypt(
                row.payload, table="inbox_updates", column="payload", row_id=str(row.update_id)
            )
            out.append(
                StoredUpdate(
                    row.update_id, json.loads(text), row.attempts, row.not_before is not None
                )
            )
        return out

    async def _in_order(self, candidates: dict[int, int | None]) -> set[int]:
        """Of ``candidates`` (update id → order key), those every older unprocessed update of
        whose key is a candidate too. Rows without a key (stored before keys existed) form
        one queue of their own, as the single process used to run them."""
        if not candidates:
            return set()
        keys = set(candidates.values())
        top = max(candidates)
        same_key = [InboxUpdateRow.order_key.in_([k for k in keys if k is not None])]
        if None in keys:
            same_key.append(InboxUpdateRow.order_key.is_(None))
        elders = (
            await self._s.execute(
                select(InboxUpdateRow.update_id, InboxUpdateRow.order_key)
                .where(
                    InboxUpdateRow.processed_at.is_(None),
                    InboxUpdateRow.update_id <= top,
                    or_(*same_key),
                )
                .order_by(InboxUpdateRow.update_id)
            )
        ).all()
        blocked: set[int | None] = set()
        allowed: set[int] = set()
        for update_id, key in elders:
            if key in blocked:
                continue
            if update_id in candidates:
                allowed.add(update_id)
            else:
                blocked.add(key)  # an elder not ours to run: this person's later ones wait
        return allowed

    async def next_deferred(self, now: datetime) -> datetime | None:
        """When the first update deferred past ``now`` may be processed."""
        value = (
            await self._s.execute(
                select(func.min(InboxUpdateRow.not_before)).where(
                    InboxUpdateRow.processed_at.is_(None), InboxUpdateRow.not_before > now
                )
            )
        ).scalar_one()
        return value

    async def defer(self, until: dict[int, datetime]) -> None:
        """Sets when each update may be processed (its sender's inbound limit)."""
        if not until:
            return
        await self._s.execute(
            update(InboxUpdateRow),
            [{"update_id": update_id, "not_before": when} for update_id, when in until.items()],
        )

    async def claim(self, update_id: int) -> bool:
        """Locks an unprocessed update for this transaction; False if another process holds
        it, or holds (or has yet to run) an older update of the same person."""
        return update_id in await self.claim_many([update_id], skip_locked=self._postgres())

    async def claim_many(self, update_ids: list[int], *, skip_locked: bool) -> set[int]:
        """Locks several unprocessed updates for this transaction; returns those it may run:
        ``skip_locked`` (Postgres) leaves updates another process holds to it, unwaited, and
        of what is locked only updates whose elders are all processed or locked here too
        are returned (see the module's docstring)."""
        query = select(InboxUpdateRow.update_id, InboxUpdateRow.order_key).where(
            InboxUpdateRow.update_id.in_(update_ids), InboxUpdateRow.processed_at.is_(None)
        )
        if skip_locked:
            query = query.with_for_update(skip_locked=True)
        locked = {int(uid): key for uid, key in (await self._s.execute(query)).all()}
        got = await self._in_order(locked)
        if got:
            await self._s.execute(
                update(InboxUpdateRow)
                .where(InboxUpdateRow.update_id.in_(sorted(got)))
                .values(attempts=InboxUpdateRow.attempts + 1)
                .execution_options(synchronize_session=False)
            )
        return got

    async def mark_processed_many(self, update_ids: list[int], now: datetime) -> None:
        # The body is only needed until processing; keeping it would store messages at rest,
        # and the key would say which updates came from the same person.
        await self._s.execute(
            update(InboxUpdateRow)
            .where(InboxUpdateRow.update_id.in_(update_ids))
            .values(processed_at=now, payload=None, failure=None, order_key=None)
            .execution_options(synchronize_session=False)
        )

    async def mark_processed(
        self, update_id: int, now: datetime, failure: str | None = None
    ) -> None:
        await self._s.execute(
            update(InboxUpdateRow)
            .where(InboxUpdateRow.update_id == update_id)
            .values(processed_at=now, payload=None, failure=failure, order_key=None)
        )

    async def bump_attempt(self, update_id: int) -> int:
        await self._s.execute(
            update(InboxUpdateRow)
            .where(InboxUpdateRow.update_id == update_id)
            .values(attempts=InboxUpdateRow.attempts + 1)
        )
        row = await self._s.get(InboxUpdateRow, update_id)
        return row.attempts if row else 0

    async def max_update_id(self) -> int | None:
        value = (await self._s.execute(select(func.max(InboxUpdateRow.update_id)))).scalar_one()
        return int(value) if value is not None else None

    async def backlog(self) -> tuple[int, datetime | None]:
        """How many updates wait, and when the oldest of them arrived (for the metrics)."""
        count, oldest = (
            await self._s.execute(
                select(func.count(), func.min(InboxUpdateRow.received_at)).where(
                    InboxUpdateRow.processed_at.is_(None)
                )
            )
        ).one()
        return int(count), oldest
