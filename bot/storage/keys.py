"""Key canary (tells a wrong key from a right one at start-up) and key rotation."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select, update

from bot.storage.crypto import Cipher, DecryptionError, envelope_key_id, envelope_owner
from bot.storage.orm import Base, MetaRow, PersonRow, column_owner, encrypted_columns
from bot.storage.person_keys import PersonKeyStore
from bot.storage.repositories import TG_PURPOSE
from bot.storage.uow import Storage

log = logging.getLogger(__name__)

CANARY = "key_canary"
CANARY_TEXT = "entraide key canary"
INDEX_ROW = "slow_index_secret"  # the meta row holding it (a name, not a secret)
BATCH = 500


class KeyMismatchError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


async def verify_or_seed_canary(storage: Storage) -> None:
    """First start seals a known value; later starts must open it or refuse to run. Then the
    slow index's secret is loaded (or stored, on a first start)."""
    await _verify_or_seed_canary(storage)
    await load_index_secret(storage)


async def _verify_or_seed_canary(storage: Storage) -> None:
    async with storage.uow() as uow:
        row = await uow.session.get(MetaRow, CANARY)
        if row is None:
            uow.session.add(
                MetaRow(
                    name=CANARY,
                    value=storage.cipher.encrypt(
                        CANARY_TEXT, table="meta", column="value", row_id=CANARY
                    ),
                    updated_at=storage.clock.now(),
                )
            )
            await uow.commit()
            return
        assert row.value is not None
        key_id = envelope_key_id(row.value)
        try:
            ok = storage.cipher.decrypt(row.value, table="meta", column="value", row_id=CANARY)
        except DecryptionError:
            ok = ""
        if ok != CANARY_TEXT:
            if key_id not in storage.cipher.ring.key_ids:
                raise KeyMismatchError(
                    f"this database was encrypted with key id {key_id!r}, which is not among the "
                    f"configured keys ({', '.join(storage.cipher.ring.key_ids)}): "
                    "set ENTRAIDE_KEYS or security.key_file to the right keys"
                )
            raise KeyMismatchError(
                f"the configured key {key_id!r} cannot decrypt this database: "
                "it is not the key the data was encrypted with"
            )


async def load_index_secret(storage: Storage) -> None:
    """The secret keying the slow Telegram-id index: read from the database, or stored there
    on first use (as derived from the primary key, which is what the index used until then).
    Sealed by the key ring like any value, so rotation re-seals it and never changes it."""
    cipher = storage.cipher
    async with storage.uow() as uow:
        row = await uow.session.get(MetaRow, INDEX_ROW)
        place = {"table": "meta", "column": "value", "row_id": INDEX_ROW}
        if row is not None and row.value is not None:
            secret, n = _parse_index_secret(cipher.decrypt(row.value, **place))
        else:
            secret, n = cipher.slow_secret, cipher.slow_n
            stored = json.dumps({"secret": base64.b64encode(secret).decode("ascii"), "n": n})
            uow.session.add(
                MetaRow(
                    name=INDEX_ROW,
                    value=cipher.encrypt(stored, **place),
                    updated_at=storage.clock.now(),
                )
            )
            await uow.commit()
    cipher.set_slow_secret(secret, n)


def _parse_index_secret(stored: str) -> tuple[bytes, int]:
    """``{"secret": base64, "n": scrypt's N}``, as stored on a database's first start."""
    found = json.loads(stored)
    return base64.b64decode(found["secret"]), int(found["n"])


