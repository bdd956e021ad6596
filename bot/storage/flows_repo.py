"""Where each person is in a multi-step flow (one flow at a time), with sealed answers."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.crypto import Cipher
from bot.storage.orm import FlowStateRow


@dataclass
class FlowState:
    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    # Changes at every step: buttons carry it, so a press from an earlier step is stale.
    nonce: str = ""


# Session info key: people known, in this transaction, to be in no flow.
_ABSENT = "entraide.flows.absent"


class FlowStore:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher
        # The identity map remembers rows, not their absence: without this, every consumer
        # asking "is this person mid-flow?" cost a query (three per relayed message).
        self._absent: set[str] = session.info.setdefault(_ABSENT, set())

    async def prefetch(self, person_ids: Iterable[str]) -> None:
        """Loads the flows of several people in one query (a batch of updates is about to be
        handled); those without one are remembered as such."""
        wanted = {p for p in person_ids if p not in self._absent}
        if not wanted:
            return
        rows = await self._s.execute(
            select(FlowStateRow).where(FlowStateRow.person_id.in_(sorted(wanted)))
        )
        found = {row.person_id for row in rows.scalars()}
        self._absent.update(wanted - found)

    async def get(self, person_id: str) -> FlowState | None:
        if person_id in self._absent:
            return None
        row = await self._s.get(FlowStateRow, person_id)
        if row is None:
            self._absent.add(person_id)
            return None
        await self._c.person_keys.load([person_id])
        data = self._c.decrypt_opt(row.data, table="flow_states", column="data", row_id=person_id)
        return FlowState(row.flow, row.step, json.loads(data) if data else {}, row.nonce)

    async def set(
        self, person_id: str, flow: str, step: str, data: dict[str, Any], now: datetime
    ) -> FlowState:
        """Moves the person to ``step`` (replacing any other flow) with a fresh nonce."""
        nonce = secrets.token_hex(3)
        self._absent.discard(person_id)
        await self._c.person_keys.load([person_id])
        sealed = self._c.encrypt(
            json.dumps(data), table="flow_states", column="data", row_id=person_id, owner=person_id
        )
        row = await self._s.get(FlowStateRow, person_id)
        if row is None:
            self._s.add(
                FlowStateRow(
                    person_id=person_id,
                    flow=flow,
                    step=step,
                    data=sealed,
                    nonce=nonce,
                    updated_at=now,
                )
            )
        else:
            row.flow, row.step, row.data, row.nonce, row.updated_at = flow, step, sealed, nonce, now
        await self._s.flush()
        return FlowState(flow, step, data, nonce)

    async def keep(self, person_id: str, data: dict[str, Any], now: datetime) -> None:
        """Saves answers given within a step; the nonce stays, so its buttons stay valid."""
        row = await self._s.get(FlowStateRow, person_id)
        if row is not None:
            row.data = self._c.encrypt(
                json.dumps(data), table="flow_states", column="data", row_id=person_id
            )
            row.updated_at = now

    async def clear(self, person_id: str) -> None:
        await self._s.execute(delete(FlowStateRow).where(FlowStateRow.person_id == person_id))
        self._absent.add(person_id)
