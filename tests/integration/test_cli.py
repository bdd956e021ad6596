"""`python -m bot …` as an operator runs it: every expected failure is one line and exit code 2.

The processes of this module start together (each costs ~1.5 s of start-up), once per test run
however many xdist workers run its tests, then every test looks at the outcome of its own case.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import subprocess
from dataclasses import dataclass, field

import pytest

from bot.storage.crypto import KeyRing, generate_key
from tests.support.cli import Outcome, finish, start_bot

# --- the cases ---------------------------------------------------------------------------------

KEY = generate_key("k1").encode()
BAD_KEY_MATERIAL = "c2VjcmV0LWtleS1tYXRlcmlhbA"  # broken padding
BAD_TOKEN = "not-a-token-s3cr3t-value"


@dataclass
class Case:
    args: tuple[str, ...]
    config: str | None = None
    env: dict[str, str] = field(default_factory=dict)


CASES: dict[str, Case] = {
    "unknown-key": Case(
        ("check", "--config", "config.toml"),
        config='[telegram]\nbase_urll = "http://127.0.0.1:9/bot"\n',
        env={"ENTRAIDE_KEYS": KEY},
    ),
    "wrong-type": Case(
        ("--config", "config.toml", "check"),
        config='[database]\npool_size = "five"\n',
        env={"ENTRAIDE_KEYS": KEY},
    ),
    "config-not-found": Case(("--config", "nope.toml", "check"), env={"ENTRAIDE_KEYS": KEY}),
    "missing-token": Case(("run",), env={"ENTRAIDE_KEYS": KEY}),
    "malformed-token": Case(
        ("run",), env={"ENTRAIDE_KEYS": KEY, "ENTRAIDE_TELEGRAM_TOKEN": BAD_TOKEN}
    ),
    "malformed-keys": Case(("check",), env={"ENTRAIDE_KEYS": f"k1:{BAD_KEY_MATERIAL}"}),
    "no-keys": Case(("check",)),
    "key-file-missing": Case(
        ("--config", "config.toml", "check"), config='[security]\nkey_file = "gone/keys.txt"\n'
    ),
    "generate-with-id": Case(("keys", "generate", "--id", "ops2026")),
}


def run_cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    procs: dict[str, subprocess.Popen[str]] = {}
    try:
        for name, case in CASES.items():
            cwd = tmp_path_factory.mktemp(name)
            if case.config is not None:
                (cwd / "config.toml").write_text(case.config, encoding="utf-8")
            procs[name] = start_bot(*case.args, cwd=cwd, env=case.env)
        return {name: finish(proc) for name, proc in procs.items()}
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """The nine outcomes, run once per test run: under xdist the first worker to need them runs
    the processes and leaves the outcomes in the run's shared temporary folder; the others,
    which would start the same nine processes again, read them there."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return run_cases(tmp_path_factory)
    shared = tmp_path_factory.getbasetemp().parent / "cli-outcomes.json"
    with (shared.parent / "cli-outcomes.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not shared.exists():
            found = run_cases(tmp_path_factory)
            saved = {name: dataclasses.asdict(outcome) for name, outcome in found.items()}
            shared.write_text(json.dumps(saved), encoding="utf-8")
        loaded = json.loads(shared.read_text(encoding="utf-8"))
    return {name: Outcome(**fields) for name, fields in loaded.items()}


def test_unknown_key(outcomes: dict[str, Outcome]) -> None:
    line = outcomes["unknown-key"].error_line()
    assert "telegram.base_urll" in line and "unknown key" in line
    assert "config.toml" in line


def test_wrong_type(outcomes: dict[str, Outcome]) -> None:
    line = outcomes["wrong-type"].error_line()
    assert "database.pool_size" in line and "whole number" in line


def test_config_file_not_found(outcomes: dict[str, Outcome]) -> None:
    line = outcomes["config-not-found"].error_line()
    assert "config file not found" in line and "nope.toml" in line


def test_run_without_token(outcomes: dict[str, Outcome]) -> None:
    line = outcomes["missing-token"].error_line()
    assert "telegram.token" in line and "ENTRAIDE_TELEGRAM_TOKEN" in line


def test_malformed_token_is_named_but_not_shown(outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes["malformed-token"]
    line = outcome.error_line()
    assert "ENTRAIDE_TELEGRAM_TOKEN" in line and "telegram.token" in line
    assert BAD_TOKEN not in outcome.stderr + outcome.stdout


def test_malformed_keys_for_check(outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes["malformed-keys"]
    line = outcome.error_line()
    assert "ENTRAIDE_KEYS" in line and "base64" in line
    assert BAD_KEY_MATERIAL not in outcome.stderr + outcome.stdout
    assert "keys: ok" not in outcome.stdout


def test_check_without_any_key_says_how_to_make_one(outcomes: dict[str, Outcome]) -> None:
    line = outcomes["no-keys"].error_line()
    assert "ENTRAIDE_KEYS" in line and "security.key_file" in line and "keys generate" in line


def test_missing_key_file_is_named(outcomes: dict[str, Outcome]) -> None:
    line = outcomes["key-file-missing"].error_line()
    assert "security.key_file" in line and "gone/keys.txt" in line


def test_keys_generate_prints_a_usable_key(outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes["generate-with-id"]
    assert outcome.code == 0
    assert "Traceback" not in outcome.stderr
    # stdout is exactly the key, so `python -m bot keys generate >> keys.txt` works.
    lines = outcome.stdout.strip().splitlines()
    assert len(lines) == 1
    ring = KeyRing.parse(lines[0])
    assert ring.key_ids == ["ops2026"]
    assert len(ring.primary.secret) == 32
    # It joins an existing ring as the newest key, as the hint on stderr says.
    assert KeyRing.parse(f"{lines[0]},{KEY}").key_ids == ["ops2026", "k1"]
    assert "keys rotate" in outcome.stderr
