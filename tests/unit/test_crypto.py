"""bot.storage.crypto: sealed values stay bound to their place, keys rotate, errors stay quiet."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.storage.crypto import (
    Cipher,
    DecryptionError,
    Key,
    KeyConfigError,
    KeyRing,
    envelope_key_id,
    envelope_owner,
    generate_key,
    load_key_ring,
)

PLACE = {"table": "people", "column": "pseudonym", "row_id": "3f1c0d3e-row-a"}
SECRET_TEXT = "Mésange turquoise — « je vais mieux »"


def key(key_id: str, fill: int) -> Key:
    return Key(key_id, bytes([fill]) * 32)


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


@pytest.fixture
def k1() -> Key:
    return generate_key("k1")


@pytest.fixture
def k2() -> Key:
    return generate_key("k2")


# --- sealing and opening ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "Colibri", SECRET_TEXT, "987654321123", "x" * 5000])
def test_round_trip(k1: Key, text: str) -> None:
    cipher = Cipher(KeyRing([k1]))
    sealed = cipher.encrypt(text, **PLACE)
    assert cipher.decrypt(sealed, **PLACE) == text
    if text:
        assert text.encode() not in sealed


def test_same_value_seals_differently_each_time(k1: Key) -> None:
    # A fresh nonce per value: equal pseudonyms must not show up as equal bytes in the database.
    cipher = Cipher(KeyRing([k1]))
    assert cipher.encrypt("Colibri", **PLACE) != cipher.encrypt("Colibri", **PLACE)


def test_optional_values(k1: Key) -> None:
    cipher = Cipher(KeyRing([k1]))
    assert cipher.encrypt_opt(None, **PLACE) is None
    assert cipher.decrypt_opt(None, **PLACE) is None
    sealed = cipher.encrypt_opt("Colibri", **PLACE)
    assert sealed is not None
    assert cipher.decrypt_opt(sealed, **PLACE) == "Colibri"


@pytest.mark.parametrize(
    "elsewhere",
    [
        pytest.param({**PLACE, "row_id": "3f1c0d3e-row-b"}, id="another-row"),
        pytest.param({**PLACE, "column": "tg_id"}, id="another-column"),
        pytest.param({**PLACE, "table": "outbox", "column": "payload"}, id="another-table"),
    ],
)
def test_ciphertext_moved_elsewhere_fails(k1: Key, elsewhere: dict[str, str]) -> None:
    cipher = Cipher(KeyRing([k1]))
    sealed = cipher.encrypt(SECRET_TEXT, **PLACE)
    with pytest.raises(DecryptionError) as caught:
        cipher.decrypt(sealed, **elsewhere)
    assert SECRET_TEXT not in str(caught.value)


def test_tampered_body_or_nonce_fails(k1: Key) -> None:
    cipher = Cipher(KeyRing([k1]))
    sealed = cipher.encrypt(SECRET_TEXT, **PLACE)
    header = 2 + len("k1")
    for position in range(header, len(sealed)):
        for flip in (0x01, 0x80):
            tampered = bytearray(sealed)
            tampered[position] ^= flip
            with pytest.raises(DecryptionError):
                cipher.decrypt(bytes(tampered), **PLACE)


def test_tampered_version_byte_fails(k1: Key) -> None:
    cipher = Cipher(KeyRing([k1]))
    sealed = bytearray(cipher.encrypt(SECRET_TEXT, **PLACE))
    sealed[0] ^= 0x01
    with pytest.raises(DecryptionError):
        cipher.decrypt(bytes(sealed), **PLACE)


@pytest.mark.parametrize("position", [1, 2, 3], ids=["length-byte", "key-id-0", "key-id-1"])
def test_tampered_header_fails_with_decryption_error(k1: Key, position: int) -> None:
    cipher = Cipher(KeyRing([k1]))
    sealed = bytearray(cipher.encrypt(SECRET_TEXT, **PLACE))
    sealed[position] ^= 0x80
    with pytest.raises(DecryptionError):
        cipher.decrypt(bytes(sealed), **PLACE)


def test_truncated_envelope_fails_with_decryption_error(k1: Key) -> None:
    cipher = Cipher(KeyRing([k1]))
    sealed = cipher.encrypt(SECRET_TEXT, **PLACE)
    with pytest.raises(DecryptionError):
        cipher.decrypt(sealed[:8], **PLACE)


def test_short_garbage_is_not_an_envelope(k1: Key) -> None:
    cipher = Cipher(KeyRing([k1]))
    for garbage in (b"", b"\x01", b"\x07\x02k1" + b"\x00" * 40):
        with pytest.raises(DecryptionError):
            cipher.decrypt(garbage, **PLACE)


# --- several keys, rotation --------------------------------------------------------------------


def test_old_value_opens_with_newer_ring_and_new_values_use_first_key(k1: Key, k2: Key) -> None:
    old = Cipher(KeyRing([k1])).encrypt(SECRET_TEXT, **PLACE)
    assert envelope_key_id(old) == "k1"

    rotated = Cipher(KeyRing([k2, k1]))
    assert rotated.decrypt(old, **PLACE) == SECRET_TEXT
    fresh = rotated.encrypt(SECRET_TEXT, **PLACE)
    assert envelope_key_id(fresh) == "k2"
    assert rotated.decrypt(fresh, **PLACE) == SECRET_TEXT
    # The old key alone cannot open what the new key sealed.
    with pytest.raises(DecryptionError):
        Cipher(KeyRing([k1])).decrypt(fresh, **PLACE)


def test_ring_without_the_old_key_names_the_missing_id(k1: Key, k2: Key) -> None:
    old = Cipher(KeyRing([k1])).encrypt(SECRET_TEXT, **PLACE)
    with pytest.raises(DecryptionError) as caught:
        Cipher(KeyRing([k2])).decrypt(old, **PLACE)
    assert "'k1'" in str(caught.value)


def test_same_id_but_different_secret_fails(k1: Key) -> None:
    old = Cipher(KeyRing([k1])).encrypt(SECRET_TEXT, **PLACE)
    impostor = Key("k1", bytes(b ^ 0xFF for b in k1.secret))
    with pytest.raises(DecryptionError):
        Cipher(KeyRing([impostor])).decrypt(old, **PLACE)


def test_with_new_primary_puts_the_new_key_first(k1: Key, k2: Key) -> None:
    ring = KeyRing([k1]).with_new_primary(k2)
    assert ring.key_ids == ["k2", "k1"]
    assert ring.primary.key_id == "k2"
    again = KeyRing.parse(ring.encoded())
    assert again.key_ids == ["k2", "k1"]
    sealed = Cipher(again).encrypt("x", **PLACE)
    assert Cipher(KeyRing([k2])).decrypt(sealed, **PLACE) == "x"


def test_generated_keys_are_random_and_secret_free_in_repr() -> None:
    a, b = generate_key(), generate_key()
    assert a.secret != b.secret and a.key_id != b.key_id
    assert len(a.secret) == 32
    encoded_secret = a.encode().split(":", 1)[1]
    assert encoded_secret not in repr(a) and a.secret.hex() not in repr(a)


# --- parsing keys: one line, never the material -----------------------------------------------

MATERIAL_32 = b64(b"\x9a" * 31 + b"\x01")
MATERIAL_16 = b64(b"\x9a" * 16)
OTHER_32 = b64(b"\x33" * 32)
BAD_B64 = "Zm9vYmFyYmF6cXV4c2VjcmV0bWF0ZXJpYWw"  # valid alphabet, broken padding


@pytest.mark.parametrize(
    ("spec", "material"),
    [
        pytest.param(MATERIAL_32, MATERIAL_32, id="no-colon"),
        pytest.param(f"k1:{BAD_B64}", BAD_B64, id="bad-base64"),
        pytest.param("k1:clé-secrète", "clé-secrète", id="non-ascii"),
        pytest.param(f"k1:{MATERIAL_16}", MATERIAL_16, id="wrong-length"),
        pytest.param(f"k1:{MATERIAL_32},k1:{OTHER_32}", OTHER_32, id="duplicate-id"),
        pytest.param("", None, id="empty"),
        pytest.param("  \n# just a comment\n", None, id="only-comments"),
        pytest.param(f"bad id!:{MATERIAL_32}", MATERIAL_32, id="bad-key-id"),
        pytest.param(
            f"{MATERIAL_32}:k1",
            MATERIAL_32,
            id="material-and-id-swapped",
        ),
    ],
)
def test_parse_errors_are_one_line_without_material(spec: str, material: str | None) -> None:
    with pytest.raises(KeyConfigError) as caught:
        KeyRing.parse(spec)
    message = caught.value.message
    assert message and str(caught.value) == message
    assert "\n" not in message and "\r" not in message
    if material is not None:
        assert material not in message
        assert material[:12] not in message


def test_parse_error_says_where_the_keys_came_from() -> None:
    with pytest.raises(KeyConfigError) as caught:
        KeyRing.parse("nonsense")
    assert caught.value.message.startswith("ENTRAIDE_KEYS:")
    with pytest.raises(KeyConfigError) as caught:
        KeyRing.parse("nonsense", where="security.key_file (keys.txt)")
    assert "security.key_file (keys.txt)" in caught.value.message


def test_parse_accepts_commas_newlines_comments_and_generated_keys(k1: Key, k2: Key) -> None:
    spec = f"# rotated 2026-01\n{k2.encode()}\n\n  {k1.encode()} , "
    ring = KeyRing.parse(spec)
    assert ring.key_ids == ["k2", "k1"]
    assert ring.primary.key_id == "k2"
    sealed = Cipher(KeyRing([k1])).encrypt("x", **PLACE)
    assert Cipher(ring).decrypt(sealed, **PLACE) == "x"


# --- blind index -------------------------------------------------------------------------------


def test_blind_index_is_deterministic_per_key_and_purpose() -> None:
    a = Cipher(KeyRing([key("k1", 1)]))
    same = Cipher(KeyRing([key("k1", 1)]))
    other_key = Cipher(KeyRing([key("k1", 2)]))

    index = a.blind_index("987654321123", purpose="telegram-user")
    assert index == a.blind_index("987654321123", purpose="telegram-user")
    assert index == same.blind_index("987654321123", purpose="telegram-user")
    assert index != a.blind_index("987654321124", purpose="telegram-user")
    assert index != a.blind_index("987654321123", purpose="invite-code")
    assert index != other_key.blind_index("987654321123", purpose="telegram-user")
    assert "987654321123" not in index


def test_blind_index_is_not_the_encryption_key() -> None:
    # The index key is derived separately: knowing one must not give the other.
    cipher = Cipher(KeyRing([key("k1", 1)]))
    assert cipher.ring.primary_index_key() != key("k1", 1).secret


def test_blind_index_candidates_cover_every_key_in_the_ring() -> None:
    k1, k2, k3 = key("k1", 1), key("k2", 2), key("k3", 3)
    ring = Cipher(KeyRing([k3, k2, k1]))
    expected = {
        Cipher(KeyRing([k])).blind_index("42", purpose="telegram-user") for k in (k1, k2, k3)
    }
    candidates = ring.blind_index_candidates("42", purpose="telegram-user")
    assert len(candidates) == 3
    assert set(candidates) == expected
    # What a new row stores is the index under the first key.
    assert ring.blind_index("42", purpose="telegram-user") == Cipher(KeyRing([k3])).blind_index(
        "42", purpose="telegram-user"
    )


# --- loading the ring -------------------------------------------------------------------------


def test_load_from_environment_string(k1: Key, k2: Key) -> None:
    ring = load_key_ring(f"{k2.encode()},{k1.encode()}", None)
    assert ring.key_ids == ["k2", "k1"]


def test_load_from_key_file(tmp_path: Path, k1: Key, k2: Key) -> None:
    path = tmp_path / "keys.txt"
    path.write_text(f"# newest first\n{k2.encode()}\n{k1.encode()}\n", encoding="utf-8")
    ring = load_key_ring(None, str(path))
    assert ring.key_ids == ["k2", "k1"]
    sealed = Cipher(KeyRing([k1])).encrypt("x", **PLACE)
    assert Cipher(ring).decrypt(sealed, **PLACE) == "x"


def test_environment_wins_over_key_file(tmp_path: Path, k1: Key, k2: Key) -> None:
    path = tmp_path / "keys.txt"
    path.write_text(k1.encode() + "\n", encoding="utf-8")
    assert load_key_ring(k2.encode(), str(path)).key_ids == ["k2"]


def test_malformed_key_file_is_named_without_material(tmp_path: Path) -> None:
    path = tmp_path / "keys.txt"
    path.write_text(f"k1:{MATERIAL_16}\n", encoding="utf-8")
    with pytest.raises(KeyConfigError) as caught:
        load_key_ring(None, str(path))
    message = caught.value.message
    assert "security.key_file" in message and str(path) in message
    assert MATERIAL_16 not in message and "\n" not in message


def test_unreadable_key_file_is_one_clear_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "keys.txt"
    with pytest.raises(KeyConfigError) as caught:
        load_key_ring(None, str(missing))
    message = caught.value.message
    assert "security.key_file" in message and str(missing) in message
    assert "\n" not in message


@pytest.mark.parametrize(("spec", "file"), [(None, None), ("", ""), ("", None)])
def test_no_keys_at_all_says_how_to_fix_it(spec: str | None, file: str | None) -> None:
    with pytest.raises(KeyConfigError) as caught:
        load_key_ring(spec, file)
    message = caught.value.message
    assert "ENTRAIDE_KEYS" in message
    assert "security.key_file" in message
    assert "keys generate" in message
    assert "\n" not in message


async def test_person_key_cache_is_bounded_and_keeps_what_a_load_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.storage import crypto

    class Backend:
        def __init__(self) -> None:
            self.keys: dict[str, bytes] = {}

        async def fetch(self, owners: Sequence[str]) -> dict[str, bytes]:
            return {o: self.keys[o] for o in owners if o in self.keys}

        async def insert(self, owner: str, secret: bytes) -> bytes:
            return self.keys.setdefault(owner, secret)

        async def delete(self, owners: Sequence[str]) -> None:
            for o in owners:
                self.keys.pop(o, None)

        async def existing(self, owners: Sequence[str]) -> list[str]:
            return [o for o in owners if o in self.keys]

    monkeypatch.setattr(crypto, "CACHE_MAX", 10)
    keys = crypto.PersonKeys(Backend())
    cipher = Cipher(KeyRing([generate_key("k1")]), keys)
    await keys.load([f"p{n}" for n in range(8)], create=True)
    sealed = cipher.encrypt("x", **PLACE, owner="p0")
    await keys.load([f"q{n}" for n in range(6)], create=True)
    # Over the bound: the cache started afresh with what this load asked for.
    assert all(keys.loaded(f"q{n}") for n in range(6))
    assert not any(keys.loaded(f"p{n}") for n in range(8))
    with pytest.raises(crypto.PersonKeyUnavailable):
        cipher.decrypt(sealed, **PLACE)
    await keys.load(["p0"])  # still in the store: loaded again on demand
    assert cipher.decrypt(sealed, **PLACE) == "x"


def test_person_envelopes_name_their_owner_and_open_only_as_theirs() -> None:
    cipher = Cipher(KeyRing([generate_key("k1")]))  # in-memory person keys
    mine = cipher.encrypt(SECRET_TEXT, **PLACE, owner="person-a")
    assert envelope_owner(mine) == "person-a"
    assert envelope_owner(cipher.encrypt(SECRET_TEXT, **PLACE)) is None
    assert SECRET_TEXT.encode() not in mine
    assert cipher.decrypt(mine, **PLACE) == SECRET_TEXT
    # Relabelled as another person's (same length), it does not open.
    forged = mine.replace(b"person-a", b"person-b", 1)
    with pytest.raises(DecryptionError):
        cipher.decrypt(forged, **PLACE)
    # Nor in another row.
    with pytest.raises(DecryptionError):
        cipher.decrypt(mine, **{**PLACE, "row_id": "another-row"})


def test_telegram_ids_are_indexed_with_a_memory_hard_keyed_hash() -> None:
    """What a row stores for a Telegram id is scrypt (16 MiB per guess) keyed by the network
    key, not the HMAC one can test at a microsecond per guess; another network's key gives
    another index; look-ups still try the HMAC of rows written before."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    from bot.config import SecuritySettings
    from bot.storage.crypto import SCRYPT_P, SCRYPT_R

    ring = KeyRing([generate_key("a")])
    cipher = Cipher(ring)
    # The production factor, as a bot configured by default sets it (the suite runs others
    # with a tiny one: tests/conftest.py).
    cipher.set_slow_cost(2 ** SecuritySettings().index_cost)
    index = cipher.slow_index("123456789", purpose="telegram-user")
    assert index != cipher.blind_index("123456789", purpose="telegram-user")
    assert 128 * SCRYPT_R * cipher.slow_n >= 16 * 2**20
    expected = Scrypt(
        salt=cipher.slow_secret, length=32, n=cipher.slow_n, r=SCRYPT_R, p=SCRYPT_P
    ).derive(b"telegram-user\x00123456789")
    assert index == expected.hex()
    assert index == cipher.slow_index("123456789", purpose="telegram-user")
    assert index != cipher.slow_index("123456780", purpose="telegram-user")
    other = Cipher(KeyRing([generate_key("a")]))
    other.set_slow_cost(cipher.slow_n)
    assert other.slow_index("123456789", purpose="telegram-user") != index
    candidates = cipher.slow_index_candidates("123456789", purpose="telegram-user")
    assert candidates[0] == index
    assert cipher.blind_index("123456789", purpose="telegram-user") in candidates
