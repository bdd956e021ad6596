"""The learned complement to the risk rules: build it, and measure what it adds, fairly.

Run: .venv/bin/python -m bench.risk_train [--held-out PART,...] [--write]

Needs scikit-learn (build time only; the bot evaluates the shipped numbers in pure Python,
``bot/domain/risk_learned.py``). About half a minute on two cores.

Protocol. The models are trained on every corpus part but ``test`` (only ever measured), the
final check ``FINAL``, the ordinary chat ``ORDINARY`` kept to count false alarms and the parts
named by ``--held-out``; that is the tuned parts, the sets written only for training
(``TRAINING_ONLY``), the sentences the unit tests name (``unit_test_sentences``) and the bot's
own texts (``catalogue_sentences``), all read as the canonical text the rules read
(``risk.reading``). Thresholds are chosen by 5-fold cross-validation on the training part only:
the worrying threshold is the lowest at which the cross-validated precision is at least
``PRECISION_AIM``, the urgent one the lowest at which the cross-validated urgent precision is at
least ``URGENT_PRECISION_AIM``. Then ``test`` and the held-out parts are measured, rules alone
and rules + complement, per language (recall / precision / urgent recall), with every verdict
the complement changed, and so is what it raises in the ordinary chat. ``--write`` writes the
weights the bot ships (``bot/domain/risk_learned_weights.py``; only with ``FINAL`` alone held
out) after checking that the pure Python evaluation gives scikit-learn's decision values, up
to the pruned weights.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import importlib
import json
import re
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from bench.risk import CORPUS, FRESH, LANGUAGES, Sentence, load
from bot.domain import risk_learned
from bot.domain.risk import RiskLevel, assess, assess_rules, reading

SEED = 20261206
# Never trained on: the honest check of what ships. fresh32 to fresh35 were measured while the
# round-12 training sets were being written (they decided that more were needed); fresh36 and
# fresh37 were written last and measured once, on the model as shipped.
FINAL = ("fresh32", "fresh33", "fresh34", "fresh35", "fresh36", "fresh37", "fresh38", "fresh39")
# Ordinary chat never trained on: what the complement raises there are its false alarms.
ORDINARY = ("ordinary", "ordinary2", "ordinary3", "ordinary4", "ordinary5")
# Parts written only to train on (never measured): ordinary chat with no sign at all, without
# which the models learn that every everyday word is a warning sign (the corpus's negatives
# being near misses), and the training sets written by population and by way of writing.
TRAINING_ONLY = (
    "everyday",
    *sorted(p.stem for p in CORPUS.glob("ordinary_train*.tsv")),
    *sorted(p.stem for p in CORPUS.glob("train_*.tsv")),
)
PRECISION_AIM = 0.90
URGENT_PRECISION_AIM = 0.75
CHAR_RANGE = (2, 5)
C = 8.0
MAX_CHARS = 800  # longer messages are read by the rules alone (latency, and dilution)
# Weights below these are dropped and the rest rounded, to keep the shipped file small; the
# measured figures do not move (checked on fresh28 and fresh29).
PRUNE_MAIN, PRUNE_CATEGORY, DECIMALS = 0.05, 0.3, 3
WEIGHTS = Path(__file__).resolve().parent.parent / "bot" / "domain" / "risk_learned_weights.py"


def _library(name: str) -> Any:
    """scikit-learn (and its scipy) are needed only here, to build the weights: imported by
    name so that the bot's environment, and its type check, need not have them."""
    return importlib.import_module(name)


def vectorizers() -> tuple[Any, Any]:
    tfidf = _library("sklearn.feature_extraction.text").TfidfVectorizer
    chars = tfidf(
        analyzer="char_wb", ngram_range=CHAR_RANGE, min_df=2, sublinear_tf=True, lowercase=False
    )
    words = tfidf(analyzer="word", ngram_range=(1, 2), min_df=3, sublinear_tf=True, lowercase=False)
    return chars, words


