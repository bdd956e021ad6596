"""Envelope encryption bound to table, column and row, and a keyed blind index.

Envelope v1 (the key ring): ``1 | key id length | key id (ascii) | nonce (12) | ciphertext``.
Envelope v2 (a person's own data key): ``2 | owner length | owner id (ascii) | nonce | ct``.
The associated data names table, column and row (and the owner), so a ciphertext copied into
another row or column fails authentication instead of decrypting to a plausible but wrong value.

A person's personal fields are sealed under that person's data key, kept wrapped by the key ring
in a store outside the database (``bot.storage.person_keys``). Erasing the person destroys the
key, so a copy of the database taken before the erasure can no longer be read for them
(crypto-shredding), while everyone else's data still opens with the key ring.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

ENVELOPE_VERSION = 1
ENVELOPE_PERSON = 2
# Person data keys kept unwrapped in memory at most (about 200 bytes each).
CACHE_MAX = 50_000
NONCE_BYTES = 12
KEY_BYTES = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
# The slow blind index (Telegram ids, ban markers): scrypt with 16 MiB per guess (128 * r * n
# bytes), keyed by a subkey of the network key as its salt. docs/privacy.md gives the cost
# measured per guess and what enumerating every Telegram id would take.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
# Slow indexes remembered per process (value -> index, about 200 bytes each): a person's first
# update after a start pays for the hash, the next ones do not.
SLOW_CACHE_MAX = 200_000


class KeyConfigError(Exception):
    """Keys are missing or malformed; the message is one line and never contains key material."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DecryptionError(Exception):
    """A value cannot be decrypted: wrong key, unknown key id, or bound to another place."""


class PersonKeyUnavailable(DecryptionError):
    """The owner's data key is not loaded, or was destroyed when the person was erased."""


class PersonKeyErased(PersonKeyUnavailable):
    """The owner's data key was looked for in the store and is not there: the person was
    erased (possibly after the backup this database was restored from was taken)."""


class PersonKeyBackend(Protocol):
    """Where data keys live, wrapped; implemented by ``bot.storage.person_keys``."""

    async def fetch(self, owners: Sequence[str]) -> dict[str, bytes]: ...

    async def insert(self, owner: str, secret: bytes) -> bytes: ...

    async def delete(self, owners: Sequence[str]) -> None: ...

    async def existing(self, owners: Sequence[str]) -> list[str]: ...


class PersonKeys:
    """Each person's data key, unwrapped in this process's memory once loaded.

    Without a backend (unit tests, benchmarks) keys exist only in memory and are made on first
    use. With one, a key must be loaded (``await load``) before use: the repositories do that
    before opening rows, so a missing load fails loudly instead of sealing under a key that
    was never stored.
    """

    def __init__(self, backend: PersonKeyBackend | None = None) -> None:
        self.backend = backend
        # Raw 32-byte secrets: an AESGCM object per person would cost far more memory.
        self._cache: dict[str, bytes] = {}
        # People whose key the store no longer holds: what was sealed for them reads as erased.
        self._gone: set[str] = set()

    def aead(self, owner: str) -> AESGCM:
        secret = self._cache.get(owner)
        if secret is None:
            if owner in self._gone:
                raise PersonKeyErased(f"the data key of person {owner} was destroyed")
            if self.backend is not None:
                raise PersonKeyUnavailable(f"no data key loaded for person {owner}")
            secret = self._cache[owner] = os.urandom(KEY_BYTES)
        return AESGCM(secret)

    def loaded(self, owner: str) -> bool:
        return owner in self._cache

    def gone(self, owner: str) -> bool:
        """True once a load found no key for this person: they were erased."""
        return owner in self._gone

    async def usable(self, owner: str) -> bool:
        """Loads the person's key; False when it was destroyed (sealing for them is pointless)."""
        await self.load([owner])
        return owner not in self._gone

    async def load(self, owners: Iterable[str], *, create: bool = False) -> None:
        """Brings these people's keys into memory; ``create`` makes keys for new people."""
        if self.backend is None:
            return
        wanted = [o for o in dict.fromkeys(owners) if o]
        # A destroyed key never comes back (ids are never reused): not asked for again.
        missing = [o for o in wanted if o not in self._cache and o not in self._gone]
        if not missing:
            return
        if len(self._cache) + len(missing) > CACHE_MAX:
            # Bounded memory: start afresh. Only here, before this call's keys are put in,
            # and callers use their keys without awaiting in between, so no key vanishes
            # between a load and its use.
            self._cache.clear()
            missing = [o for o in wanted if o not in self._gone]
        found = await self.backend.fetch(missing)
        self._cache.update(found)
        for owner in missing:
            if owner in found:
                self._gone.discard(owner)
            elif create:
                self._cache[owner] = await self.backend.insert(owner, os.urandom(KEY_BYTES))
                self._gone.discard(owner)
            else:
                self._gone.add(owner)

    async def existing(self, owners: Sequence[str]) -> list[str]:
        """Which of these people still have a stored key."""
        if self.backend is None:
            return [o for o in owners if o in self._cache]
        return await self.backend.existing(list(owners)) if owners else []

    async def destroy(self, owners: Sequence[str]) -> None:
        for owner in owners:
            self._cache.pop(owner, None)
            if self.backend is not None:
                self._gone.add(owner)
        if self.backend is not None and owners:
            await self.backend.delete(list(owners))


