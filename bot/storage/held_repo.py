"""Messages (and report reasons) waiting for their sender's answer, sealed at rest.

A held message survives a restart and is never sent anywhere its sender did not choose; its
body is a JSON object (the relay's ``Incoming.to_json`` plus what the hold needs), sealed under
its sender's data key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.relay import Json
from bot.storage.crypto import Cipher
from bot.storage.orm import HeldMessageRow, new_id

T = "held_messages"


@dataclass
class Held:
    id: str
    person_id: str
    reason: str
    pair_id: str | None
    data: Json
    created_at: datetime


class HeldMessages:
    """Messages (and report reasons) waiting for their sender's answer; sealed at rest."""

    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher

    def _open(self, row: HeldMessageRow) -> Held:
        raw = self._c.decrypt_opt(row.message, table=T, column="message", row_id=row.id)
        return Held(
            row.id, row.person_id, row.reason, row.pair_id, json.loads(raw or "{}"), row.created_at
        )

    async def add(
        self, person_id: str, reason: str, pair_id: str | None, data: Json, now: datetime
    ) -> str:
        held_id = new_id()
        await self._c.person_keys.load([person_id])
        self._s.add(
            HeldMessageRow(
                id=held_id,
                person_id=person_id,
                reason=reason,
                pair_id=pair_id,
                message=self._c.encrypt(
                    json.dumps(data), table=T, column="message", row_id=held_id, owner=person_id
                ),
                created_at=now,
            )
        )
        await self._s.flush()
        return held_id

    async def get(self, held_id: str) -> Held | None:
        row = await self._s.get(HeldMessageRow, held_id)
        if row is None:
            return None
        await self._c.person_keys.load([row.person_id])
        return self._open(row)

    async def pending(self, person_id: str, reason: str | None = None) -> list[Held]:
        query = select(HeldMessageRow).where(HeldMessageRow.person_id == person_id)
        if reason is not None:
            query = query.where(HeldMessageRow.reason == reason)
        rows = (await self._s.execute(query.order_by(HeldMessageRow.created_at))).scalars()
        await self._c.person_keys.load([person_id])
        # Same timestamp within one update: keep the order they were held in.
        return sorted(
            (self._open(r) for r in rows), key=lambda h: (h.created_at, h.data.get("seq", 0))
        )

    async def replace(self, held: Held) -> None:
        row = await self._s.get(HeldMessageRow, held.id)
        if row is not None:
            await self._c.person_keys.load([row.person_id])
            owner = row.person_id
            row.message = self._c.encrypt(
                json.dumps(held.data), table=T, column="message", row_id=held.id, owner=owner
            )

    async def drop(self, held_id: str) -> bool:
        result = await self._s.execute(delete(HeldMessageRow).where(HeldMessageRow.id == held_id))
        return bool(getattr(result, "rowcount", 0))

    async def drop_for_pair(self, pair_id: str) -> int:
        result = await self._s.execute(
            delete(HeldMessageRow).where(HeldMessageRow.pair_id == pair_id)
        )
        return int(getattr(result, "rowcount", 0))

    async def drop_all(self, person_id: str) -> int:
        result = await self._s.execute(
            delete(HeldMessageRow).where(HeldMessageRow.person_id == person_id)
        )
        return int(getattr(result, "rowcount", 0))
