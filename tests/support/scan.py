"""What a copy of the database reveals to someone holding the network's keys.

``readable`` opens every sealed column of every table of a database (the live one or a backup)
with the key ring and, optionally, a person key store as it is now, and returns every value
that decrypts. Erasure tests assert that nothing in it mentions the erased person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from bot.storage.crypto import Cipher, DecryptionError, KeyRing, PersonKeys, envelope_owner
from bot.storage.engine import create_engine
from bot.storage.orm import Base, encrypted_columns


@dataclass(frozen=True)
class Opened:
    table: str
    column: str
    row_id: str
    text: str


class NoPersonKeys:
    """A person key store that holds nothing: someone with the database and the network keys
    but without the store (or with a store from which every key was destroyed)."""

    async def fetch(self, owners: Sequence[str]) -> dict[str, bytes]:
        return {}

    async def insert(self, owner: str, secret: bytes) -> bytes:
        raise AssertionError("a scan never creates keys")

    async def delete(self, owners: Sequence[str]) -> None:
        return None

    async def existing(self, owners: Sequence[str]) -> list[str]:
        return []


async def readable(url: str, ring: KeyRing, person_keys: PersonKeys | None = None) -> list[Opened]:
    """Every sealed value of the database at ``url`` that opens with ``ring`` (and the person
    keys given; none at all by default)."""
    cipher = Cipher(ring, person_keys or PersonKeys(NoPersonKeys()))
    engine = create_engine(url)
    found: list[Opened] = []
    try:
        async with engine.connect() as conn:
            for table_name, key_col, column in encrypted_columns():
                table = Base.metadata.tables[table_name]
                query = select(table.c[key_col], table.c[column]).where(
                    table.c[column].is_not(None)
                )
                for row_key, sealed in (await conn.execute(query)).all():
                    if not sealed:
                        continue
                    owner = envelope_owner(sealed)
                    if owner is not None:
                        await cipher.person_keys.load([owner])
                    place = {"table": table_name, "column": column, "row_id": str(row_key)}
                    try:
                        text = cipher.decrypt(sealed, **place)
                    except DecryptionError:
                        continue
                    found.append(Opened(table_name, column, str(row_key), text))
    finally:
        await engine.dispose()
    return found


def mentioning(found: list[Opened], needles: Sequence[str]) -> list[Opened]:
    """The values among ``found`` that contain any of ``needles``."""
    return [o for o in found if any(n in o.text for n in needles)]
