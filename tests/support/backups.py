"""Backups as an operator takes them: the SQLite online backup API, or a Postgres template copy."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from bot.storage.uow import Storage
from tests.support.db import SQLITE_PREFIX, create_pg_database, drop_pg_database, pg_base_url


@pytest.fixture
async def backup_copy(storage: Storage, db_url: str, tmp_path: Path) -> AsyncIterator[Any]:
    """Takes a copy of the database when called (as an operator's backup would), and gives
    back its URL; Postgres copies are dropped at the end."""
    made: list[str] = []

    async def take() -> str:
        if db_url.startswith(SQLITE_PREFIX):
            source = db_url.removeprefix(SQLITE_PREFIX)
            target = tmp_path / f"backup-{len(made)}.db"
            # The online backup API: a consistent copy, WAL content included.
            with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
                src.backup(dst)
            url = f"{SQLITE_PREFIX}{target}"
        else:
            base = pg_base_url()
            assert base is not None
            # A template copy needs the source idle: the storage reconnects on next use.
            await storage.engine.dispose()
            url = await create_pg_database(base, "entraide_bk", template=make_url(db_url).database)
        made.append(url)
        return url

    yield take
    base = pg_base_url()
    for url in made:
        if base and not url.startswith(SQLITE_PREFIX):
            await drop_pg_database(base, url)
