"""The README's run command without a token runs this demo: it must work from a clean start,
show every step of the network's life in its transcript, and let a person type as the seeker."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.demo import PEER_REPLIES
from tests.support.e2e_harness import ROOT

pytestmark = pytest.mark.e2e

NADIA, SAM, ALEX = "Nadia (coordinator)", "Sam (peer)", "Alex (seeker)"


def run(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "TMPDIR": str(scratch),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo", *args],
        cwd=tmp_path,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert not list(tmp_path.rglob("*.db")) and not list(scratch.iterdir()), "nothing left behind"
    return done


def in_order(out: str, *needles: str) -> int:
    """Each needle appears after the previous one; returns where the last one ends."""
    at = 0
    for needle in needles:
        found = out.find(needle, at)
        assert found >= 0, f"{needle!r} not found after position {at}:\n{out[at : at + 1500]}"
        at = found + len(needle)
    return at


def said_to(out: str, name: str) -> list[str]:
    """Every message the bot sent this person, with its indented continuation lines."""
    blocks: list[list[str]] = []
    for line in out.splitlines():
        if line.startswith("    ") and blocks:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return ["\n".join(block) for block in blocks if block[0].startswith(f"[bot → {name}")]


def test_the_demo_shows_each_step_of_the_network_as_each_person_saw_it(tmp_path):
    out = run(tmp_path).stdout
    # A coordinator invites a peer; the peer opens that very link and onboards, approved at once.
    in_order(out, f"[{NADIA} → bot] /invite peer", f"[bot → {NADIA}] Invitation à usage unique")
    code = re.search(r"https://t\.me/entraide_demo_bot\?start=([A-Za-z0-9_-]+)", out)
    assert code
    in_order(
        out,
        f"[{SAM} → bot] /start {code.group(1)}",
        f"[bot → {SAM}] Which language",
        f"[{SAM} presses] [I agree]",
        f"[{SAM} → bot] Steady Otter",
        f"[{SAM} ticks] [Back from a mission]",
        "Chosen: Back from a mission",
        "Guiding principle 9 of 9",
        f"[bot → {SAM}] Welcome, Steady Otter: you are now a peer of the network",
    )
    # A seeker onboards: consent, then the intake; the peer is offered them and accepts.
    in_order(
        out,
        f"[{ALEX} → bot] /start",
        "[I'm looking for support] [I'd like to support others as a peer]",
        f"[{ALEX} presses] [I'm looking for support]",
        "Do you agree to these rules?\n    [I agree] [I don't agree]",
        f"[{ALEX} presses] [I agree]",
        f"[{ALEX} → bot] Blue Heron",
        f"[{ALEX} presses] [Europe/Paris]",
        f"[{ALEX} presses] [No]",
        f"[bot → {SAM}] Someone would like to talk with a peer",
        "Pseudonym: Blue Heron",
        "[Accept] [Decline]",
        f"[{SAM} presses] [Accept]",
        f"[bot → {SAM}, updating a message] ✅ You accepted to support Blue Heron",
        f"[bot → {ALEX}] Good news: Steady Otter",
    )
    # They talk, in several kinds of message, each one arriving on the other side.
    in_order(
        out,
        f"[{ALEX} → bot] Hello. Since I came back",
        f"[bot → {SAM}] Hello. Since I came back",
        f"[{SAM} → bot] {PEER_REPLIES[2]}",
        f"[bot → {ALEX}] {PEER_REPLIES[2]}",
        f"[{ALEX} → bot] <photo> The view from my walk",
        f"[bot → {SAM}] <photo> The view from my walk",
        f"[{SAM} → bot] <voice>",
        f"[bot → {ALEX}] <voice>",
        f"[{SAM} → bot] <document> A routine that helped me",
        f"[bot → {ALEX}] <document> A routine that helped me",
    )
    # A week later both are checked in on; then /sos, claimed and resolved; then /stats.
    checkin = in_order(out, "A week later")
    in_order(out[checkin:], f"[bot → {ALEX}] Checking in: how helpful", "[1] [2] [3] [4] [5]")
    in_order(out[checkin:], f"[bot → {SAM}] Checking in: how are you doing", "[Fine]")
    # The crisis lines and the coordinators' alert go to different chats at the same time:
    # either may reach Telegram first.
    sos = in_order(out, "A week later", f"[{ALEX} → bot] /sos")
    in_order(out[sos:], f"[bot → {ALEX}] You are not alone", "116 123")
    in_order(
        out,
        "A week later",
        f"[{ALEX} presses] [4]",
        f"[{SAM} presses] [Fine]",
        f"[{ALEX} → bot] /sos",
        f"[bot → {NADIA}] 🚨 Escalade urgente",
        "[Prendre]",
        f"[{NADIA} presses] [Prendre]",
        "prise en charge par",
        f"[{NADIA} presses] [Résoudre]",
        f"[{NADIA} → bot] Called Blue Heron back",
        f"[bot → {NADIA}] L'escalade",
        "est résolue",
        f"[{NADIA} → bot] /stats",
        f"[bot → {NADIA}] 📊 Le réseau en ce moment",
        "Escalades : 0 ouvertes, 0 prises, 1 résolues",
        f"[bot → {NADIA}] <photo> Les mêmes chiffres en graphique.",
    )
    # Nobody learns the other's name: the bot only ever spoke of pseudonyms.
    to_sam, to_alex = said_to(out, SAM), said_to(out, ALEX)
    assert len(to_sam) > 20 and len(to_alex) > 20
    assert not [message for message in to_sam if re.search(r"\bAlex\b", message)]
    assert not [message for message in to_alex if re.search(r"\bSam\b", message)]
    finished = re.search(r"Demo finished in (\d+\.\d) s\.$", out.rstrip())
    assert finished and float(finished.group(1)) < 30


def test_interactive_the_person_types_as_the_seeker_and_the_peer_answers(tmp_path):
    typed = "I feel a bit lost today\n\n/help\n/quit\nthis line comes after /quit\n"
    out = run(tmp_path, "--interactive", stdin=typed).stdout
    assert "[Alex (seeker) → bot] Hello. Since I came back" not in out  # the person talks instead
    in_order(
        out,
        f"[{SAM} presses] [Accept]",
        "Your turn: you are Alex",
        f"[{ALEX} → bot] I feel a bit lost today",
        f"[bot → {SAM}] I feel a bit lost today",
        f"[{SAM} → bot] {PEER_REPLIES[0]}",
        f"[bot → {ALEX}] {PEER_REPLIES[0]}",
        f"[{ALEX} → bot] /help",
        f"[bot → {ALEX}] What you can do here",
        "Demo finished in",
    )
    assert "this line comes after /quit" not in out
