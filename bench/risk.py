"""Risk model: how many warning signs it catches, how many of its alerts are right, how fast.

Run: .venv/bin/python -m bench.risk [--part test|dev|all] [--no-latency]

Reads the labelled corpus in ``tests/data/risk/`` (``dev.tsv`` is what the rules are tuned on,
``test.tsv`` is only measured; see the README there for how the split was made) and prints, per
language: recall (worrying sentences flagged concern or urgent), precision (flags that were
right), urgent recall (urgent sentences flagged urgent), recall per category, the confusion
matrix of levels, every misclassified sentence of the part, and ``assess``'s latency on the
corpus and on long messages (1,000 and 4,096 characters).
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.common import machine, pct
from bot.domain.risk import RiskLevel, assess

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "risk"
LANGUAGES = ("fr", "en")
TARGETS = {"recall": 0.95, "precision": 0.90, "urgent_recall": 0.95}
LEVELS = tuple(level.name.lower() for level in RiskLevel)


@dataclass(frozen=True)
class Sentence:
    part: str
    language: str
    level: str  # none, concern, urgent
    categories: tuple[str, ...]
    text: str


def load(part: str) -> list[Sentence]:
    with (CORPUS / f"{part}.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, body = rows[0], rows[1:]
    assert header == ["language", "level", "categories", "text"], header
    return [
        Sentence(part, lang, level, tuple(c for c in cats.split(",") if c), text)
        for lang, level, cats, text in body
    ]


@dataclass(frozen=True)
class Scores:
    sentences: int
    recall: float
    precision: float
    urgent_recall: float
    confusion: dict[tuple[str, str], int]  # (expected, predicted) → count
    by_category: dict[str, tuple[int, int]]  # category → (flagged, labelled)
    wrong: list[tuple[Sentence, str]]  # sentence, predicted level


def score(sentences: list[Sentence]) -> Scores:
    confusion: Counter[tuple[str, str]] = Counter()
    flagged: Counter[str] = Counter()
    labelled: Counter[str] = Counter()
    wrong: list[tuple[Sentence, str]] = []
    for s in sentences:
        got = assess(s.text, s.language).level.name.lower()
        confusion[(s.level, got)] += 1
        for category in s.categories:
            labelled[category] += 1
            flagged[category] += got != "none"
        if got != s.level:
            wrong.append((s, got))
    positives = sum(n for (want, _), n in confusion.items() if want != "none")
    caught = sum(n for (want, got), n in confusion.items() if want != "none" and got != "none")
    alerts = sum(n for (_, got), n in confusion.items() if got != "none")
    urgent = sum(n for (want, _), n in confusion.items() if want == "urgent")
    return Scores(
        sentences=len(sentences),
        recall=caught / positives if positives else 1.0,
        precision=caught / alerts if alerts else 1.0,
        urgent_recall=confusion[("urgent", "urgent")] / urgent if urgent else 1.0,
        confusion=dict(confusion),
        by_category={c: (flagged[c], labelled[c]) for c in sorted(labelled)},
        wrong=wrong,
    )


def meets_targets(scores: Scores) -> bool:
    return (
        scores.recall >= TARGETS["recall"]
        and scores.precision >= TARGETS["precision"]
        and scores.urgent_recall >= TARGETS["urgent_recall"]
    )


def report(part: str, sentences: list[Sentence], show_wrong: bool) -> None:
    for language in LANGUAGES:
        scores = score([s for s in sentences if s.language == language])
        verdict = "met" if meets_targets(scores) else "MISSED"
        print(
            f"\n{part} part, {language}: {scores.sentences} sentences  recall {scores.recall:.3f}"
            f"  precision {scores.precision:.3f}  urgent recall {scores.urgent_recall:.3f}"
            f"  (targets 0.95 / 0.90 / 0.95: {verdict})"
        )
        print("  recall per category: " + ", ".join(
            f"{c} {n}/{d}" for c, (n, d) in scores.by_category.items()
        ))  # fmt: skip
        print(
            "  confusion (rows expected, columns predicted): " + " ".join(f"{x:>8}" for x in LEVELS)
        )
        for want in LEVELS:
            cells = " ".join(f"{scores.confusion.get((want, got), 0):>8}" for got in LEVELS)
            print(f"  {want:>46} {cells}")
        if show_wrong:
            for s, got in scores.wrong:
                print(f"    expected {s.level:<7} got {got:<7} [{','.join(s.categories)}] {s.text}")


def long_message(rng: random.Random, sentences: list[Sentence], size: int) -> str:
    """Chat-like text of ``size`` characters made of corpus sentences, the worst case for the
    rules: many of their key words are present."""
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < size:
        words.append(rng.choice(sentences).text)
    return " ".join(words)[:size]


def latency(sentences: list[Sentence]) -> None:
    rng = random.Random(20261206)
    samples: list[float] = []
    for _ in range(5):
        for s in sentences:
            t0 = time.perf_counter()
            assess(s.text, s.language)
            samples.append((time.perf_counter() - t0) * 1000)
    print(
        f"\nlatency on corpus sentences ({len(samples)} calls): p50 {pct(samples, 50):.3f} ms"
        f"  p99 {pct(samples, 99):.3f} ms  max {max(samples):.3f} ms"
        f"  (target p99 at most 1 ms: {'met' if pct(samples, 99) <= 1 else 'MISSED'})"
    )
    for size in (1000, 4096):
        times = []
        for _ in range(200):
            text = long_message(rng, sentences, size)
            t0 = time.perf_counter()
            assess(text, "fr")
            times.append((time.perf_counter() - t0) * 1000)
        print(
            f"latency on {size}-character messages (200 calls): p50 {pct(times, 50):.3f} ms"
            f"  p99 {pct(times, 99):.3f} ms  max {max(times):.3f} ms"
        )
    # Inputs built to make a backtracking expression explode: long runs of one word, of
    # spaces and of key words with no structure.
    for name, text in (
        ("4,096 times 'a'", "a" * 4096),
        ("'kill ' repeated", ("kill " * 820)[:4096]),
        ("'je me ' repeated", ("je me " * 700)[:4096]),
        ("'not want to ' repeated", ("not want to " * 350)[:4096]),
    ):
        t0 = time.perf_counter()
        assess(text, "en")
        print(f"adversarial input {name}: {(time.perf_counter() - t0) * 1000:.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=("test", "dev", "all"), default="test")
    parser.add_argument("--no-latency", action="store_true")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    dev, test = load("dev"), load("test")
    print(f"corpus: {len(dev)} dev sentences (tuned on), {len(test)} test sentences (measured)")
    if args.part in ("test", "all"):
        report("test", test, show_wrong=True)
        report("dev", dev, show_wrong=args.part == "all")
    else:
        report("dev", dev, show_wrong=True)
    if not args.no_latency:
        latency(dev + test)
    print(
        "\nbaseline (the regular expressions of bot/services/risk.py before this model, "
        "measured on two independent held-out sets of 134 sentences): recall 0.42, "
        "precision 0.79"
    )


if __name__ == "__main__":
    main()