def _derive(secret: bytes, purpose: bytes) -> bytes:
    # Separate subkeys so the index key can never be used to decrypt, and vice versa.
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose).derive(secret)


@dataclass(frozen=True)
class Key:
    key_id: str
    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not _KEY_ID.match(self.key_id):
            # The offending text is not quoted: a key pasted the wrong way round would be.
            raise KeyConfigError("a key id must be 1-32 of A-Z a-z 0-9 _ . -")
        if len(self.secret) != KEY_BYTES:
            raise KeyConfigError(f"key {self.key_id!r} must be {KEY_BYTES} bytes")

    def encode(self) -> str:
        return f"{self.key_id}:{base64.urlsafe_b64encode(self.secret).decode()}"


def generate_key(key_id: str | None = None) -> Key:
    return Key(key_id or f"k{secrets.token_hex(3)}", os.urandom(KEY_BYTES))


def _parse_key(text: str, where: str, position: int) -> Key:
    key_id, sep, encoded = text.strip().partition(":")
    # Only a well-formed id is ever quoted back: anything else might be key material.
    name = f"key {key_id!r}" if _KEY_ID.match(key_id) else f"key #{position}"
    if not sep or not key_id or not encoded:
        raise KeyConfigError(
            f"{where}: {name} is malformed, expected ID:BASE64 (see `keys generate`)"
        )
    if not _KEY_ID.match(key_id):
        raise KeyConfigError(
            f"{where}: key #{position} has an invalid id (1-32 of A-Z a-z 0-9 _ . -)"
        )
    try:
        secret = base64.urlsafe_b64decode(encoded.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise KeyConfigError(f"{where}: {name} is not valid base64") from None
    if len(secret) != KEY_BYTES:
        raise KeyConfigError(
            f"{where}: {name} decodes to {len(secret)} bytes, expected {KEY_BYTES}"
        )
    return Key(key_id, secret)


class KeyRing:
    """Keys by id; the first one encrypts, every one decrypts."""

    def __init__(self, keys: Sequence[Key]) -> None:
        if not keys:
            raise KeyConfigError("no encryption keys: set ENTRAIDE_KEYS or security.key_file")
        ids = [k.key_id for k in keys]
        if len(set(ids)) != len(ids):
            raise KeyConfigError("duplicate key id in the key ring")
        self._keys = {k.key_id: k for k in keys}
        self.primary = keys[0]
        self._aead = {k.key_id: AESGCM(_derive(k.secret, b"entraide/aead/v1")) for k in keys}
        self._index = {k.key_id: _derive(k.secret, b"entraide/blind-index/v1") for k in keys}

    @property
    def key_ids(self) -> list[str]:
        return list(self._keys)

    @classmethod
    def parse(cls, spec: str, where: str = "ENTRAIDE_KEYS") -> KeyRing:
        """``id:base64,id:base64`` (commas or newlines; ``#`` starts a comment line)."""
        parts: list[str] = []
        for line in spec.replace(",", "\n").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                parts.append(line)
        return cls([_parse_key(p, where, i) for i, p in enumerate(parts, start=1)])

    @classmethod
    def from_file(cls, path: Path) -> KeyRing:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise KeyConfigError(f"security.key_file: cannot read {path}: {exc.strerror}") from None
        return cls.parse(text, where=f"security.key_file ({path})")

    def with_new_primary(self, key: Key) -> KeyRing:
        return KeyRing([key, *[k for k in self._keys.values() if k.key_id != key.key_id]])

    def encoded(self) -> str:
        return "\n".join(k.encode() for k in self._keys.values())

    def aead(self, key_id: str) -> AESGCM:
        try:
            return self._aead[key_id]
        except KeyError:
            raise DecryptionError(f"no key with id {key_id!r} in the key ring") from None

    def derived_key(self, purpose: str) -> bytes:
        """A subkey of the primary key for another use (e.g. signing buttons)."""
        return _derive(self.primary.secret, f"entraide/{purpose}/v1".encode())

    def index_keys(self) -> Iterable[bytes]:
        return self._index.values()

    def primary_index_key(self) -> bytes:
        return self._index[self.primary.key_id]


def _aad(table: str, column: str, row_id: str, owner: str | None = None) -> bytes:
    base = f"entraide\x00{table}\x00{column}\x00{row_id}"
    return (base if owner is None else f"{base}\x00{owner}").encode()


def envelope_key_id(envelope: bytes) -> str:
    """The key-ring key that sealed a v1 envelope (person-key envelopes have none)."""
    if len(envelope) < 2 or envelope[0] != ENVELOPE_VERSION:
        raise DecryptionError("not a key-ring envelope")
    key_id = _header(envelope)
    if not _KEY_ID.match(key_id):
        raise DecryptionError("corrupted envelope header")
    return key_id


def envelope_owner(envelope: bytes) -> str | None:
    """The person whose data key sealed this envelope, or None for a key-ring envelope."""
    if len(envelope) < 2 or envelope[0] != ENVELOPE_PERSON:
        return None
    return _header(envelope)


def envelope_prefix(owner: str) -> bytes:
    """How every envelope sealed under this person's data key begins (to find them in SQL)."""
    head = owner.encode("ascii")
    return bytes([ENVELOPE_PERSON, len(head)]) + head


def _header(envelope: bytes) -> str:
    length = envelope[1]
    if len(envelope) < 2 + length + NONCE_BYTES + 16:
        raise DecryptionError("truncated envelope")
    try:
        return envelope[2 : 2 + length].decode("ascii")
    except UnicodeDecodeError:
        raise DecryptionError("corrupted envelope header") from None


class Cipher:
    """Encrypts personal fields; the ring can be swapped for rotation."""

    def __init__(self, ring: KeyRing, person_keys: PersonKeys | None = None) -> None:
        self.ring = ring
        self.person_keys = person_keys or PersonKeys()
        # (purpose, value) -> slow index; see ``slow_index``.
        self._slow: dict[tuple[str, str], str] = {}
        self._slow_secret: bytes | None = None
        # scrypt's N for the slow index. A property of the database (kept beside the secret,
        # see ``bot.storage.keys.load_index_secret``): a new database takes the configured
        # ``security.index_cost``; an existing one always its own.
        self._slow_n: int | None = None

    def encrypt(
        self, plaintext: str, *, table: str, column: str, row_id: str, owner: str | None = None
    ) -> bytes:
        """Under the owner's data key when ``owner`` is given, else under the key ring."""
        if owner is not None:
            version, name, aead = ENVELOPE_PERSON, owner, self.person_keys.aead(owner)
        else:
            name = self.ring.primary.key_id
            version, aead = ENVELOPE_VERSION, self.ring.aead(name)
        nonce = os.urandom(NONCE_BYTES)
        sealed = aead.encrypt(nonce, plaintext.encode("utf-8"), _aad(table, column, row_id, owner))
        head = name.encode("ascii")
        return bytes([version, len(head)]) + head + nonce + sealed

    def decrypt(self, envelope: bytes, *, table: str, column: str, row_id: str) -> str:
        owner = envelope_owner(envelope)
        if owner is not None:
            aead = self.person_keys.aead(owner)
        else:
            aead = self.ring.aead(envelope_key_id(envelope))
        aad = _aad(table, column, row_id, owner)
        start = 2 + envelope[1]
        nonce = envelope[start : start + NONCE_BYTES]
        try:
            plain = aead.decrypt(nonce, envelope[start + NONCE_BYTES :], aad)
        except InvalidTag:
            raise DecryptionError(
                f"cannot decrypt {table}.{column} for row {row_id}: wrong key or wrong place"
            ) from None
        return plain.decode("utf-8")

    def encrypt_opt(
        self,
        plaintext: str | None,
        *,
        table: str,
        column: str,
        row_id: str,
        owner: str | None = None,
    ) -> bytes | None:
        if plaintext is None:
            return None
        return self.encrypt(plaintext, table=table, column=column, row_id=row_id, owner=owner)

    def decrypt_opt(
        self, envelope: bytes | None, *, table: str, column: str, row_id: str
    ) -> str | None:
        """Like ``decrypt``; a value sealed for someone whose key was destroyed (erased, maybe
        after the backup this database came from) reads as absent, as erasure meant it to."""
        if envelope is None:
            return None
        try:
            return self.decrypt(envelope, table=table, column=column, row_id=row_id)
        except PersonKeyErased:
            return None

    def decrypt_with(
        self, secret: bytes | None, envelope: bytes, *, table: str, column: str, row_id: str
    ) -> str | None:
        """Opens a person-key envelope with that person's key given here (not from the key
        cache); None without a key."""
        if secret is None or envelope_owner(envelope) is None:
            return None
        owner = envelope_owner(envelope)
        start = 2 + envelope[1]
        nonce = envelope[start : start + NONCE_BYTES]
        try:
            plain = AESGCM(secret).decrypt(
                nonce, envelope[start + NONCE_BYTES :], _aad(table, column, row_id, owner)
            )
        except InvalidTag:
            raise DecryptionError(f"cannot decrypt {table}.{column} for row {row_id}") from None
        return plain.decode("utf-8")

    def blind_index(self, value: str, *, purpose: str) -> str:
        """The index under the primary key: what a new or rotated row stores."""
        return _mac(self.ring.primary_index_key(), purpose, value)

    def blind_index_candidates(self, value: str, *, purpose: str) -> list[str]:
        """Indexes under every key, so look-ups still find rows a rotation has not reached."""
        return [_mac(k, purpose, value) for k in self.ring.index_keys()]

    @property
    def slow_secret(self) -> bytes:
        """The secret keying the slow index. Kept in the database (``meta``, sealed by the key
        ring, loaded by ``bot.storage.keys.load_index_secret``) so that it outlives key
        rotations: rows and ban markers never need re-hashing. Until loaded, and for a new
        database, it is derived from the primary key (what is then stored)."""
        if self._slow_secret is None:
            return self.ring.derived_key("slow-index")
        return self._slow_secret

    @property
    def slow_n(self) -> int:
        return self._slow_n or SCRYPT_N

    def set_slow_secret(self, secret: bytes, n: int | None = None) -> None:
        if secret != self._slow_secret or (n is not None and n != self._slow_n):
            self._slow.clear()
            self._slow_secret = secret
            if n is not None:
                self._slow_n = n

    def set_slow_cost(self, n: int) -> None:
        """The work factor a new database will keep (set before its first start)."""
        if n != self._slow_n:
            self._slow.clear()
            self._slow_n = n

    def slow_index(self, value: str, *, purpose: str) -> str:
        """A memory-hard keyed index (scrypt), for values with few possibilities (a Telegram id
        is a number below 10^10 or so): holding the database and the network keys, testing one
        guess costs what ``SCRYPT_*`` says, not a microsecond. Remembered for this process, so a
        value pays once per start."""
        place = (purpose, value)
        index = self._slow.get(place)
        if index is None:
            index = (
                Scrypt(salt=self.slow_secret, length=32, n=self.slow_n, r=SCRYPT_R, p=SCRYPT_P)
                .derive(f"{purpose}\x00{value}".encode())
                .hex()
            )
            self._remember(place, index)
        return index

    def slow_index_candidates(self, value: str, *, purpose: str) -> list[str]:
        """The slow index, then the fast HMAC index (under every key) of rows written before
        the slow one existed (upgraded when found)."""
        fast = self.blind_index_candidates(value, purpose=purpose)
        return [self.slow_index(value, purpose=purpose), *fast]

    def remember_slow_index(self, value: str, *, purpose: str, index: str) -> None:
        """What a row's slow index holds for ``value``, learnt by opening the row rather than
        by hashing (the start-up warm-up: no scrypt needed)."""
        self._remember((purpose, value), index)

    def _remember(self, place: tuple[str, str], index: str) -> None:
        if len(self._slow) >= SLOW_CACHE_MAX:
            self._slow.clear()  # bounded memory; the people who write again soon pay again
        self._slow[place] = index


def _mac(key: bytes, purpose: str, value: str) -> str:
    return hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()


def load_key_ring(keys_spec: str | None, key_file: str | None) -> KeyRing:
    """Keys from the environment/config value first, else the key file; never the database."""
    if keys_spec:
        return KeyRing.parse(keys_spec)
    if key_file:
        return KeyRing.from_file(Path(key_file))
    raise KeyConfigError(
        "no encryption keys: set ENTRAIDE_KEYS or security.key_file "
        "(create one with `python -m bot keys generate`)"
    )
