"""Pairs and the links between relayed messages and their copies."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.pairs import ENDED, Pair, PairStatus
from bot.storage import opened as opened_memo
from bot.storage.crypto import Cipher
from bot.storage.orm import MessageLinkRow, PairRow, new_id

T = "pairs"
# Session info key: person id -> ids of their open pairs, as this transaction found them.
_OPEN_IDS = "entraide.pairs.open_ids"


@dataclass(frozen=True)
class MessageLink:
    """One copy of a relayed message: who sent what, and the copy's id once delivered."""

    id: str
    pair_id: str
    sender_id: str
    sender_message_id: int
    recipient_id: str
    recipient_message_id: int | None
    created_at: datetime


def _link(row: MessageLinkRow) -> MessageLink:
    return MessageLink(
        id=row.id,
        pair_id=row.pair_id,
        sender_id=row.sender_id,
        sender_message_id=row.sender_message_id,
        recipient_id=row.recipient_id,
        recipient_message_id=row.recipient_message_id,
        created_at=row.created_at,
    )


class PairsRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self._s = session
        self._c = cipher

    def _open(self, row: PairRow) -> Pair:
        def opened(column: str) -> str | None:
            value: bytes | None = getattr(row, column)
            return opened_memo.opened(self._s, T, row.id, column, value, self._c.decrypt_opt)

        score = opened("score")
        return Pair(
            id=row.id,
            code=row.code,
            seeker_id=row.seeker_id,
            peer_id=row.peer_id,
            status=PairStatus(row.status),
            created_at=row.created_at,
            score=json.loads(score) if score else {},
            paused_by=row.paused_by,
            handover_note=opened("handover_note"),
            last_activity_at=row.last_activity_at,
            ended_at=row.ended_at,
            end_reason=row.end_reason,
            seeker_rating=row.seeker_rating,
            seeker_comment=opened("seeker_comment"),
            peer_rating=row.peer_rating,
            peer_comment=opened("peer_comment"),
        )

    async def _open_all(self, rows: Iterable[PairRow]) -> list[Pair]:
        rows = list(rows)
        # Comments are their writer's own words, sealed under the writer's data key; the score
        # and a handover note are about the seeker, sealed under the seeker's.
        await self._c.person_keys.load(
            [r.seeker_id for r in rows if r.seeker_comment or r.score or r.handover_note]
            + [r.peer_id for r in rows if r.peer_comment]
        )
        return [self._open(r) for r in rows]

    async def _seal_into(self, row: PairRow, pair: Pair) -> None:
        def seal(column: str, value: str | None, owner: str | None = None) -> None:
            def sealed(plain: str | None) -> bytes | None:
                return self._c.encrypt_opt(
                    plain, table=T, column=column, row_id=pair.id, owner=owner
                )

            current = getattr(row, column, None)
            new = opened_memo.resealed(self._s, T, pair.id, column, current, value, owner, sealed)
            if new is not current:
                setattr(row, column, new)

        await self._c.person_keys.load(
            ([pair.seeker_id] if pair.seeker_comment or pair.score or pair.handover_note else [])
            + ([pair.peer_id] if pair.peer_comment else [])
        )
        seal("score", json.dumps(pair.score) if pair.score else None, pair.seeker_id)
        seal("handover_note", pair.handover_note, pair.seeker_id)
        seal("seeker_comment", pair.seeker_comment, pair.seeker_id)
        seal("peer_comment", pair.peer_comment, pair.peer_id)
        row.status = pair.status
        row.paused_by = pair.paused_by
        row.last_activity_at = pair.last_activity_at
        row.ended_at = pair.ended_at
        row.end_reason = pair.end_reason
        row.seeker_rating = pair.seeker_rating
        row.peer_rating = pair.peer_rating

    async def add(self, pair: Pair) -> None:
        row = PairRow(
            id=pair.id,
            code=pair.code,
            seeker_id=pair.seeker_id,
            peer_id=pair.peer_id,
            created_at=pair.created_at,
        )
        await self._seal_into(row, pair)
        self._s.add(row)
        await self._s.flush()
        self._open_ids().clear()

    async def save(self, pair: Pair) -> None:
        row = await self._s.get(PairRow, pair.id)
        if row is None:
            raise LookupError(f"pair {pair.id} not found")
        await self._seal_into(row, pair)

    async def get(self, pair_id: str) -> Pair | None:
        row = await self._s.get(PairRow, pair_id)
        return (await self._open_all([row]))[0] if row else None

    async def get_many(self, ids: Iterable[str]) -> dict[str, Pair]:
        wanted = list(set(ids))
        found: dict[str, Pair] = {}
        for i in range(0, len(wanted), 500):
            rows = await self._s.execute(select(PairRow).where(PairRow.id.in_(wanted[i : i + 500])))
            for pair in await self._open_all(rows.scalars()):
                found[pair.id] = pair
        return found

    async def by_code(self, code: str) -> Pair | None:
        row = (
            await self._s.execute(select(PairRow).where(PairRow.code == code.upper()))
        ).scalar_one_or_none()
        return (await self._open_all([row]))[0] if row else None

    def _open_ids(self) -> dict[str, list[str]]:
        """This transaction's answers to ``open_for``, as pair ids by person: a relayed message
        asked it for its sender and again for its recipient, and a batch of updates asks it for
        the same people over and over. Pairs are only ever created through ``add``, which
        forgets these answers; a pair ending is seen on its row (statuses are read live)."""
        known: dict[str, list[str]] = self._s.info.setdefault(_OPEN_IDS, {})
        return known

    async def prefetch_open(self, person_ids: Iterable[str]) -> set[str]:
        """The open pairs of several people in one query (a batch of updates is about to be
        handled); returns everyone in those pairs."""
        everyone: set[str] = set()
        wanted = sorted(set(person_ids) - self._open_ids().keys())
        for i in range(0, len(wanted), 250):
            chunk = wanted[i : i + 250]
            rows = (
                await self._s.execute(
                    select(PairRow)
                    .where(
                        or_(PairRow.seeker_id.in_(chunk), PairRow.peer_id.in_(chunk)),
                        PairRow.status != ENDED,
                    )
                    .order_by(PairRow.created_at, PairRow.id)
                )
            ).scalars()
            found: dict[str, list[str]] = {p: [] for p in chunk}
            for row in rows:
                for side in (row.seeker_id, row.peer_id):
                    everyone.add(side)
                    if side in found:
                        found[side].append(row.id)
            self._open_ids().update(found)
        return everyone

    async def open_for(self, person_id: str) -> list[Pair]:
        """Active and paused pairs this person is in, on either side, oldest first."""
        ids = self._open_ids().get(person_id)
        if ids is not None:
            cached = [await self._s.get(PairRow, pair_id) for pair_id in ids]
            live = [r for r in cached if r is not None and r.status != ENDED]
            return await self._open_all(live)
        rows = list(
            (
                await self._s.execute(
                    select(PairRow)
                    .where(
                        or_(PairRow.seeker_id == person_id, PairRow.peer_id == person_id),
                        PairRow.status != ENDED,
                    )
                    .order_by(PairRow.created_at, PairRow.id)
                )
            ).scalars()
        )
        self._open_ids()[person_id] = [r.id for r in rows]
        return await self._open_all(rows)

    async def all_open(self) -> list[Pair]:
        rows = (
            await self._s.execute(
                select(PairRow).where(PairRow.status != ENDED).order_by(PairRow.created_at)
            )
        ).scalars()
        return await self._open_all(rows)

    async def history_between(self, seeker_id: str) -> set[str]:
        """Every peer this seeker was ever paired with (never matched again after an end)."""
        rows = (
            await self._s.execute(select(PairRow.peer_id).where(PairRow.seeker_id == seeker_id))
        ).scalars()
        return set(rows)

    async def open_count_by_peer(self) -> dict[str, int]:
        rows = (
            await self._s.execute(
                select(PairRow.peer_id, func.count())
                .where(PairRow.status != ENDED)
                .group_by(PairRow.peer_id)
            )
        ).all()
        return {peer_id: int(n) for peer_id, n in rows}

    # ---- message links ---------------------------------------------------------------------

    async def link(
        self, pair_id: str, sender_id: str, sender_message_id: int, recipient_id: str, now: datetime
    ) -> str:
        link_id = new_id()
        self._s.add(
            MessageLinkRow(
                id=link_id,
                pair_id=pair_id,
                sender_id=sender_id,
                sender_message_id=sender_message_id,
                recipient_id=recipient_id,
                created_at=now,
            )
        )
        return link_id

    async def set_copy_id(self, link_id: str, message_id: int | None) -> None:
        await self.set_copy_ids([(link_id, message_id)])

    async def set_copy_ids(self, delivered: list[tuple[str, int | None]]) -> None:
        """(link id, the copy's message id) for each delivered copy, in one statement.
        A link deleted meanwhile (its pair purged) is simply not there to update."""
        if not delivered:
            return
        # The table, not the entity: a Core executemany (the ORM refuses custom WHERE criteria
        # with several parameter sets).
        links = cast(Table, MessageLinkRow.__table__)
        await self._s.execute(
            update(links)
            .where(links.c.id == bindparam("link_id"))
            .values(recipient_message_id=bindparam("copy_id")),
            [{"link_id": link, "copy_id": copy} for link, copy in delivered],
        )

    async def counterpart(self, person_id: str, message_id: int) -> tuple[str, str, int] | None:
        """For a message in this person's chat (theirs or a copy they received):
        (pair id, the other person's id, the matching message id in the other chat)."""
        sent = (
            (
                await self._s.execute(
                    select(MessageLinkRow)
                    .where(
                        MessageLinkRow.sender_id == person_id,
                        MessageLinkRow.sender_message_id == message_id,
                    )
                    # A split text has several copies: a reply threads to the first piece.
                    .order_by(MessageLinkRow.created_at, MessageLinkRow.recipient_message_id)
                )
            )
            .scalars()
            .first()
        )
        if sent is not None and sent.recipient_message_id is not None:
            return sent.pair_id, sent.recipient_id, sent.recipient_message_id
        got = (
            (
                await self._s.execute(
                    select(MessageLinkRow)
                    .where(
                        MessageLinkRow.recipient_id == person_id,
                        MessageLinkRow.recipient_message_id == message_id,
                    )
                    .order_by(MessageLinkRow.created_at)
                )
            )
            .scalars()
            .first()
        )
        if got is not None:
            return got.pair_id, got.sender_id, got.sender_message_id
        return None

    async def copies_of(self, sender_id: str, sender_message_id: int) -> list[MessageLink]:
        """Where a message went (for propagating its edits)."""
        rows = (
            await self._s.execute(
                select(MessageLinkRow)
                .where(
                    MessageLinkRow.sender_id == sender_id,
                    MessageLinkRow.sender_message_id == sender_message_id,
                )
                .order_by(MessageLinkRow.created_at, MessageLinkRow.recipient_message_id)
            )
        ).scalars()
        return [_link(row) for row in rows]

    async def drop_link(self, link_id: str) -> None:
        """Forgets one copy (an edit made the message shorter and the copy was deleted)."""
        await self._s.execute(delete(MessageLinkRow).where(MessageLinkRow.id == link_id))
