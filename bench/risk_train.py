"""A statistical classifier beside the risk rules: the trial of round 11, kept as a benchmark.

Run: .venv/bin/python -m bench.risk_train [--held-out fresh30,fresh31]

Needs scikit-learn, which the bot does not (``pip install scikit-learn``). Nothing it trains is
shipped: ``assess`` is the rules alone. Why, and what a future round would need, is in
docs/risk.md ("The learned complement: tried, not shipped").

The classifier: logistic regressions over character 2–5-grams (inside words) and word 1–2-grams
of the canonical text the rules read (``risk.reading``): *worrying* (concern or urgent against
none), *urgent* (urgent against the rest) and *category* (the first labelled category of a
worrying sentence). It reads messages of at most ``MAX_CHARS`` characters.

Protocol. The corpus parts named by ``--held-out`` (default: the final check, ``fresh30`` and
``fresh31``), ``FINAL`` and the ordinary chat of ``ORDINARY`` are left out; the models are
trained on every other part (``everyday.tsv`` included) and on the sentences the unit tests
name (``unit_test_sentences``). Thresholds are chosen by 5-fold cross-validation on the
training part only: the worrying threshold is the lowest at which the cross-validated precision
is at least ``PRECISION_AIM``, the urgent one the lowest at which the cross-validated urgent
precision is at least ``URGENT_PRECISION_AIM``. Then each held-out part is measured per
language (recall / precision / urgent recall): the rules alone; rules + classifier as last
tried, raising only a concern the rules flagged to urgent; and rules + classifier allowed to
raise messages the rules found nothing in. Every verdict the classifier changed is printed, and
so is what it raises in ordinary chat it was never trained on.
"""

from __future__ import annotations

import argparse
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.risk import FRESH, LANGUAGES, Sentence, load
from bot.domain import risk
from bot.domain.risk import Category, RiskAssessment, RiskLevel, assess, reading

SEED = 20261206
FINAL = ("fresh30", "fresh31")  # never trained on: the honest check of the rules
# Ordinary chat with no sign at all (greetings, logistics, small talk): without it the models
# learn that every everyday word is a warning sign, since the corpus's negatives are near misses.
EVERYDAY = "everyday"
# Ordinary chat in the same style, never trained on: the classifier's false alarms.
ORDINARY = "ordinary"
PRECISION_AIM = 0.90
URGENT_PRECISION_AIM = 0.85
CHAR_RANGE = (2, 5)
C = 4.0
MAX_CHARS = 400  # longer messages are read by the rules alone (latency, and dilution)


def _library(name: str) -> Any:
    """scikit-learn (and its scipy) are needed only by this benchmark: imported by name so
    that the bot's environment, and its type check, need not have them."""
    return importlib.import_module(name)


def vectorizers() -> tuple[Any, Any]:
    tfidf = _library("sklearn.feature_extraction.text").TfidfVectorizer
    chars = tfidf(
        analyzer="char_wb", ngram_range=CHAR_RANGE, min_df=2, sublinear_tf=True, lowercase=False
    )
    words = tfidf(analyzer="word", ngram_range=(1, 2), min_df=1, sublinear_tf=True, lowercase=False)
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
    held-out sets, they teach the classifier the near misses the corpus has few of."""
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


def training_set(held_out: list[str]) -> list[Sentence]:
    """Every corpus part but the held-out ones and ``FINAL``, and the unit tests' sentences."""
    left_out = {*held_out, *FINAL, ORDINARY}
    parts = ("dev", "test", *FRESH, EVERYDAY)
    train = [s for part in parts if part not in left_out for s in load(part)]
    return train + unit_test_sentences()


@dataclass(frozen=True)
class Classifier:
    chars: Any
    words: Any
    worrying: Any
    urgent: Any
    category: Any
    worrying_threshold: float
    urgent_threshold: float

    def reads(self, document: str, *, concern: bool) -> tuple[bool, Category] | None:
        """Urgent or not, and the likeliest category, when the models are sure enough that
        ``document`` is worrying (with ``concern``, the rules already found a concern and only
        the urgent model is asked); None otherwise."""
        if len(document) > MAX_CHARS:
            return None
        x = matrix(self.chars, self.words, [document], fit=False)
        if not concern and self.worrying.predict_proba(x)[0, 1] < self.worrying_threshold:
            return None
        urgent = bool(self.urgent.predict_proba(x)[0, 1] >= self.urgent_threshold)
        if concern and not urgent:
            return None
        return urgent, Category(str(self.category.predict(x)[0]))


def build(train: list[Sentence]) -> Classifier:
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
    cv_w = cross_val_predict(regression(), x, worrying, cv=folds, method="predict_proba")[:, 1]
    cv_u = cross_val_predict(regression(), x, urgent, cv=folds, method="predict_proba")[:, 1]
    w_threshold = lowest_threshold(cv_w, worrying, PRECISION_AIM)
    u_threshold = lowest_threshold(cv_u, urgent, URGENT_PRECISION_AIM)
    flagged = cv_w >= w_threshold
    print(
        f"training: {len(train)} sentences; cross-validated worrying threshold {w_threshold:.3f}"
        f" (recall {worrying[flagged].sum() / worrying.sum():.2f}, precision "
        f"{worrying[flagged].mean():.2f}); urgent threshold {u_threshold:.3f}"
    )
    rows = [i for i, s in enumerate(train) if s.level != "none" and s.categories]
    return Classifier(
        chars,
        words,
        regression().fit(x, worrying),
        regression().fit(x, urgent),
        regression(class_weight=None).fit(x[rows], [train[i].categories[0] for i in rows]),
        w_threshold,
        u_threshold,
    )


