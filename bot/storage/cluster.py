"""Which bot processes sharing a Postgres database are alive, without heartbeats.

Each process holds, for its whole life, a session advisory lock named by a random instance id,
on a connection of its own. Postgres releases it the moment that connection ends, whether the
process stopped, crashed or was killed with SIGKILL. So a send left ``sending`` by instance X
(``outbox.claimed_by``) is orphaned exactly when X's lock can be taken: another process then
sends it again, counted as uncertain (bot/storage/outbox_repo.py: ``recover``). Taking the
lock is instant and never waits, so a second process starting on a live database blocks
nothing. SQLite runs a single process and needs none of this.
"""

from __future__ import annotations

import secrets

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

# The first half of every instance lock's name, so no other use of advisory locks collides.
LOCK_SPACE = 0x454E5452  # "ENTR"


def new_instance_id() -> int:
    """Random, positive, and within Postgres's ``integer`` (the lock takes two of them)."""
    return secrets.randbelow(2**31 - 2) + 1


class Liveness:
    def __init__(self, engine: AsyncEngine, instance_id: int) -> None:
        self._engine = engine
        self.instance_id = instance_id
        self._conn: AsyncConnection | None = None

    @property
    def enabled(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    async def start(self) -> None:
        if not self.enabled or self._conn is not None:
            return
        self._conn = await self._engine.connect()
        await self._conn.execute(
            text("SELECT pg_advisory_lock(:space, :id)"),
            {"space": LOCK_SPACE, "id": self.instance_id},
        )
        # Session-level: the lock outlives this transaction, which must not stay open.
        await self._conn.commit()

    async def stop(self) -> None:
        """Said out loud on a clean stop: the connection goes back to the pool, which would
        keep the lock (and this process's sends on the wire) to itself."""
        if self._conn is not None:
            try:
                await self._conn.execute(
                    text("SELECT pg_advisory_unlock(:space, :id)"),
                    {"space": LOCK_SPACE, "id": self.instance_id},
                )
                await self._conn.commit()
            finally:
                await self._conn.invalidate()
                await self._conn.close()
                self._conn = None


async def dead_instances(session: AsyncSession, candidates: list[int]) -> list[int]:
    """Of ``candidates``, the instances whose process is gone (their lock is free)."""
    dead = []
    for instance in candidates:
        free = (
            await session.execute(
                text("SELECT pg_try_advisory_lock(:space, :id)"),
                {"space": LOCK_SPACE, "id": instance},
            )
        ).scalar_one()
        if free:
            await session.execute(
                text("SELECT pg_advisory_unlock(:space, :id)"),
                {"space": LOCK_SPACE, "id": instance},
            )
            dead.append(instance)
    return dead
