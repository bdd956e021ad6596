"""After a test: nothing a person told the bot, and nothing that identifies them, lies in clear in
the database or in the bot's logs.

What is searched (the *secrets* of one test):

- every simulated user's Telegram id, first name, last name and username;
- every text and caption they sent (each version of an edited message), and phone numbers they
  shared;
- every pseudonym and Telegram id stored in ``people``, opened with the test's keys and person
  key store, so people a test seeded straight into storage are covered too.

Where: the rows of every table (SQLite read with :mod:`sqlite3`, Postgres with asyncpg), each
value where it is stored, so a finding names its table and column; for SQLite also the raw bytes
of the database file and its ``-wal``, where old page versions and freed pages survive; and every
file the test's bots wrote to their log folders, reported by file and line.

Which strings count (a rule, so a search never fails on a word the bot itself uses):

- texts need at least ``MIN_TEXT`` characters, names and pseudonyms at least ``MIN_NAME``: shorter
  ones (``Oui``, ``18``, ``Bo``) turn up by chance in any file;
- commands (text starting with ``/``) are skipped: the bot's own vocabulary;
- a string contained in any catalogue text of any language (case-insensitively) is skipped:
  button labels a user taps or types back, and words like ``Seeker`` or ``Coord`` that tests use
  as names, are the bot's words, not the person's.

Telegram ids: decimal text, never inside a longer number, from ``MIN_ID`` up (smaller ids are
indistinguishable from years, counters and message ids); integer cells equal to an id; and, for
the simulated users' ids from ``MIN_BINARY_ID`` up, in blobs and raw database bytes also the
8-byte big- and little-endian forms and SQLite's own 6-byte record form (shorter encodings occur
by chance on any page).
"""

from __future__ import annotations

import json
import re
import sqlite3
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.i18n import available_languages, load_catalogs
from bot.sandbox import Sandbox
from bot.storage.crypto import Cipher, DecryptionError, KeyConfigError, KeyRing, PersonKeys
from bot.storage.person_keys import PersonKeyStore, default_url
from tests.support.e2e_harness import BotProcess

MIN_TEXT = 5
MIN_NAME = 4
MIN_ID = 10_000
MIN_BINARY_ID = 2**31

Rows = dict[str, list[dict[str, Any]]]
# A whole number, never part of a longer one: ids are looked up among these.
DIGITS = re.compile(rb"(?<![0-9])[0-9]{5,19}(?![0-9])")


def variants(value: str) -> list[bytes]:
    """The value as UTF-8, and as it appears inside JSON with non-ASCII escaped."""
    plain = value.encode("utf-8")
    escaped = json.dumps(value)[1:-1].encode("ascii")
    return [plain] if escaped == plain else [plain, escaped]


@cache
def catalogue_text() -> str:
    """Every catalogue text of every language, case-folded, one blob to search in."""
    parts: list[str] = []
    for language in available_languages():
        for catalog in load_catalogs(language):
            for message in catalog:
                if isinstance(message.string, str):
                    parts.append(message.string.casefold())
    return "\n".join(parts)


def worth_searching(value: str | None, minimum: int) -> bool:
    """The rule in the module docstring: long enough, not a command, not the bot's own words."""
    if value is None:
        return False
    text = value.strip()
    if len(text) < minimum or text.startswith("/"):
        return False
    return text.casefold() not in catalogue_text()


@dataclass
class Secrets:
    texts: dict[str, str] = field(default_factory=dict)  # value -> what it is
    ids: dict[int, str] = field(default_factory=dict)
    # Also searched in binary forms: few, since each form costs one pass over the file.
    binary_ids: set[int] = field(default_factory=set)

    def add_text(self, value: str | None, what: str, minimum: int = MIN_TEXT) -> None:
        if value is not None and worth_searching(value, minimum):
            self.texts.setdefault(value.strip(), what)

    def add_id(self, value: int, what: str, *, binary: bool = False) -> None:
        if value >= MIN_ID:
            self.ids.setdefault(value, what)
            if binary and value >= MIN_BINARY_ID:
                self.binary_ids.add(value)

    def __bool__(self) -> bool:
        return bool(self.texts or self.ids)