def combined(
    classifier: Classifier, text: str, language: str, *, raise_none: bool
) -> RiskAssessment:
    """The rules' verdict, raised when the classifier is sure enough: from concern to urgent
    (and, with ``raise_none``, from none to concern or urgent). It never lowers a verdict and
    stays silent where the rules know better than word statistics: a sign a rule read and set
    aside (a negation, someone else, an exclusion), a plan whose timing the rules judged, a
    message about a course, a film or the past, a retraction, a question answered no, laughing
    hyperbole on everyday stakes. These guards are the ones the trial measured, read through
    the rules' own helpers."""
    found = assess(text, language)
    msg = reading(text, language)
    plain = risk._unquoted(text)
    concern = found.level is RiskLevel.CONCERN
    set_aside = any(not hit.counted and not hit.rule.weak for hit in risk._hits(msg))
    if (
        (found.level is RiskLevel.NONE and not raise_none)
        or found.level is RiskLevel.URGENT
        or (concern and Category.PLAN in found.categories)
        or (not concern and set_aside)
        or risk._told(msg)
        or risk._retracted(plain)
        or risk._DENIED.search(msg)
        or (risk._JOKING.search(plain) and risk._IF_STAKES.search(msg))
    ):
        return found
    second = classifier.reads(msg, concern=concern)
    if second is None:
        return found
    urgent, category = second
    if category is Category.THIRD_PERSON:
        # Someone else's words: a concern for the peer, never the writer's crisis.
        return found if concern else RiskAssessment(RiskLevel.CONCERN, frozenset({category}))
    level = RiskLevel.URGENT if urgent else RiskLevel.CONCERN
    return RiskAssessment(level, found.categories | {category})


def figures(sentences: list[Sentence], levels: list[RiskLevel]) -> str:
    pos = [s.level != "none" for s in sentences]
    got = [lv is not RiskLevel.NONE for lv in levels]
    caught = sum(p and g for p, g in zip(pos, got, strict=True))
    urgent = [lv for s, lv in zip(sentences, levels, strict=True) if s.level == "urgent"]
    recall = caught / sum(pos) if sum(pos) else 1.0
    precision = caught / sum(got) if sum(got) else 1.0
    urgent_recall = sum(lv is RiskLevel.URGENT for lv in urgent) / len(urgent) if urgent else 1.0
    return f"{recall:.3f} / {precision:.3f} / {urgent_recall:.3f}"


def changes(sentences: list[Sentence], before: list[RiskLevel], after: list[RiskLevel]) -> None:
    for s, a, b in zip(sentences, before, after, strict=True):
        if a is not b:
            mark = "ok " if b.name.lower() == s.level else "BAD"
            print(f"    {mark} {a.name.lower()} → {b.name.lower()} ({s.level}): {s.text}")


def measure(classifier: Classifier, parts: list[str]) -> None:
    for part in parts:
        sentences = load(part)
        for language in LANGUAGES:
            subset = [s for s in sentences if s.language == language]
            if not subset:
                continue
            rules = [assess(s.text, s.language).level for s in subset]
            up = [combined(classifier, s.text, s.language, raise_none=False).level for s in subset]
            both = [combined(classifier, s.text, s.language, raise_none=True).level for s in subset]
            print(
                f"{part} {language} ({len(subset)}): rules {figures(subset, rules)}; "
                f"+ classifier, concern to urgent only {figures(subset, up)}; "
                f"+ classifier, also from none {figures(subset, both)}"
            )
            print("  concern to urgent only:")
            changes(subset, rules, up)
            print("  also from none:")
            changes(subset, rules, both)


def false_alarms(classifier: Classifier) -> None:
    """What the classifier raises in ordinary chat it was never trained on. Only when it may
    raise from none can it raise anything there: the rules find nothing in it."""
    sentences = load(ORDINARY)
    rules = [s for s in sentences if assess(s.text, s.language).worrying]
    raised = [
        (s, found)
        for s in sentences
        if (found := combined(classifier, s.text, s.language, raise_none=True)).worrying
    ]
    print(
        f"ordinary chat never trained on ({ORDINARY}.tsv, {len(sentences)} messages): raised "
        f"by the rules {len(rules)}, by rules + classifier allowed to raise from none "
        f"{len(raised)}"
    )
    for s, found in raised:
        print(f"    {found.level.name.lower()}: {s.text}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--held-out", default=",".join(FINAL))
    args = parser.parse_args()
    try:
        _library("sklearn")
    except ImportError:
        print("this benchmark needs scikit-learn: .venv/bin/pip install scikit-learn")
        return
    held_out = [p for p in args.held_out.split(",") if p]
    classifier = build(training_set(held_out))
    measure(classifier, held_out)
    false_alarms(classifier)


if __name__ == "__main__":
    main()
