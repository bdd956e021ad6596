"""Key rotation while people talk: the operator's procedure, on the real bot, under load.

The procedure (docs/operations.md §3): put a new key first in the ring, keep the old one after
it, restart the bot, run ``python -m bot keys rotate`` while the bot keeps serving, then restart
with the new key alone. Here several pairs exchange messages the whole time the rotation runs;
afterwards every message has reached its partner exactly once and in order, no sealed value is
left under the old key, and the bot started with only the new key serves everyone.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from bot.sandbox import BotMessage, Sandbox, SimUser
from bot.storage.crypto import (
    Cipher,
    DecryptionError,
    Key,
    KeyRing,
    PersonKeys,
    envelope_key_id,
    envelope_owner,
    generate_key,
)
from bot.storage.engine import create_engine
from bot.storage.orm import Base, encrypted_columns
from bot.storage.person_keys import PersonKeyStore
from bot.storage.uow import Storage
from tests.support.e2e_harness import ROOT, BotProcess
from tests.support.factories import add_pair, add_person

pytestmark = pytest.mark.e2e

PAIRS = 4
# People who only exist in the database: enough sealed values that the rotation spans many
# committed batches while the pairs talk.
BYSTANDERS = 1500
PACE = 0.25  # seconds between two rounds of messages in one pair


@dataclass
class Conversation:
    number: int
    seeker: SimUser
    peer: SimUser
    sent: dict[int, list[str]] = field(default_factory=dict)

    def say(self, user: SimUser, text: str) -> None:
        user.send_text(text)
        self.sent.setdefault(user.id, []).append(text)

    def partner(self, user: SimUser) -> SimUser:
        return self.peer if user is self.seeker else self.seeker


def copies_from(sender: SimUser) -> Callable[[BotMessage], bool]:
    return lambda m: m.copied_from is not None and m.copied_from[0] == sender.id


async def seat_conversations(sandbox: Sandbox, storage: Storage) -> list[Conversation]:
    conversations = []
    async with storage.uow() as uow:
        for n in range(PAIRS):
            seeker_u = sandbox.user(880_300_000_000 + 2 * n, first_name=f"Armelle{n}")
            peer_u = sandbox.user(880_300_000_001 + 2 * n, first_name=f"Tanguy{n}")
            seeker_u.started = peer_u.started = True
            seeker = await add_person(uow, seeker_u.id, f"Goéland{n}", seeker=True)
            peer = await add_person(uow, peer_u.id, f"Cormoran{n}", peer=True, capacity=1)
            await add_pair(uow, seeker, peer)
            conversations.append(Conversation(n, seeker_u, peer_u))
        for n in range(BYSTANDERS):
            await add_person(uow, 880_400_000_000 + n, f"Passant{n}")
        await uow.commit()
    return conversations


async def talk(conversation: Conversation, stop: asyncio.Event, label: str) -> None:
    """Both sides write in turn until told to stop."""
    n = 0
    while not stop.is_set():
        n += 1
        for user, role in ((conversation.seeker, "seeker"), (conversation.peer, "peer")):
            conversation.say(user, f"Pair {conversation.number} {label} note {n} from the {role}")
        await asyncio.sleep(PACE)


async def all_delivered(conversations: list[Conversation], timeout: float = 90.0) -> None:
    """Each side received every message of the other once, in the order it was written."""
    for c in conversations:
        for sender in (c.seeker, c.peer):
            recipient, expected = c.partner(sender), c.sent[sender.id]
            await recipient.wait_for(copies_from(sender), count=len(expected), timeout=timeout)
    await asyncio.sleep(0.5)  # a duplicate would arrive after the last expected copy
    for c in conversations:
        for sender in (c.seeker, c.peer):
            recipient = c.partner(sender)
            got = [m.text for m in recipient.received if copies_from(sender)(m)]
            assert got == c.sent[sender.id], f"pair {c.number}, to user {recipient.id}"


async def sealed_value_problems(
    db_url: str, person_keys_url: str, ring: KeyRing
) -> tuple[int, list[str]]:
    """Everything sealed, checked against a key ring: each value under the ring's first key
    (version 1 envelopes) or under its owner's data key (version 2), which must open; and each
    data key in the person key store wrapped under the ring's first key. Returns how many were
    checked and what is wrong."""
    cipher = Cipher(ring)
    store = PersonKeyStore.from_url(person_keys_url, cipher)
    cipher.person_keys = PersonKeys(store)
    primary = ring.primary.key_id
    checked, problems = 0, []
    sealed_values: list[tuple[str, str, str, bytes]] = []
    engine = create_engine(db_url)
    try:
        async with engine.connect() as conn:
            for table_name, key_col, column in encrypted_columns():
                table = Base.metadata.tables[table_name]
                rows = await conn.execute(
                    select(table.c[key_col], table.c[column]).where(table.c[column].is_not(None))
                )
                sealed_values += [(table_name, column, str(k), bytes(v)) for k, v in rows if v]
        wrapped = await store.key_ids()
        checked += sum(wrapped.values())
        problems += [
            f"{n} person data key(s) still wrapped under {kid!r}"
            for kid, n in wrapped.items()
            if kid != primary
        ]
        owners = [o for *_, v in sealed_values if (o := envelope_owner(v)) is not None]
        try:
            await cipher.person_keys.load(owners)
        except DecryptionError as exc:
            problems.append(f"person data keys do not open with {primary!r}: {exc}")
        for table_name, column, row_key, sealed in sealed_values:
            place = f"{table_name}.{column} of row {row_key}"
            owner = envelope_owner(sealed)
            if owner is None and envelope_key_id(sealed) != primary:
                problems.append(f"{place} still under {envelope_key_id(sealed)!r}")
                continue
            if owner is not None and not cipher.person_keys.loaded(owner):
                continue  # reported above with the key store
            checked += 1
            try:
                cipher.decrypt(sealed, table=table_name, column=column, row_id=row_key)
            except DecryptionError:
                problems.append(f"{place} does not open")
    finally:
        await store.engine.dispose()
        await engine.dispose()
    return checked, problems


def delivered(conversations: list[Conversation]) -> int:
    return sum(
        1
        for c in conversations
        for user in (c.seeker, c.peer)
        for m in user.received
        if m.copied_from is not None
    )


async def rotate_with_cli(bot: BotProcess) -> tuple[str, float]:
    """``keys rotate`` as an operator runs it, in its own process, with the bot's config and
    keys; returns its output and how long it took."""
    started = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "keys",
        "rotate",
        "--config",
        str(bot.config),
        cwd=str(ROOT),
        env=bot.env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, err.decode(errors="replace")
    return out.decode(), time.monotonic() - started


def ring(*keys: Key) -> dict[str, str]:
    return {"ENTRAIDE_KEYS": KeyRing(list(keys)).encoded()}


async def test_rotation_while_pairs_talk_loses_nothing_and_leaves_nothing_under_the_old_key(
    sandbox: Sandbox,
    make_bot: Callable[..., BotProcess],
    storage: Storage,
    db_url: str,
    person_keys_url: str,
    key_ring: KeyRing,
) -> None:
    old, new = key_ring.primary, generate_key("t2")
    conversations = await seat_conversations(sandbox, storage)
    await storage.dispose()

    # Before: the bot runs with the old key alone, and the pairs have been talking.
    first = make_bot()
    await first.start()
    for c in conversations:
        for n in range(3):
            c.say(c.seeker, f"Pair {c.number} before note {n}")
            c.say(c.peer, f"Pair {c.number} before reply {n}")
    await all_delivered(conversations)
    assert await first.stop() == 0
    checked, stale = await sealed_value_problems(db_url, person_keys_url, KeyRing([new, old]))
    # The control: before the rotation the scan sees what is under the old key.
    assert f"{len(conversations) * 2 + BYSTANDERS} person data key(s) still wrapped" in stale[0]
    assert any("meta.value of row key_canary still under" in p for p in stale), stale

    # The new key first, the old one after; the bot restarted with that ring.
    second = make_bot(env=ring(new, old))
    await second.start()
    stop = asyncio.Event()
    talkers = [asyncio.create_task(talk(c, stop, "during")) for c in conversations]
    await asyncio.sleep(1.0)
    before = delivered(conversations)
    output, took = await rotate_with_cli(second)
    during = delivered(conversations) - before
    await asyncio.sleep(1.0)
    stop.set()
    await asyncio.gather(*talkers)

    assert "rotation complete" in output
    # The pairs kept talking through the rotation: copies were delivered while it ran.
    assert during > 0, f"no message delivered in the {took:.1f}s the rotation ran"
    await all_delivered(conversations)
    assert await second.stop() == 0

    checked, problems = await sealed_value_problems(db_url, person_keys_url, KeyRing([new]))
    assert problems == []
    assert checked >= 3 * BYSTANDERS  # each one's data key, Telegram id and pseudonym

    # The new key alone: the bot starts (the key canary opens) and every pair still talks.
    third = make_bot(env=ring(new))
    await third.start()
    for c in conversations:
        c.say(c.seeker, f"Pair {c.number} after note")
        c.say(c.peer, f"Pair {c.number} after reply")
    await all_delivered(conversations)
    assert await third.stop() == 0
