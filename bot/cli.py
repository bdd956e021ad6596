"""Command line: run | up | db upgrade | keys generate | keys rotate | check | demo.

Every expected failure (config, keys, database, token) ends with one line on stderr and exit
code 2; a traceback would only frighten an operator and could print secrets.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.config import DEFAULT_CONFIG_PATH, ConfigError, Settings, load_settings
from bot.storage.crypto import DecryptionError, KeyConfigError, generate_key

EXIT_USAGE = 2
KEY_FILE_DEFAULT = Path("keys.txt")


class CommandError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _settings(args: argparse.Namespace) -> Settings:
    path = Path(args.config) if args.config else None
    settings = load_settings(path)
    from bot.logs import setup_logging

    setup_logging(settings.logging.level, settings.logging.format)
    return settings


def cmd_run(args: argparse.Namespace) -> int:
    from bot.bootstrap import serve

    settings = _settings(args)
    settings.require_token()
    asyncio.run(serve(settings))
    return 0


def cmd_up(args: argparse.Namespace) -> int:
    """The README's one command: the demo without a token, else keys, schema, then the bot."""
    settings = _settings(args)
    if settings.telegram.token is None:
        print("No Telegram token configured (ENTRAIDE_TELEGRAM_TOKEN): running the local demo.")
        return cmd_demo(args)
    if settings.security.keys is None and not settings.security.key_file:
        if not KEY_FILE_DEFAULT.exists():
            _write_key_file(KEY_FILE_DEFAULT)
            print(
                f"Created an encryption key in {KEY_FILE_DEFAULT}. Back it up somewhere safe: "
                "without it the database cannot be read.",
                file=sys.stderr,
            )
        os.environ["ENTRAIDE_KEYS"] = KEY_FILE_DEFAULT.read_text(encoding="utf-8")
        settings = _settings(args)
    from bot.storage import migrate

    asyncio.run(migrate.upgrade(settings.database.url))
    return cmd_run(args)


