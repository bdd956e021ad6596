"""What the benchmarks share: percentiles, a scratch database, a child process's CPU and memory."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.bootstrap import build_storage, open_person_keys
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.storage import migrate
from bot.storage.crypto import KeyRing
from bot.storage.keys import verify_or_seed_canary
from bot.storage.uow import Storage


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile; 0 for no values, so an empty run prints instead of crashing."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Databases:
    """The main database and the person key store beside it (None: the default file)."""

    url: str
    keys_url: str | None

    def config_extra(self) -> str:
        """The [security] lines a bot configuration needs for this key store."""
        if self.keys_url is None:
            return ""
        return f'[security]\nperson_keys_url = "{self.keys_url}"\n'


async def fresh_database(url: str | None, folder: Path, name: str = "bench.db") -> Databases:
    """A migrated, empty database: a new SQLite file in `folder` (its person key store the
    default file beside it), or the Postgres database the URL names, dropped and created again,
    with ``<name>_keys`` for the key store. Only databases whose name starts with ``bench`` are
    ever dropped, so a mistyped URL cannot wipe real data."""
    if url is None:
        url = f"sqlite+aiosqlite:///{folder / name}"
        await migrate.upgrade(url)
        return Databases(url, None)
    parsed = make_url(url)
    database = parsed.database or ""
    if not database.startswith("bench"):
        raise SystemExit(
            f"refusing to drop database {database!r}: benchmark databases are dropped and "
            "created again, so their name must start with 'bench'"
        )
    admin = create_async_engine(
        parsed.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    async with admin.connect() as conn:
        for name_ in (database, f"{database}_keys"):
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name_}" WITH (FORCE)'))
            await conn.execute(text(f'CREATE DATABASE "{name_}"'))
    await admin.dispose()
    await migrate.upgrade(url)
    keys = parsed.set(database=f"{database}_keys").render_as_string(hide_password=False)
    return Databases(url, keys)


# For benchmarks that seed tens of thousands of people and never measure how a person is
# looked up: at the production work factor each seeded person costs one 16 MiB scrypt (about
# 65 ms), half an hour for bench.matching. The factor is kept in the database on its first
# opening, so the bot started on it afterwards uses the same.
SEEDING_INDEX_COST = 4


async def open_storage(
    dbs: Databases, ring: KeyRing, clock: Clock | None = None, *, index_cost: int = 14
) -> Storage:
    """Storage wired exactly as the bot wires it at start-up (key canary, person key store),
    so what a benchmark seeds is what the bot reads. ``index_cost`` is the Telegram-id
    index's work factor of a new database (``security.index_cost``)."""
    settings = Settings.model_validate(
        {
            "database": {"url": dbs.url},
            "security": {
                "keys": ring.encoded(),
                "person_keys_url": dbs.keys_url or "",
                "index_cost": index_cost,
            },
        }
    )
    storage = build_storage(settings, clock or SystemClock())
    await verify_or_seed_canary(storage)
    await open_person_keys(settings, storage)
    return storage


def backend_name(url: str) -> str:
    return "postgres" if url.startswith("postgresql") else "sqlite"


# Linux's /proc gives the exact peak resident size (VmHWM) that sampling would miss; these
# benchmarks are documented for Linux, so no extra dependency is needed to read it.
_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After the command name: state is field 3, utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / _TICKS


def memory_kib(pid: int, field: str = "VmHWM") -> int:
    """VmHWM: peak resident set size; VmRSS: the current one (KiB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not found for process {pid}")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"load average {load:.2f} at start"
    )
