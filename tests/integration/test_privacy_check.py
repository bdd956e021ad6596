"""`python -m bot check` warns when the person key store shares a directory with the database
or the key file: one backup of that directory would undo erasure."""

from __future__ import annotations

from pathlib import Path

from bot.storage.crypto import generate_key
from tests.support.cli import run_bot


def config(folder: Path, database: Path, store: Path, key_file: Path) -> Path:
    key_file.write_text(generate_key("k1").encode() + "\n", encoding="utf-8")
    path = folder / "config.toml"
    path.write_text(
        "[database]\n"
        f'url = "sqlite+aiosqlite:///{database}"\n'
        "[security]\n"
        f'key_file = "{key_file}"\n'
        f'person_keys_url = "sqlite+aiosqlite:///{store}"\n',
        encoding="utf-8",
    )
    run_bot("--config", str(path), "db", "upgrade", cwd=folder)
    return path


def test_check_warns_when_one_backup_would_hold_the_database_keys_and_key_store(
    tmp_path: Path,
) -> None:
    path = config(tmp_path, tmp_path / "entraide.db", tmp_path / "keys.db", tmp_path / "keys.txt")
    outcome = run_bot("--config", str(path), "check", cwd=tmp_path)
    assert outcome.code == 0, outcome.stderr
    [warning] = [line for line in outcome.stdout.splitlines() if line.startswith("warning:")]
    assert "the database and the key file" in warning and "person_keys_url" in warning


def test_check_is_quiet_when_the_key_store_lives_apart(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "keystore").mkdir()
    path = config(
        tmp_path,
        tmp_path / "data" / "entraide.db",
        tmp_path / "keystore" / "keys.db",
        tmp_path / "keys.txt",
    )
    outcome = run_bot("--config", str(path), "check", cwd=tmp_path)
    assert outcome.code == 0, outcome.stderr
    assert "warning:" not in outcome.stdout
