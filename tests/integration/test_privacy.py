"""Your data, on real storage (SQLite and Postgres): the export holds exactly the person's data;
erasure ends pairs kindly, blanks every personal field, destroys the data key, and a copy of
the database taken before the erasure can no longer be read for that person."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.domain.pairs import ENDED
from bot.domain.people import Person
from bot.services.escalations import alerts
from bot.services.privacy import rights as privacy
from bot.storage.crypto import Cipher, KeyRing
from bot.storage.engine import create_engine
from bot.storage.orm import CheckinRow, ConsentRow, OutboxRow, PairRow, PersonRow, new_id
from bot.storage.uow import Storage
from tests.support import backups
from tests.support.context import make_ctx
from tests.support.db import SQLITE_PREFIX, attach_person_keys
from tests.support.factories import add_pair, add_person

ONDINE, BASILE, QUENTIN = 710000000101, 710000000102, 710000000103
backup_copy = backups.backup_copy  # a fixture


@pytest.fixture
async def world(storage: Storage, clock: Any) -> dict[str, Any]:
    """Ondine (seeker) and Quentin (seeker) both talk with Basile (peer); Ondine answered a
    check-in, wrote a comment on an old pair, sent /sos with a reason."""
    async with storage.uow() as uow:
        ondine = await add_person(uow, ONDINE, "Ondine", seeker=True, timezone="Europe/Paris")
        basile = await add_person(uow, BASILE, "Basile", peer=True, capacity=3)
        quentin = await add_person(uow, QUENTIN, "Quentin", seeker=True)
        pair = await add_pair(uow, ondine, basile)
        other = await add_pair(uow, quentin, basile)
        old = await add_pair(uow, ondine, basile)
        old.status, old.ended_at, old.end_reason = ENDED, uow.now(), "seeker"
        old.seeker_rating, old.seeker_comment = 5, "Ondine's own words about it"
        old.peer_comment = "Basile's own words about it"
        await uow.pairs.save(old)
        for person, version in ((ondine, 1), (quentin, 1)):
            uow.session.add(
                ConsentRow(
                    id=new_id(), person_id=person.id, version=version, accepted=True, at=uow.now()
                )
            )
        for person, answer in ((ondine, "4"), (quentin, "2")):
            row_id = new_id()
            await uow.cipher.person_keys.load([person.id])
            uow.session.add(
                CheckinRow(
                    id=row_id,
                    pair_id=pair.id if person is ondine else other.id,
                    person_id=person.id,
                    role="seeker",
                    status="answered",
                    due_at=uow.now(),
                    sent_at=uow.now(),
                    answered_at=uow.now(),
                    answer=uow.cipher.encrypt(
                        answer, table="checkins", column="answer", row_id=row_id, owner=person.id
                    ),
                )
            )
        await alerts.open_escalation(
            uow,
            make_ctx(clock),
            kind="sos",
            subject=ondine,
            opened_by=ondine,
            reason="Ondine's sos reason",
        )
        await alerts.open_escalation(
            uow,
            make_ctx(clock),
            kind="sos",
            subject=quentin,
            opened_by=quentin,
            reason="Quentin's sos reason",
        )
        await uow.commit()
    return {"ondine": ondine, "basile": basile, "quentin": quentin, "pair": pair, "other": other}


async def test_export_holds_exactly_the_persons_data(storage: Storage, world: dict[str, Any]):
    async with storage.uow() as uow:
        person = await uow.people.get(world["ondine"].id)
        assert person is not None
        data = await privacy.export(uow, person)
    blob = json.dumps(data, ensure_ascii=False)
    # Round trip: what the person receives parses as JSON.
    assert json.loads(blob) == data

    assert data["profile"]["pseudonym"] == "Ondine"
    assert data["profile"]["telegram_id"] == ONDINE
    assert data["profile"]["time_zone"] == "Europe/Paris"
    assert data["profile"]["seeker_profile"]["experiences"] == ["grief"]
    assert [c["version"] for c in data["consents"]] == [1]
    assert len(data["conversations"]) == 2
    assert {c["other"] for c in data["conversations"]} == {"Basile"}
    ended = next(c for c in data["conversations"] if c["status"] == ENDED)
    assert ended["my_comment"] == "Ondine's own words about it"
    assert ended["my_rating"] == 5
    assert [c["answer"] for c in data["check_ins"]] == ["4"]
    assert [e["reason"] for e in data["escalations_and_reports"]] == ["Ondine's sos reason"]

    # Nobody else's data: not the other seeker, not the peer's identity or words.
    for foreign in (
        "Quentin",
        str(QUENTIN),
        str(BASILE),
        "Basile's own words",
        world["quentin"].code,
        world["basile"].code,
        world["other"].code,
    ):
        assert foreign not in blob, foreign


async def test_forget_ends_pairs_kindly_and_erases_everything(
    storage: Storage, world: dict[str, Any], clock: Any
) -> None:
    ctx = make_ctx(clock)
    ondine, basile = world["ondine"], world["basile"]
    async with storage.uow() as uow:
        person = await uow.people.get(ondine.id)
        assert person is not None
        await privacy.forget(uow, ctx, person, None)
        await uow.commit()
    await storage.settle()  # the key is destroyed after the commit

    async with storage.uow() as uow:
        assert await uow.people.by_telegram_id(ONDINE) is None
        row = await uow.session.get(PersonRow, ondine.id)
        assert row is not None and row.status == "erased"
        assert (row.pseudonym, row.seeker_profile, row.timezone, row.tg_id) == (
            None,
            None,
            None,
            b"",
        )
        pair = await uow.pairs.get(world["pair"].id)
        assert pair is not None and pair.status == ENDED and pair.end_reason == "forgotten"
        comments = (
            await uow.session.execute(
                select(PairRow.seeker_comment).where(PairRow.seeker_id == ondine.id)
            )
        ).scalars()
        assert set(comments) == {None}
        answers = (
            await uow.session.execute(
                select(CheckinRow.answer).where(CheckinRow.person_id == ondine.id)
            )
        ).scalars()
        assert set(answers) == {None}
        # The partner was told, by pseudonym, and keeps talking with the other seeker.
        told = await outbox_texts(uow, basile.id)
        assert any("Ondine" in t for t in told), told
        other = await uow.pairs.get(world["other"].id)
        assert other is not None and other.open
        # The last word goes to Ondine's chat although her Telegram id is gone.
        last = await last_outbox(uow, ondine.id)
        assert last.status == "pending"
        assert uow.outbox.open_payload(last)["_chat_id"] == ONDINE
        # Everyone else is untouched and readable.
        quentin = await uow.people.by_telegram_id(QUENTIN)
        assert quentin is not None and quentin.pseudonym == "Quentin"
        peer = await uow.people.get(basile.id)
        assert peer is not None and peer.pseudonym == "Basile"
    assert await storage.cipher.person_keys.existing([ondine.id, basile.id]) == [basile.id]


async def outbox_texts(uow: Any, person_id: str) -> list[str]:
    rows = (
        await uow.session.execute(
            select(OutboxRow).where(OutboxRow.person_id == person_id, OutboxRow.status == "pending")
        )
    ).scalars()
    return [str(uow.outbox.open_payload(r).get("text", "")) for r in rows]


async def last_outbox(uow: Any, person_id: str) -> OutboxRow:
    row = (
        await uow.session.execute(
            select(OutboxRow)
            .where(OutboxRow.person_id == person_id)
            .order_by(OutboxRow.id.desc())
            .limit(1)
        )
    ).scalar_one()
    return row


# ---- backups --------------------------------------------------------------------------------


async def read_person(url: str, ring: KeyRing, keys_path: Path, person_id: str) -> Person | None:
    """Restores a copy: opens it with the operator's keys and the person key store as they
    are now, and reads one person through the repositories."""
    restored = Storage(create_engine(url), Cipher(ring))
    try:
        await attach_person_keys(restored, keys_path)
        async with restored.uow() as uow:
            return await uow.people.get(person_id)
    finally:
        await restored.dispose()


async def test_a_backup_taken_before_erasure_cannot_be_read_for_the_erased_person(
    storage: Storage,
    world: dict[str, Any],
    clock: Any,
    key_ring: KeyRing,
    person_keys_url: str,
    backup_copy: Any,
    tmp_path: Path,
) -> None:
    ondine, quentin = world["ondine"], world["quentin"]
    keys_path = Path(person_keys_url.removeprefix(SQLITE_PREFIX))
    backup = await backup_copy()
    # Control: before the erasure the backup opens for her, so the failure below means
    # something.
    before = await read_person(backup, key_ring, keys_path, ondine.id)
    assert before is not None and before.pseudonym == "Ondine" and before.telegram_id == ONDINE
    # Even a copy of the key store taken now would keep her key: erasure reaches the store's
    # backups only once they expire (the operator's guide says to keep them briefly).
    keys_backup = tmp_path / "keys-backup.db"
    shutil.copyfile(keys_path, keys_backup)

    async with storage.uow() as uow:
        person = await uow.people.get(ondine.id)
        assert person is not None
        await privacy.forget(uow, make_ctx(clock), person, None)
        await uow.commit()
    await storage.settle()  # the key is destroyed after the commit

    # Her row in the copy opens to nothing: every sealed field of hers reads as erased.
    after = await read_person(backup, key_ring, keys_path, ondine.id)
    assert after is not None
    assert (after.pseudonym, after.telegram_id, after.timezone) == (None, 0, None)
    assert after.seeker_profile is None
    # The raw envelopes in the copy are still there, and still closed.
    raw = await raw_row(backup, ondine.id)
    assert raw["pseudonym"] is not None and b"Ondine" not in raw["pseudonym"]
    # Everyone else restores fine from the same copy.
    other = await read_person(backup, key_ring, keys_path, quentin.id)
    assert other is not None and other.pseudonym == "Quentin" and other.telegram_id == QUENTIN
    # And the key store file itself no longer holds her key, even in free pages.
    assert ondine.id.encode() not in await asyncio.to_thread(keys_path.read_bytes)


async def raw_row(url: str, person_id: str) -> dict[str, Any]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    select(PersonRow.pseudonym, PersonRow.tg_id).where(PersonRow.id == person_id)
                )
            ).one()
        return {"pseudonym": row[0], "tg_id": row[1]}
    finally:
        await engine.dispose()


async def test_leftover_keys_of_erased_people_are_destroyed_by_the_sweep(
    storage: Storage, world: dict[str, Any], clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash between the erasure's commit and the key's destruction leaves a key behind;
    the retention sweep finds it."""
    ondine = world["ondine"]
    async with storage.uow() as uow:
        person = await uow.people.get(ondine.id)
        assert person is not None
        await privacy.forget(uow, make_ctx(clock), person, None)
        # The crash: the work after the commit never runs.
        monkeypatch.setattr(storage, "spawn", lambda work: work.close())
        await uow.commit()
    monkeypatch.undo()
    assert await storage.cipher.person_keys.existing([ondine.id]) == [ondine.id]

    from bot.services.followup import housekeeping

    async with storage.uow() as uow:
        await housekeeping.purge(uow, make_ctx(clock))
        await uow.commit()
    assert await storage.cipher.person_keys.existing([ondine.id]) == []
