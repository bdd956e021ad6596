"""Key canary and key rotation on real databases, through the repositories and the CLI."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.services.onboarding import greeting
from bot.services.shared import people
from bot.services.shared.context import ServiceContext
from bot.storage import keys as keys_module
from bot.storage import migrate
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
from bot.storage.keys import KeyMismatchError, rotate, verify_or_seed_canary
from bot.storage.orm import Base, MetaRow, PersonRow, encrypted_columns
from bot.storage.person_keys import PersonKeyStore, person_keys_table
from bot.storage.uow import Storage
from tests.support.cli import finish, run_bot, start_bot

TELEGRAM_IDS = (987654321123, 5550001, 5550002)
PSEUDONYMS = ("Mésange", "Colibri", "Héron cendré")
UPDATE_IDS = (9001, 9002, 9003, 9004, 9005)
# The columns seeded below; rotation is checked on whatever encrypted_columns() lists.
# Under the key ring:
SEEDED = {
    ("inbox_updates", "payload"),
    ("meta", "value"),
    ("person_keys", "wrapped"),
}
# Under each person's own data key (wrapped by the ring, so rotation need not touch them):
SEEDED_PERSONAL = {
    ("people", "tg_id"),
    ("people", "pseudonym"),
    ("outbox", "payload"),
}

Place = tuple[str, str, str]
StorageFactory = Callable[..., Storage]


def update(update_id: int, telegram_id: int, text: str) -> dict[str, Any]:
    sender = {"id": telegram_id, "is_bot": False, "first_name": "Gwen", "language_code": "fr"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1767603600,
            "chat": {"id": telegram_id, "type": "private"},
            "from": sender,
            "text": text,
        },
    }


UPDATES = [update(u, TELEGRAM_IDS[i % 3], f"message {u}") for i, u in enumerate(UPDATE_IDS)]


@pytest.fixture
def k1() -> Key:
    return generate_key("k1")


@pytest.fixture
def k2() -> Key:
    return generate_key("k2")


def storage_with_person_keys(url: str, keys_path: Path, clock: FakeClock, *ring: Key) -> Storage:
    """A storage whose cipher uses the person key store in ``keys_path`` (schema made on the
    first call to ``ready``)."""
    storage = Storage(create_engine(url), Cipher(KeyRing(list(ring))), clock)
    store = PersonKeyStore.from_url(f"sqlite+aiosqlite:///{keys_path}", storage.cipher)
    storage.cipher.person_keys = PersonKeys(store)
    storage.companions.append(store.engine)
    return storage


async def ready(storage: Storage) -> Storage:
    backend = storage.cipher.person_keys.backend
    assert isinstance(backend, PersonKeyStore)
    await backend.create_schema()
    return storage


@pytest.fixture
async def open_storage(
    db_url: str, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[StorageFactory]:
    """Storages on the same database (and the same person key store) with the rings a test
    asks for; all disposed at the end."""
    opened: list[Storage] = []

    def factory(*ring: Key) -> Storage:
        store = storage_with_person_keys(db_url, tmp_path / "person-keys.db", clock, *ring)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        await store.dispose()


async def seed(storage: Storage, services: ServiceContext) -> None:
    """People, their welcome messages, raw updates and the canary, through the real code."""
    await ready(storage)
    await verify_or_seed_canary(storage)
    async with storage.uow() as uow:
        for telegram_id, pseudonym in zip(TELEGRAM_IDS, PSEUDONYMS, strict=True):
            person = await people.identify(uow, services, telegram_id, "fr")
            person.pseudonym = pseudonym
            await uow.people.save(person)
            await greeting.start(uow, services, person)
        assert await uow.inbox.store(UPDATES, services.clock.now()) == len(UPDATES)
        await uow.commit()


async def sealed_values(storage: Storage) -> dict[Place, bytes]:
    """Every non-null value sealed by the key ring, read from the raw tables: the database's
    sealed columns and the wrapped person keys. Values under a person's own data key do not
    depend on the ring and are left out (``person_sealed`` reads them)."""
    return {
        place: value
        for place, value in (await all_sealed(storage)).items()
        if envelope_owner(value) is None
    }


async def person_sealed(storage: Storage) -> dict[Place, bytes]:
    return {
        place: value
        for place, value in (await all_sealed(storage)).items()
        if envelope_owner(value) is not None
    }


async def all_sealed(storage: Storage) -> dict[Place, bytes]:
    found: dict[Place, bytes] = {}
    await ready(storage)
    async with storage.engine.connect() as conn:
        for table_name, key_col, column in encrypted_columns():
            table = Base.metadata.tables[table_name]
            rows = await conn.execute(
                select(table.c[key_col], table.c[column]).where(table.c[column].is_not(None))
            )
            for row_key, value in rows:
                found[(table_name, column, str(row_key))] = bytes(value)
    backend = storage.cipher.person_keys.backend
    assert isinstance(backend, PersonKeyStore)
    async with backend.engine.connect() as conn:
        table = person_keys_table
        for row_key, value in await conn.execute(select(table.c.person_id, table.c.wrapped)):
            found[("person_keys", "wrapped", str(row_key))] = bytes(value)
    return found


async def opened(storage: Storage, values: dict[Place, bytes]) -> dict[Place, str]:
    cipher = storage.cipher
    await cipher.person_keys.load(r for t, _, r in values if t == "people")
    return {
        (t, c, r): cipher.decrypt(v, table=t, column=c, row_id=r) for (t, c, r), v in values.items()
    }


def key_ids(values: dict[Place, bytes]) -> dict[Place, str]:
    return {place: envelope_key_id(v) for place, v in values.items()}


async def assert_people_readable(storage: Storage) -> None:
    # As the bot does at start-up: the index's secret comes from the database, whatever keys.
    await keys_module.load_index_secret(storage)
    async with storage.uow() as uow:
        for telegram_id, pseudonym in zip(TELEGRAM_IDS, PSEUDONYMS, strict=True):
            person = await uow.people.by_telegram_id(telegram_id)
            assert person is not None, f"person {telegram_id} not found"
            assert person.telegram_id == telegram_id and person.pseudonym == pseudonym
        stored = await uow.inbox.unprocessed()
    assert [s.data for s in stored] == UPDATES


# --- canary --------------------------------------------------------------------------------------


async def test_first_start_seeds_the_canary_and_later_starts_check_it(
    open_storage: StorageFactory, k1: Key
) -> None:
    storage = open_storage(k1)
    async with storage.uow() as uow:
        assert await uow.session.get(MetaRow, keys_module.CANARY) is None

    await verify_or_seed_canary(storage)

    values = await sealed_values(storage)
    canary = values[("meta", "value", keys_module.CANARY)]
    assert envelope_key_id(canary) == "k1"
    assert keys_module.CANARY_TEXT.encode() not in canary
    # The same key again, or a ring that still holds it, opens the database.
    await verify_or_seed_canary(storage)
    await verify_or_seed_canary(open_storage(generate_key("k9"), k1))
    assert await sealed_values(storage) == values


async def test_a_different_key_is_refused_naming_the_key_id(
    open_storage: StorageFactory, k1: Key, k2: Key
) -> None:
    await verify_or_seed_canary(open_storage(k1))

    with pytest.raises(KeyMismatchError) as caught:
        await verify_or_seed_canary(open_storage(k2))
    message = caught.value.message
    assert "'k1'" in message and "k2" in message
    assert "ENTRAIDE_KEYS" in message and "\n" not in message
    assert k1.encode().split(":", 1)[1] not in message

    # Same id, other secret: still refused, never silent garbage.
    impostor = Key("k1", bytes(b ^ 0x5A for b in k1.secret))
    with pytest.raises(KeyMismatchError) as caught:
        await verify_or_seed_canary(open_storage(impostor))
    assert "'k1'" in caught.value.message and "\n" not in caught.value.message


# --- rotation --------------------------------------------------------------------------------


async def test_rotation_moves_every_sealed_value_to_the_new_key(
    open_storage: StorageFactory, services: ServiceContext, k1: Key, k2: Key
) -> None:
    old = open_storage(k1)
    await seed(old, services)
    before = await sealed_values(old)
    personal = await person_sealed(old)
    assert SEEDED <= {(t, c) for t, c, _ in before}
    assert SEEDED_PERSONAL <= {(t, c) for t, c, _ in personal}
    assert set(key_ids(before).values()) == {"k1"}
    plain = await opened(old, before)
    # Control: a ring with only the new key finds nobody before rotation.
    async with open_storage(k2).uow() as uow:
        assert await uow.people.by_telegram_id(TELEGRAM_IDS[0]) is None

    moved = await rotate(open_storage(k2, k1))

    only_new = open_storage(k2)
    after = await sealed_values(only_new)
    assert after.keys() == before.keys()
    assert set(key_ids(after).values()) == {"k2"}
    assert await opened(only_new, after) == plain
    # Personal values stay as they were: only the wrapping of their keys moved.
    assert await person_sealed(only_new) == personal
    # Values only: the Telegram-id index is keyed by a secret that outlives rotations.
    assert moved == len(before)
    await verify_or_seed_canary(only_new)
    await assert_people_readable(only_new)
    # The old key alone no longer opens the database.
    with pytest.raises(KeyMismatchError):
        await verify_or_seed_canary(open_storage(k1))
    # Nothing left to do: a second run changes nothing.
    assert await rotate(open_storage(k2, k1)) == 0
    assert await sealed_values(only_new) == after


async def test_interrupted_rotation_leaves_a_readable_mix_and_a_rerun_finishes(
    open_storage: StorageFactory,
    services: ServiceContext,
    k1: Key,
    k2: Key,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await seed(open_storage(k1), services)
    monkeypatch.setattr(keys_module, "BATCH", 2)
    rotating = open_storage(k2, k1)
    real_encrypt = rotating.cipher.encrypt
    calls = 0

    def crashing_encrypt(plaintext: str, **place: str) -> bytes:
        nonlocal calls
        calls += 1
        if calls > 3:  # in the second batch: the first batch is already committed
            raise RuntimeError("simulated crash during rotation")
        return real_encrypt(plaintext, **place)

    monkeypatch.setattr(rotating.cipher, "encrypt", crashing_encrypt)
    with pytest.raises(RuntimeError, match="simulated crash"):
        await rotate(rotating)
    monkeypatch.setattr(rotating.cipher, "encrypt", real_encrypt)

    mixed = key_ids(await sealed_values(rotating))
    counts = {kid: list(mixed.values()).count(kid) for kid in ("k1", "k2")}
    assert counts["k2"] == 2, mixed  # exactly the committed batch
    assert counts["k1"] == len(mixed) - 2
    # Mid-rotation the bot keeps working with both keys.
    await verify_or_seed_canary(rotating)
    await assert_people_readable(rotating)

    moved = await rotate(rotating)

    assert moved == len(mixed) - 2
    final = await sealed_values(rotating)
    assert set(key_ids(final).values()) == {"k2"}
    await assert_people_readable(open_storage(k2))


# --- through the CLI, on a SQLite file -------------------------------------------------------


async def test_cli_keys_rotate_and_check(
    tmp_path: Path, clock: FakeClock, services: ServiceContext, k1: Key, k2: Key
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    workdir = tmp_path / "work"
    workdir.mkdir()

    def env(*ring: Key) -> dict[str, str]:
        return {"ENTRAIDE_DATABASE_URL": url, "ENTRAIDE_KEYS": ",".join(k.encode() for k in ring)}

    upgraded = run_bot("db", "upgrade", cwd=workdir, env=env(k1))
    assert upgraded.code == 0, upgraded.stderr
    storage = storage_with_person_keys(url, tmp_path / "cli.person-keys.db", clock, k1)
    try:
        await seed(storage, services)
        # +1: `check` records in the database which person key store belongs to it.
        # The sealed values and the key store's wrapped keys (the person index does not move).
        expected = len(await sealed_values(storage)) + 1
    finally:
        await storage.dispose()

    checked = start_bot("check", cwd=workdir, env=env(k1))
    wrong = start_bot("keys", "rotate", cwd=workdir, env=env(generate_key("k3")))
    ok, refused = finish(checked), finish(wrong)
    assert ok.code == 0, ok.stderr
    assert "keys: they open this database" in ok.stdout
    line = refused.error_line()
    assert "'k1'" in line and "k3" in line

    rotated = run_bot("keys", "rotate", cwd=workdir, env=env(k2, k1))
    assert rotated.code == 0, rotated.stderr
    assert f"rotation complete: {expected} values" in rotated.stdout

    storage = storage_with_person_keys(url, tmp_path / "cli.person-keys.db", clock, k2)
    try:
        assert set(key_ids(await sealed_values(storage)).values()) == {"k2"}
        await assert_people_readable(storage)
    finally:
        await storage.dispose()

    with_new = start_bot("check", cwd=workdir, env=env(k2))
    with_old = start_bot("check", cwd=workdir, env=env(k1))
    ok, refused = finish(with_new), finish(with_old)
    assert ok.code == 0, ok.stderr
    assert "keys: they open this database" in ok.stdout
    line = refused.error_line()
    assert "'k2'" in line


async def _rotation_interrupted_in_people(
    url: str, clock: FakeClock, services: ServiceContext, k1: Key, k2: Key
) -> None:
    """Seeds under k1, then a rotation to k2 crashes while it re-wraps the person keys."""
    await migrate.upgrade(url)
    keys_path = Path(url.removeprefix("sqlite+aiosqlite:///")).with_suffix(".person-keys.db")
    storage = storage_with_person_keys(url, keys_path, clock, k1)
    try:
        await seed(storage, services)
        storage.cipher.ring = KeyRing([k2, k1])
        real_encrypt = storage.cipher.encrypt

        def encrypt(plaintext: str, **place: Any) -> bytes:
            if place["table"] == "person_keys":
                raise RuntimeError("simulated crash during rotation")
            return real_encrypt(plaintext, **place)

        storage.cipher.encrypt = encrypt  # type: ignore[method-assign]
        with pytest.raises(RuntimeError):
            await rotate(storage)
        ids = key_ids(await sealed_values(storage))
        assert {kid for (t, _, _), kid in ids.items() if t == "person_keys"} == {"k1"}
    finally:
        await storage.dispose()


async def test_cli_rotate_after_interrupted_rotation_without_the_old_key(
    tmp_path: Path, clock: FakeClock, services: ServiceContext, k1: Key, k2: Key
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    await _rotation_interrupted_in_people(url, clock, services, k1, k2)
    outcome = run_bot(
        "keys",
        "rotate",
        cwd=tmp_path,
        env={"ENTRAIDE_DATABASE_URL": url, "ENTRAIDE_KEYS": k2.encode()},
    )
    line = outcome.error_line()
    assert "'k1'" in line


async def test_cli_check_after_interrupted_rotation_without_the_old_key(
    tmp_path: Path, clock: FakeClock, services: ServiceContext, k1: Key, k2: Key
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    await _rotation_interrupted_in_people(url, clock, services, k1, k2)
    outcome = run_bot(
        "check",
        cwd=tmp_path,
        env={"ENTRAIDE_DATABASE_URL": url, "ENTRAIDE_KEYS": k2.encode()},
    )
    assert "keys: they open this database" not in outcome.stdout
    line = outcome.error_line()
    assert "'k1'" in line


async def test_rotation_moves_values_sealed_before_person_keys_under_their_owner(
    open_storage: StorageFactory, services: ServiceContext, k1: Key
) -> None:
    """A database from before person keys holds personal values under the key ring; a
    rotation (even to the same key) moves them under their owner's key, so erasure reaches
    them."""
    storage = open_storage(k1)
    await seed(storage, services)
    async with storage.uow() as uow:
        person = await uow.people.by_telegram_id(TELEGRAM_IDS[0])
        assert person is not None
        row = await uow.session.get(PersonRow, person.id)
        assert row is not None
        place = {"table": "people", "column": "pseudonym", "row_id": person.id}
        row.pseudonym = storage.cipher.encrypt(PSEUDONYMS[0], **place)
        await uow.commit()
    assert envelope_owner((await all_sealed(storage))[("people", "pseudonym", person.id)]) is None

    moved = await rotate(storage)

    assert moved == 1
    sealed = (await all_sealed(storage))[("people", "pseudonym", person.id)]
    assert envelope_owner(sealed) == person.id
    await assert_people_readable(open_storage(k1))
    # And erasing the owner's key now makes it unreadable.
    await storage.cipher.person_keys.destroy([person.id])
    with pytest.raises(DecryptionError):
        storage.cipher.decrypt(sealed, **place)