def matrix(chars: Any, words: Any, docs: list[str], fit: bool) -> Any:
    hstack = _library("scipy.sparse").hstack
    if fit:
        return hstack([chars.fit_transform(docs), words.fit_transform(docs)]).tocsr()
    return hstack([chars.transform(docs), words.transform(docs)]).tocsr()


def regression(**options: Any) -> Any:
    options.setdefault("class_weight", "balanced")
    return _library("sklearn.linear_model").LogisticRegression(C=C, max_iter=5000, **options)


def lowest_threshold(probs: np.ndarray, labels: np.ndarray, aim: float) -> float:
    best = 1.0
    for t in sorted(set(np.round(probs, 3)), reverse=True):
        flagged = probs >= t
        if flagged.sum() >= 5 and labels[flagged].mean() >= aim:
            best = float(t)
    return best


# The unit tests' named lists: warning signs at their level, and the everyday sentences that
# share their words and must not alert (minimal pairs written for each family of rules).
_POSITIVE_LISTS = ("SIGNS", "COMMON_PHRASINGS")
_NEGATIVE_LISTS = ("EVERYDAY", "EVERYDAY_NEIGHBOURS", "NEIGHBOURS", "HARD_NEGATIVES")


def unit_test_sentences() -> list[Sentence]:
    """The sentences of ``tests/unit/test_risk_*.py``: written with the rules before the
    held-out sets, they teach the complement the near misses the corpus has few of."""
    found: list[Sentence] = []
    for path in sorted(Path(__file__).resolve().parent.parent.glob("tests/unit/test_risk_*.py")):
        module = importlib.import_module(f"tests.unit.{path.stem}")
        for name in _POSITIVE_LISTS:
            for case in getattr(module, name, []):
                language, text = case[0], case[1]
                level = case[2].name.lower() if len(case) > 2 else "concern"
                category = (case[3].value,) if len(case) > 3 else ()
                found.append(Sentence(path.stem, language, level, category, text))
        for name in _NEGATIVE_LISTS:
            cases = getattr(module, name, [])
            if isinstance(cases, dict):
                cases = [case for group in cases.values() for case in group]
            found.extend(Sentence(path.stem, lang, "none", (), text) for lang, text in cases)
    unique = {(s.language, s.text): s for s in found}
    return list(unique.values())


# The bot's own texts, as ordinary sentences about the service (pairing, privacy, sessions,
# circles): people write about these too, and without them the models flag the unfamiliar
# vocabulary of a question about the bot. The catalogues that speak of crisis and risk
# (escalations, training) are left out: their words are the signs' own.
CATALOGUES = ("messages", "onboarding", "privacy", "matching", "relay", "followup",
              "coordination", "circles", "dashboard")  # fmt: skip
_PLACEHOLDER = re.compile(r"\{[^}]*\}|<[^>]+>|%\(\w+\)s")


def catalogue_sentences() -> list[Sentence]:
    pofile = _library("babel.messages.pofile")
    locales = Path(__file__).resolve().parent.parent / "bot" / "i18n" / "locales"
    found: dict[tuple[str, str], Sentence] = {}
    for language in LANGUAGES:
        for name in CATALOGUES:
            with (locales / language / "LC_MESSAGES" / f"{name}.po").open("rb") as f:
                catalog = pofile.read_po(f)
            for message in catalog:
                if not message.id:
                    continue  # the header (its dates are those of the reading)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                for string in strings:
                    for line in _PLACEHOLDER.sub(" ", string or "").splitlines():
                        line = " ".join(line.split())
                        if len(line.split()) >= 2:
                            found[(language, line)] = Sentence(name, language, "none", (), line)
    return list(found.values())


def training_set(held_out: list[str]) -> list[Sentence]:
    """Every corpus part but ``test``, the held-out ones, ``FINAL`` and ``ORDINARY``; the unit
    tests' sentences and the bot's own texts."""
    left_out = {*held_out, *FINAL, *ORDINARY}
    # ``test.tsv`` is only measured (tests/data/risk/README.md), never trained on.
    parts = ("dev", *FRESH, *TRAINING_ONLY)
    train = [s for part in parts if part not in left_out for s in load(part)]
    return train + unit_test_sentences() + catalogue_sentences()