def from_sandbox(sandbox: Sandbox, secrets: Secrets) -> None:
    for user in sandbox.users():
        secrets.add_id(user.id, f"Telegram id of user {user.id}", binary=True)
        secrets.add_text(user.first_name, f"first name of user {user.id}", MIN_NAME)
        secrets.add_text(user.last_name, f"last name of user {user.id}", MIN_NAME)
        secrets.add_text(user.username, f"username of user {user.id}", MIN_NAME)
    # Every update the users produced, delivered or not: edits keep each earlier version here.
    for update in [*sandbox.updates_sent, *sandbox.pending_updates()]:
        for kind in ("message", "edited_message"):
            message = update.get(kind)
            if not isinstance(message, dict):
                continue
            sender = message.get("from", {}).get("id")
            secrets.add_text(message.get("text"), f"text sent by user {sender}")
            secrets.add_text(message.get("caption"), f"caption sent by user {sender}")
            contact = message.get("contact")
            if isinstance(contact, dict):
                secrets.add_text(contact.get("phone_number"), f"phone number from user {sender}")


async def from_people(
    rows: Rows, rings: Sequence[KeyRing], store_urls: Sequence[str], secrets: Secrets
) -> None:
    """Pseudonyms and ids of everyone stored, including people a test seeded directly: opened
    with whichever ring (and person key store, for values under a person's data key) fits."""
    people = rows.get("people", [])
    if not people:
        return
    ciphers = []
    for ring in rings:
        for url in [*store_urls, None]:
            cipher = Cipher(ring)
            if url is not None:
                store = PersonKeyStore.from_url(url, cipher)
                cipher.person_keys = PersonKeys(store)
                try:
                    await cipher.person_keys.load([row["id"] for row in people])
                except (DecryptionError, SQLAlchemyError):
                    continue  # not this ring's store
                finally:
                    await store.engine.dispose()
            ciphers.append(cipher)

    def opened(row: Mapping[str, Any], column: str) -> str | None:
        sealed = row.get(column)
        if not isinstance(sealed, bytes | bytearray | memoryview) or not sealed:
            return None
        for cipher in ciphers:
            try:
                return cipher.decrypt(
                    bytes(sealed), table="people", column=column, row_id=row["id"]
                )
            except DecryptionError:
                continue
        return None

    for row in people:
        tg = opened(row, "tg_id")
        who = f"person {row['code']}"
        if tg is not None and tg.isdigit():
            secrets.add_id(int(tg), f"Telegram id of {who}")
        secrets.add_text(opened(row, "pseudonym"), f"pseudonym of {who}", MIN_NAME)


# --- searching -------------------------------------------------------------------------------


def alternation(words: Iterable[bytes]) -> re.Pattern[bytes] | None:
    """One pattern for many literals, factored as a trie: a test with thousands of people is
    searched in one pass instead of one pass per secret."""
    trie: dict[int | None, Any] = {}
    for word in words:
        node = trie
        for byte in word:
            node = node.setdefault(byte, {})
        node[None] = {}
    if not trie:
        return None

    def build(node: dict[int | None, Any]) -> bytes:
        keys = sorted(k for k in node if k is not None)
        branches = []
        for key in keys:
            # A run without forks is written out in a loop: long texts must not recurse deeply.
            run, child = bytearray([key]), node[key]
            while len(child) == 1 and None not in child:
                (byte, child), *_ = child.items()
                run.append(byte)
            branches.append(re.escape(bytes(run)) + build(child))
        if not branches:
            return b""
        inner = branches[0] if len(branches) == 1 else b"(?:" + b"|".join(branches) + b")"
        return b"(?:" + inner + b")?" if None in node else inner

    return re.compile(build(trie), re.DOTALL)


class Needles:
    def __init__(self, secrets: Secrets) -> None:
        self.ids = secrets.ids
        self.what: dict[bytes, str] = {}
        for value, what in secrets.texts.items():
            for form in variants(value):
                self.what.setdefault(form, what)
        self.strings = alternation(self.what)
        # Searched one by one: a pattern for binary forms, which may start with any byte, would
        # try every position of the file.
        self.binary: list[tuple[bytes, str]] = []
        for number in sorted(secrets.binary_ids):
            if number < 2**63:
                what = secrets.ids[number]
                forms = {
                    "8-byte big-endian": number.to_bytes(8, "big"),
                    "8-byte little-endian": number.to_bytes(8, "little"),
                }
                if number < 2**47:
                    forms["SQLite 6-byte record"] = number.to_bytes(6, "big")
                self.binary += [(form, f"{what} ({name})") for name, form in forms.items()]

    def find(self, blob: bytes, *, binary: bool) -> list[tuple[int, str]]:
        """(offset, what) for every secret in the blob, first occurrence each."""
        hits: dict[str, int] = {}
        if self.strings is not None:
            for match in self.strings.finditer(blob):
                hits.setdefault(self.what[match.group()], match.start())
        for form, what in self.binary if binary else []:
            at = blob.find(form)
            if at >= 0:
                hits.setdefault(what, at)
        if self.ids:
            for match in DIGITS.finditer(blob):
                number = int(match.group())
                if number in self.ids:
                    hits.setdefault(f"{self.ids[number]} (decimal)", match.start())
        return [(at, what) for what, at in hits.items()]