def _write_key_file(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(generate_key().encode() + "\n")


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from bot.storage import migrate

    settings = _settings(args)
    asyncio.run(migrate.upgrade(settings.database.url))
    print(f"database upgraded to {migrate.head_revision(settings.database.url)}")
    return 0


def cmd_keys_generate(args: argparse.Namespace) -> int:
    key = generate_key(args.id)
    print(key.encode())
    print(
        "# Put it first in ENTRAIDE_KEYS (comma-separated) or in the key file, keep the old "
        "keys after it, then run `python -m bot keys rotate`.",
        file=sys.stderr,
    )
    return 0


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    from bot.bootstrap import build_storage, ensure_schema_current, open_person_keys
    from bot.storage.keys import rotate, verify_or_seed_canary

    settings = _settings(args)

    async def go() -> int:
        await ensure_schema_current(settings.database.url)
        storage = build_storage(settings)
        try:
            await verify_or_seed_canary(storage)
            await open_person_keys(settings, storage)
            return await rotate(
                storage, progress=lambda where, n: print(f"  {where}: {n} re-encrypted")
            )
        finally:
            await storage.dispose()

    count = asyncio.run(go())
    print(f"rotation complete: {count} values moved to the newest key; older keys may now go")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from bot.bootstrap import (
        build_storage,
        check_training_modules,
        ensure_schema_current,
        open_person_keys,
    )
    from bot.storage.keys import verify_or_seed_canary

    settings = _settings(args)
    print("config: ok")
    print(f"training modules: ok ({check_training_modules(settings)})")
    storage = build_storage(settings)
    print(f"keys: ok ({len(storage.cipher.ring.key_ids)} in the ring)")

    async def go() -> None:
        try:
            await ensure_schema_current(settings.database.url)
            print("database: reachable, schema current")
            await verify_or_seed_canary(storage)
            print("keys: they open this database")
            await open_person_keys(settings, storage)
            print("person key store: reachable, belongs to this database")
        finally:
            await storage.dispose()

    asyncio.run(go())
    print("telegram token: " + ("set" if settings.telegram.token else "not set (demo only)"))
    for warning in shared_directory_warnings(settings):
        print(f"warning: {warning}")
    return 0


def _sqlite_directory(url: str | None) -> Path | None:
    prefix = "sqlite+aiosqlite:///"
    if not url or not url.startswith(prefix):
        return None
    path = url[len(prefix) :]
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return Path(path).resolve().parent


def shared_directory_warnings(settings: Settings) -> list[str]:
    """The person key store must not be backed up with the database (or with the key file):
    a copy of one folder holding both keeps every erased person's key as long as that copy
    lives, which undoes erasure (docs/operations.md, "The person key store")."""
    from bot.bootstrap import person_keys_url

    store = _sqlite_directory(person_keys_url(settings))
    if store is None:
        return []
    database = _sqlite_directory(settings.database.url)
    key_file = settings.security.key_path
    keys = key_file.resolve().parent if key_file is not None else None
    together = [
        name
        for name, where in (("the database", database), ("the key file", keys))
        if where == store
    ]
    if not together:
        return []
    return [
        f"the person key store sits in one directory ({store}) with {' and '.join(together)}: "
        "one backup of that directory keeps the keys erasure destroys; move the store "
        "(security.person_keys_url) to a directory backed up separately and briefly"
    ]


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    # The dashboard stays served after the transcript when asked, and for `up` run by a
    # person at a terminal (not when its output is read by a script).
    keep = getattr(args, "dashboard", False) or (args.func is cmd_up and sys.stdin.isatty())
    try:
        return asyncio.run(
            run_demo(interactive=getattr(args, "interactive", False), keep_dashboard=keep)
        )
    except KeyboardInterrupt:
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="entraide", description="Entraide peer-support bot")
    parser.add_argument(
        "--config", help=f"TOML configuration file (default: {DEFAULT_CONFIG_PATH} if present)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str, fn: Callable[[argparse.Namespace], int], help_: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_)
        p.add_argument("--config", help=argparse.SUPPRESS, default=argparse.SUPPRESS)
        p.set_defaults(func=fn)
        return p

    add("run", cmd_run, "run the bot")
    add("up", cmd_up, "set up what is missing and run (the demo when no token is set)")
    add("check", cmd_check, "check config, keys and database")
    demo = add("demo", cmd_demo, "a local demo that needs no Telegram account")
    demo.add_argument("--interactive", action="store_true", help="type as the seeker")
    demo.add_argument(
        "--dashboard",
        action="store_true",
        help="keep the bot and the coordinators' dashboard running after the scenario",
    )

    db = sub.add_parser("db", help="database schema").add_subparsers(
        dest="db_command", required=True
    )
    up = db.add_parser("upgrade", help="apply migrations")
    up.add_argument("--config", help=argparse.SUPPRESS, default=argparse.SUPPRESS)
    up.set_defaults(func=cmd_db_upgrade)

    keys = sub.add_parser("keys", help="encryption keys").add_subparsers(
        dest="keys_command", required=True
    )
    gen = keys.add_parser("generate", help="print a new key")
    gen.add_argument("--id", help="key id (default: random)")
    gen.set_defaults(func=cmd_keys_generate)
    rot = keys.add_parser("rotate", help="re-encrypt everything under the first key")
    rot.add_argument("--config", help=argparse.SUPPRESS, default=argparse.SUPPRESS)
    rot.set_defaults(func=cmd_keys_rotate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not hasattr(args, "config"):
        args.config = None
    from bot.bootstrap import StartupError
    from bot.storage.keys import KeyMismatchError

    try:
        result: int = args.func(args)
        return result
    except (ConfigError, KeyConfigError, StartupError, KeyMismatchError, CommandError) as exc:
        print(f"entraide: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except DecryptionError as exc:
        print(
            f"entraide: stored data cannot be decrypted with the configured keys ({exc}); "
            "keep every older key in the ring until `keys rotate` has finished",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # The log keeps the frames (without the exception's text, which may quote user data).
        logging.getLogger("bot.cli").error("unexpected error", exc_info=exc)
        print(f"entraide: unexpected error ({type(exc).__name__}); see the log", file=sys.stderr)
        return 1