async def rotate(storage: Storage, progress: Callable[[str, int], None] | None = None) -> int:
    """Re-encrypts every sealed value not under the primary key, in committed batches.

    Safe to interrupt and run again: each batch commits on its own and rows already under the
    primary key are skipped, so a second run picks up where the first stopped.
    """
    cipher = storage.cipher
    primary = cipher.ring.primary.key_id
    total = 0
    # The canary moves last: until everything else is under the new key, it keeps saying that
    # the old key is still needed, so an interrupted rotation cannot pass for a finished one.
    columns = sorted(encrypted_columns(), key=lambda c: c[0] == "meta")
    for table_name, key_col, column in columns:
        if table_name == "meta":
            total += await _reindex_people(storage, cipher)
            backend = cipher.person_keys.backend
            if isinstance(backend, PersonKeyStore):
                # Person data keys stay; only their wrapping moves to the new key.
                total += await backend.rewrap(progress)
        done = await _rotate_column(storage, cipher, primary, table_name, key_col, column)
        total += done
        if progress and done:
            progress(f"{table_name}.{column}", done)
    return total


async def _rotate_column(
    storage: Storage, cipher: Cipher, primary: str, table_name: str, key_col: str, column: str
) -> int:
    table = Base.metadata.tables[table_name]
    pk = next(iter(table.primary_key.columns))
    key_c, col = table.c[key_col], table.c[column]
    owner_name = column_owner(table_name, column)
    owner_c: Any = key_c
    if owner_name:
        names = owner_name.split("|")
        owner_c = (
            table.c[names[0]]
            if len(names) == 1
            else func.coalesce(*(table.c[n] for n in names)).label("owner")
        )
    done = 0
    last: object = None
    while True:
        async with storage.uow() as uow:
            query = (
                select(pk, key_c, col, owner_c).where(col.is_not(None)).order_by(pk).limit(BATCH)
            )
            if last is not None:
                query = query.where(pk > last)
            rows = (await uow.session.execute(query)).all()
            if not rows:
                return done
            if owner_name:
                # Values sealed under the key ring before person keys existed move under
                # their owner's key, so that erasing the owner reaches them too.
                await cipher.person_keys.load(
                    (str(o) for *_, sealed, o in rows if o and sealed), create=True
                )
            for pk_value, row_key, sealed, owner in rows:
                # Values under a person's own data key do not depend on the key ring, and an
                # erased person's Telegram id is left empty.
                if not sealed or envelope_owner(sealed) is not None:
                    continue
                person = str(owner) if owner_name and owner else None
                if person is None and envelope_key_id(sealed) == primary:
                    continue
                place = {"table": table_name, "column": column, "row_id": str(row_key)}
                plain = cipher.decrypt(sealed, **place)
                resealed = cipher.encrypt(plain, **place, owner=person)
                # Only if unchanged: a running bot may have rewritten it meanwhile (Postgres
                # does not hold the rows between the read and this write), and the newer
                # value, already under the new key, must not be overwritten by the older.
                await uow.session.execute(
                    update(table).where(pk == pk_value, col == sealed).values({column: resealed})
                )
                done += 1
            last = rows[-1][0]
            await uow.commit()


async def _reindex_people(storage: Storage, cipher: Cipher) -> int:
    """Blind indexes follow the primary key too, so look-ups no longer need the old key."""
    done = 0
    last = ""
    while True:
        async with storage.uow() as uow:
            rows = list(
                (
                    await uow.session.execute(
                        select(PersonRow)
                        .where(PersonRow.id > last)
                        .order_by(PersonRow.id)
                        .limit(BATCH)
                    )
                ).scalars()
            )
            if not rows:
                return done
            await cipher.person_keys.load(r.id for r in rows if r.tg_id)
            for row in rows:
                if not row.tg_id:
                    continue  # erased: the index is a random tombstone, nothing to follow
                tg = cipher.decrypt_opt(row.tg_id, table="people", column="tg_id", row_id=row.id)
                # Only rows still under the fast HMAC of before move (to scrypt, whose secret
                # does not change with the keys): the others are left as they are.
                if tg is None or row.tg_index not in cipher.blind_index_candidates(
                    tg, purpose=TG_PURPOSE
                ):
                    continue
                row.tg_index = cipher.slow_index(tg, purpose=TG_PURPOSE)
                done += 1
            last = rows[-1].id
            await uow.commit()