# The unit tests' named sentences are minimal pairs written one by one around each family of
# rules ("I took some pills for my cold"): they count this many times in training, so that
# the models do not overrule them for a word they share with warning signs ("pills").
UNIT_TEST_WEIGHT = 5.0


def sample_weights(train: list[Sentence]) -> np.ndarray:
    return np.array([UNIT_TEST_WEIGHT if s.part.startswith("test_risk") else 1.0 for s in train])


def fingerprint(sentences: list[Sentence]) -> str:
    """What the weights were trained on: a unit test compares it with the repository's
    sentences, so that a corpus or test list changed without rebuilding is noticed."""
    rows = sorted(f"{s.language}\t{s.level}\t{','.join(s.categories)}\t{s.text}" for s in sentences)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def build(train: list[Sentence]) -> dict[str, Any]:
    docs = [reading(s.text, s.language) for s in train]
    worrying = np.array([s.level != "none" for s in train], dtype=int)
    urgent = np.array([s.level == "urgent" for s in train], dtype=int)
    selection = _library("sklearn.model_selection")
    folds = selection.StratifiedKFold(5, shuffle=True, random_state=SEED)
    cross_val_predict = selection.cross_val_predict
    chars, words = vectorizers()
    x = matrix(chars, words, docs, fit=True)
    # Thresholds from out-of-fold probabilities (the vocabulary is the whole training
    # part's, a small optimism the held-out measurement does not share).
    weight = {"sample_weight": sample_weights(train)}
    cv_w = cross_val_predict(
        regression(), x, worrying, cv=folds, method="predict_proba", params=weight
    )[:, 1]
    cv_u = cross_val_predict(
        regression(), x, urgent, cv=folds, method="predict_proba", params=weight
    )[:, 1]
    w_threshold = lowest_threshold(cv_w, worrying, PRECISION_AIM)
    u_threshold = lowest_threshold(cv_u, urgent, URGENT_PRECISION_AIM)
    flagged = cv_w >= w_threshold
    print(
        f"training: {len(train)} sentences; cross-validated worrying threshold {w_threshold:.3f}"
        f" (recall {worrying[flagged].sum() / worrying.sum():.2f}, precision "
        f"{worrying[flagged].mean():.2f}); urgent threshold {u_threshold:.3f}"
    )
    models: dict[str, tuple[float, np.ndarray]] = {}
    for name, labels in (("worrying", worrying), ("urgent", urgent)):
        fitted = regression().fit(x, labels, **weight)
        models[name] = (float(fitted.intercept_[0]), fitted.coef_[0])
    rows = [i for i, s in enumerate(train) if s.level != "none" and s.categories]
    first = [train[i].categories[0] for i in rows]
    categories = sorted(set(first))
    fitted = regression(class_weight=None).fit(x[rows], first)
    for index, category in enumerate(fitted.classes_):
        models[str(category)] = (float(fitted.intercept_[index]), fitted.coef_[index])
    names = [f"c:{g}" for g in chars.get_feature_names_out()] + [
        f"w:{g}" for g in words.get_feature_names_out()
    ]
    return {
        "char_range": list(CHAR_RANGE),
        "char_idf": idf_table(chars),
        "word_idf": idf_table(words),
        "models": {
            name: [
                round(b, DECIMALS),
                {
                    f: round(float(w), DECIMALS)
                    for f, w in zip(names, coef, strict=True)
                    if abs(w) >= (PRUNE_MAIN if name in ("worrying", "urgent") else PRUNE_CATEGORY)
                },
            ]
            for name, (b, coef) in models.items()
        },
        "categories": categories,
        "worrying_threshold": w_threshold,
        "urgent_threshold": u_threshold,
        "max_chars": MAX_CHARS,
        "trained_on": fingerprint(train),
        "_check": (docs[:200], [float(v) for v in fitted_decisions(models, x[:200])]),
    }


def idf_table(vectorizer: Any) -> dict[str, float]:
    names = vectorizer.get_feature_names_out()
    return {g: round(float(v), DECIMALS) for g, v in zip(names, vectorizer.idf_, strict=True)}


