"""The README's run command without a token runs this demo: it must work from a clean start."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.e2e.harness import ROOT

pytestmark = pytest.mark.e2e


def test_demo_runs_the_real_bot_and_prints_what_each_person_saw(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "[Alex (seeker) → bot] /start" in out
    assert "[bot → Alex (seeker)] Hello, and welcome" in out
    # /sos: crisis lines to the seeker, then the coordinator's alert in her own language.
    sos = out.index("[Alex (seeker) → bot] /sos")
    assert "116 123" in out[sos:]
    assert "[bot → Nadia (coordinator)] 🚨 Escalade urgente" in out[sos:]
    assert out.rstrip().endswith("Demo finished.")
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.glob("*.db")), "the demo leaves no database behind"
