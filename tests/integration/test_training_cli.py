"""A training module file in a wrong format stops `python -m bot check` and `run` with one line
naming the file and the field, never a traceback."""

from __future__ import annotations

from pathlib import Path

from bot.storage.crypto import generate_key
from tests.support.cli import run_bot
from tests.support.training import module_toml, write_modules

KEY = generate_key("k1").encode()


def broken_folder(tmp_path: Path) -> Path:
    folder = write_modules(tmp_path / "modules", {"listening": module_toml("Listening")})
    bad = module_toml("Listening").replace("answer = 1", "answer = 7", 1)
    (folder / "en" / "listening.toml").write_text(bad, encoding="utf-8")
    (tmp_path / "config.toml").write_text(
        f'[training]\nfolder = "{folder}"\n'
        f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "x.db"}"\n',
        encoding="utf-8",
    )
    return folder


def test_check_names_the_module_file_and_field(tmp_path: Path) -> None:
    broken_folder(tmp_path)
    outcome = run_bot("--config", "config.toml", "check", cwd=tmp_path, env={"ENTRAIDE_KEYS": KEY})
    line = outcome.error_line()
    assert line == (
        "entraide: training module en/listening.toml: questions[0].answer: "
        "must be an option's index, 0 to 2"
    )


def test_run_refuses_to_start_with_a_broken_module(tmp_path: Path) -> None:
    broken_folder(tmp_path)
    env = {"ENTRAIDE_KEYS": KEY, "ENTRAIDE_TELEGRAM_TOKEN": "123456:TESTTOKEN"}
    outcome = run_bot("--config", "config.toml", "run", cwd=tmp_path, env=env)
    assert "en/listening.toml: questions[0].answer" in outcome.error_line()


def test_check_counts_the_shipped_modules(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "x.db"}"\n', encoding="utf-8"
    )
    outcome = run_bot("--config", "config.toml", "check", cwd=tmp_path, env={"ENTRAIDE_KEYS": KEY})
    assert "training modules: ok (5)" in outcome.stdout
