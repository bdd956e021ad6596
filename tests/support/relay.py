"""Shared set-up for the relay's service tests (no tests here): people, pairs, and a reader of
what the services asked to send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.clock import FakeClock
from bot.domain.pairs import ACTIVE, Pair
from bot.domain.people import Person, new_code
from bot.domain.profiles import PeerProfile, SeekerProfile
from bot.services.relay.routing import Sender
from bot.storage.orm import OutboxRow, new_id
from bot.storage.uow import Storage, UnitOfWork


async def add_person(
    uow: UnitOfWork,
    clock: FakeClock,
    telegram_id: int,
    pseudonym: str,
    *,
    language: str = "en",
    seeker: bool = False,
    peer: bool = False,
    coordinator: bool = False,
) -> Person:
    person = Person(
        id=new_id(),
        code=new_code(),
        telegram_id=telegram_id,
        created_at=clock.now(),
        pseudonym=pseudonym,
        language=language,
        is_seeker=seeker,
        is_peer=peer,
        is_coordinator=coordinator,
        consent_version=1,
        consent_at=clock.now(),
        seeker_state="paired" if seeker else "none",
        seeker_profile=SeekerProfile(experiences=["burnout"], languages=[language])
        if seeker
        else None,
        peer_state="approved" if peer else "none",
        peer_capacity=3 if peer else 0,
        peer_profile=PeerProfile(experiences=["burnout"], languages=[language]) if peer else None,
    )
    await uow.people.add(person)
    return person


async def add_pair(uow: UnitOfWork, clock: FakeClock, seeker: Person, peer: Person) -> Pair:
    # Created a moment apart, so "oldest first" is well defined.
    clock.advance(seconds=1)
    pair = Pair(
        id=new_id(),
        code=new_code("P")[:7],
        seeker_id=seeker.id,
        peer_id=peer.id,
        status=ACTIVE,
        created_at=clock.now(),
    )
    await uow.pairs.add(pair)
    return pair


@dataclass
class Sent:
    row_id: int
    person_id: str
    method: str
    params: dict[str, Any]
    ref_kind: str | None
    ref_id: str | None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    def button_data(self) -> list[str]:
        rows = (self.params.get("reply_markup") or {}).get("inline_keyboard") or []
        return [b["callback_data"] for row in rows for b in row]


class Outbox:
    """Reads the outbox as the dispatcher would, and 'delivers' rows by hand."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self._seen = 0
        self._next_message_id = 1000

    async def new(self) -> list[Sent]:
        """Rows added since the last call, in order."""
        async with self._storage.uow() as uow:
            rows = (
                await uow.session.execute(
                    select(OutboxRow).where(OutboxRow.id > self._seen).order_by(OutboxRow.id)
                )
            ).scalars()
            out = [
                Sent(r.id, r.person_id, r.method, uow.outbox.open_payload(r), r.ref_kind, r.ref_id)
                for r in rows
            ]
        if out:
            self._seen = out[-1].row_id
        return out

    async def deliver(self, sent: list[Sent]) -> dict[str, int]:
        """Records a message id for every relayed copy, as the delivery hook does."""
        ids: dict[str, int] = {}
        async with self._storage.uow() as uow:
            for item in sent:
                if item.ref_kind == "link" and item.ref_id:
                    self._next_message_id += 1
                    await uow.pairs.set_copy_id(item.ref_id, self._next_message_id)
                    ids[item.ref_id] = self._next_message_id
            await uow.commit()
        return ids


def text_message(message_id: int, text: str, *, reply_to: int | None = None, **extra: Any) -> dict:
    message: dict[str, Any] = {"message_id": message_id, "date": 0, "text": text, **extra}
    if reply_to is not None:
        message["reply_to_message"] = {"message_id": reply_to, "date": 0}
    return message


def sender(person: Person) -> Sender:
    return Sender(person, person.telegram_id)


async def reload(storage: Storage, person: Person) -> Person:
    async with storage.uow() as uow:
        fresh = await uow.people.get(person.id)
    assert fresh is not None
    return fresh


async def reload_pair(storage: Storage, pair: Pair) -> Pair:
    async with storage.uow() as uow:
        fresh = await uow.pairs.get(pair.id)
    assert fresh is not None
    return fresh


HOUR = timedelta(hours=1)
