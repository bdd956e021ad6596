"""What one guess at a Telegram id costs someone holding a backup and the network keys.

Run: .venv/bin/python -m bench.blind_index [--guesses 30]

Times the slow index (scrypt, as stored for Telegram ids and ban markers) and the HMAC it
replaced, on one core, and prints what enumerating 10^10 possible ids would take.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from bench.common import machine
from bot.storage.crypto import SCRYPT_N, SCRYPT_P, SCRYPT_R, Cipher, KeyRing, generate_key

IDS = 10**10
CORE_YEAR = 365.25 * 24 * 3600


def per_guess(fn: object, guesses: int) -> float:
    times = []
    for i in range(guesses):
        started = time.perf_counter()
        fn(str(7_000_000_000 + i))  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--guesses", type=int, default=30)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    cipher = Cipher(KeyRing([generate_key("b1")]))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    slow = per_guess(lambda v: cipher.slow_index(v, purpose="telegram-user"), args.guesses)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    fast = per_guess(lambda v: cipher.blind_index(v, purpose="telegram-user"), 1000)
    memory = 128 * SCRYPT_R * SCRYPT_N / 2**20
    shape = f"n=2^{SCRYPT_N.bit_length() - 1} r={SCRYPT_R} p={SCRYPT_P}"
    print(f"scrypt {shape}: {memory:.0f} MiB per guess")
    print(f"  one guess: {slow * 1000:.1f} ms (median of {args.guesses})")
    print(f"  peak RSS grew {grown / 1024:.1f} MiB")
    print(f"  10^10 ids: {IDS * slow / CORE_YEAR:.1f} core-years")
    print(f"HMAC-SHA256 (before): {fast * 1e6:.2f} µs per guess")
    print(f"  10^10 ids: {IDS * fast / 3600:.1f} core-hours")


if __name__ == "__main__":
    main()