def fitted_decisions(models: dict[str, tuple[float, np.ndarray]], x: Any) -> np.ndarray:
    b, coef = models["worrying"]
    return np.asarray(x @ coef + b).ravel()


def encode(data: dict[str, Any]) -> str:
    shipped = {k: v for k, v in data.items() if not k.startswith("_")}
    return base64.b64encode(zlib.compress(json.dumps(shipped).encode(), 9)).decode()


def install(blob: str) -> None:
    """Makes ``assess`` use ``blob`` in this process (the module caches the decoded model)."""
    from bot.domain import risk_learned_weights

    risk_learned_weights.BLOB = blob
    risk_learned.model.cache_clear()


def check(data: dict[str, Any]) -> float:
    """Largest gap between the pure Python decision values and scikit-learn's."""
    docs, expected = data["_check"]
    got = [risk_learned.decision("worrying", risk_learned.features(d)) for d in docs]
    return max(abs(a - b) for a, b in zip(got, expected, strict=True))


def figures(sentences: list[Sentence], levels: list[RiskLevel]) -> str:
    pos = [s.level != "none" for s in sentences]
    got = [lv is not RiskLevel.NONE for lv in levels]
    caught = sum(p and g for p, g in zip(pos, got, strict=True))
    urgent = [lv for s, lv in zip(sentences, levels, strict=True) if s.level == "urgent"]
    recall = caught / sum(pos) if sum(pos) else 1.0
    precision = caught / sum(got) if sum(got) else 1.0
    urgent_recall = sum(lv is RiskLevel.URGENT for lv in urgent) / len(urgent) if urgent else 1.0
    return f"{recall:.3f} / {precision:.3f} / {urgent_recall:.3f}"


def measure(parts: list[str]) -> None:
    for part in parts:
        sentences = load(part)
        for language in LANGUAGES:
            subset = [s for s in sentences if s.language == language]
            if not subset:
                continue
            rules = [assess_rules(s.text, s.language).level for s in subset]
            both = [assess(s.text, s.language).level for s in subset]
            print(
                f"{part} {language} ({len(subset)}): rules {figures(subset, rules)}; "
                f"rules + complement {figures(subset, both)}"
            )
            for s, a, b in zip(subset, rules, both, strict=True):
                if a is not b:
                    mark = "ok " if b.name.lower() == s.level else "BAD"
                    print(f"    {mark} {a.name.lower()} → {b.name.lower()} ({s.level}): {s.text}")


def false_alarms() -> None:
    """What ``assess`` raises in ordinary chat the complement was never trained on."""
    for part in ORDINARY:
        sentences = load(part)
        raised = [(s, assess(s.text, s.language)) for s in sentences]
        raised = [(s, found) for s, found in raised if found.worrying]
        print(f"{part} (ordinary chat, never trained on): {len(raised)} of {len(sentences)} raised")
        for s, found in raised:
            print(f"    {found.level.name.lower()}: {s.text}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--held-out", default=",".join(FINAL))
    parser.add_argument("--write", action="store_true", help="write the shipped weights")
    args = parser.parse_args()
    try:
        _library("sklearn")
    except ImportError:
        raise SystemExit(
            "building the complement needs scikit-learn: pip install scikit-learn"
        ) from None
    held_out = [p for p in args.held_out.split(",") if p]
    train = training_set(held_out)
    data = build(train)
    blob = encode(data)
    install(blob)
    print(f"weights: {len(blob) // 1024} KB encoded; pure Python vs scikit-learn {check(data):.5f}")
    measure(["test", *held_out])
    false_alarms()
    if args.write:
        if set(held_out) != set(FINAL):
            raise SystemExit("the shipped weights are trained with only the final sets left out")
        text = WEIGHTS.read_text(encoding="utf-8")
        WEIGHTS.write_text(re.sub(r'BLOB = ".*"', f'BLOB = "{blob}"', text), encoding="utf-8")
        print(f"wrote {WEIGHTS.name}")


if __name__ == "__main__":
    main()
