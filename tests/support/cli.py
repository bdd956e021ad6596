"""Running `python -m bot …` as an operator would: a clean environment, a time limit, and the
outcome (exit code, stdout, stderr)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Only a guard against a hang: nine processes start at once, and a loaded machine is slow.
TIMEOUT = 180


def bot_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The caller's environment without any ENTRAIDE_* setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENTRAIDE_")}
    env["PYTHONPATH"] = str(REPO)
    env.update(extra or {})
    return env


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str

    def error_line(self) -> str:
        """The single stderr line of an expected failure (asserts that shape)."""
        assert self.code == 2, f"exit {self.code}, stderr: {self.stderr!r}"
        assert "Traceback" not in self.stderr and "Traceback" not in self.stdout
        lines = self.stderr.strip().splitlines()
        assert len(lines) == 1, f"expected one stderr line, got {lines!r}"
        assert lines[0].startswith("entraide: ")
        return lines[0]


def start_bot(*args: str, cwd: Path, env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=bot_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


def finish(proc: subprocess.Popen[str]) -> Outcome:
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"`python -m bot` did not finish in {TIMEOUT}s: {err!r}") from None
    return Outcome(proc.returncode, out, err)


def run_bot(*args: str, cwd: Path, env: Mapping[str, str] | None = None) -> Outcome:
    return finish(start_bot(*args, cwd=cwd, env=env))