def search_rows(rows: Rows, needles: Needles) -> list[str]:
    found: list[str] = []
    for table, records in rows.items():
        for record in records:
            for column, value in record.items():
                place = f"table {table}, column {column}"
                if isinstance(value, bool):
                    continue
                if isinstance(value, int):
                    if value in needles.ids:
                        found.append(f"{needles.ids[value]} as an integer in {place}")
                    continue
                if isinstance(value, bytes | bytearray | memoryview):
                    blob, binary = bytes(value), True
                elif isinstance(value, str):
                    blob, binary = value.encode("utf-8"), False
                else:
                    continue
                found += [f"{what} in {place}" for _, what in needles.find(blob, binary=binary)]
    return sorted(set(found))


def search_files(paths: Iterable[Path], needles: Needles, *, binary: bool) -> list[str]:
    found: list[str] = []
    for path in paths:
        if not path.is_file():
            continue
        blob = path.read_bytes()
        for at, what in needles.find(blob, binary=binary):
            line = blob.count(b"\n", 0, at) + 1
            start = blob.rfind(b"\n", 0, at) + 1
            end = blob.find(b"\n", at)
            shown = blob[start : end if end >= 0 else len(blob)][:300]
            if binary:
                found.append(f"{what} in {path.name} at byte {at}")
            else:
                where = f"{path.parent.name}/{path.name} line {line}"
                found.append(f"{what} in {where}: {shown.decode(errors='replace')}")
    return found


# --- reading databases -----------------------------------------------------------------------


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def sqlite_rows(path: Path) -> Rows:
    # Read-only, so closing it cannot checkpoint the WAL the byte search has to see as it is.
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        rows: Rows = {}
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            rows[table] = [dict(zip(columns, values, strict=True)) for values in cursor]
        return rows
    finally:
        conn.close()


async def postgres_rows(url: str) -> Rows:
    import asyncpg  # type: ignore[import-untyped]

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        tables = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        rows: Rows = {}
        for (table,) in tables:
            records = await conn.fetch(f'SELECT * FROM "{table}"')
            rows[table] = [dict(record) for record in records]
        return rows
    finally:
        await conn.close()


async def database_rows(url: str) -> Rows:
    path = sqlite_path(url)
    if path is None:
        return await postgres_rows(url)
    return sqlite_rows(path) if path.exists() else {}


def bot_database_url(config: Path) -> str | None:
    with config.open("rb") as fh:
        url = tomllib.load(fh).get("database", {}).get("url")
    return url if isinstance(url, str) else None


# --- the check -------------------------------------------------------------------------------


async def find_leaks(
    sandbox: Sandbox | None,
    database_urls: Iterable[str],
    log_files: Iterable[Path],
    rings: Sequence[KeyRing],
    store_urls: Sequence[str] = (),
) -> list[str]:
    """Every place where one of the test's secrets lies in clear; empty when there is none."""
    dumps = {url: await database_rows(url) for url in dict.fromkeys(database_urls)}
    secrets = Secrets()
    if sandbox is not None:
        from_sandbox(sandbox, secrets)
    for rows in dumps.values():
        await from_people(rows, rings, store_urls, secrets)
    if not secrets:
        return []
    needles = Needles(secrets)
    found: list[str] = []
    for url, rows in dumps.items():
        found += search_rows(rows, needles)
        path = sqlite_path(url)
        if path is not None:
            files = [path, path.with_name(path.name + "-wal")]
            found += search_files(files, needles, binary=True)
    found += search_files(log_files, needles, binary=False)
    return found


async def after_test(
    sandbox: Sandbox | None, db_url: str | None, ring: KeyRing | None, bots: Sequence[BotProcess]
) -> list[str]:
    """The check as it runs after every end-to-end test: the test's database, the databases
    and logs of every bot it built, opened with every key ring in play."""
    urls = [db_url] if db_url else []
    urls += [url for bot in bots if (url := bot_database_url(bot.config))]
    rings = [ring] if ring else []
    for bot in bots:
        try:
            rings.append(KeyRing.parse(bot.env.get("ENTRAIDE_KEYS", "")))
        except KeyConfigError:
            continue  # a test of refused keys: the other rings open the data
    stores = [url for bot in bots if (url := bot.env.get("ENTRAIDE_PERSON_KEYS_URL"))]
    for db in urls:
        beside = default_url(db)
        path = sqlite_path(beside) if beside else None
        if beside and path and path.exists():
            stores.append(beside)
    logs = [path for bot in bots for path in bot.log_files]
    return await find_leaks(sandbox, urls, logs, rings, list(dict.fromkeys(stores)))
