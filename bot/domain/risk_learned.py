"""A small learned complement to the risk rules: logistic regressions over the text the rules
read, trained at build time on the labelled corpus (``bench/risk_train.py``, scikit-learn),
shipped as plain numbers (``risk_learned_weights``) and evaluated here in pure Python.

Why it exists: every round of rules caught the phrasings it was tuned on and about 0.55 to
0.80 of the next set's. Character n-grams of the canonical text generalise across spellings
and phrasings no rule names ("jai branché un tuyau sur le pot d'échappement", "ordered the
stuff online, it arrives tomorrow"). Measured on sets written after it was trained, it lifts
recall and urgent recall much more than any round of rules did (docs/risk.md); the rules stay
the core (negation, reported speech, idioms, who is speaking) and decide whenever they speak.

Three models share one feature space: *worrying* (concern or urgent against none), *urgent*
(urgent against the rest) and *category* (the first labelled category of a worrying
sentence, one-vs-rest). The features are exactly scikit-learn's ``TfidfVectorizer`` with
``analyzer="char_wb"`` (character n-grams inside each word padded with spaces) and a word
``(1, 2)``-gram block, each with sublinear term frequency and its own L2 norm, so the build
script can check that the numbers here equal scikit-learn's.
"""

from __future__ import annotations

import base64
import functools
import itertools
import json
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass

from bot.domain import risk_learned_weights

_WORD = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class Learned:
    """What the models say of a text they find worrying: urgent or not, and the likeliest
    category."""

    urgent: bool
    category: str


@dataclass(frozen=True)
class _Model:
    char_range: tuple[int, int]
    char_idf: dict[str, float]
    word_idf: dict[str, float]
    # model name ("worrying", "urgent", one per category) → (intercept, character n-gram →
    # weight, word n-gram → weight); shipped with "c:" and "w:" prefixes, split on decoding.
    models: dict[str, tuple[float, dict[str, float], dict[str, float]]]
    categories: tuple[str, ...]
    # The category models inverted, n-gram → (category index, weight): one pass over a
    # message's n-grams scores every category (one pass per category cost 0.3 ms at p99).
    category_chars: dict[str, tuple[tuple[int, float], ...]]
    category_words: dict[str, tuple[tuple[int, float], ...]]
    worrying_threshold: float
    urgent_threshold: float
    max_chars: int
    trained_on: str  # a fingerprint of the training sentences (bench/risk_train.py)


def _decode(blob: str) -> _Model:
    data = json.loads(zlib.decompress(base64.b64decode(blob)))
    models = {name: (b, *_split(w)) for name, (b, w) in data["models"].items()}
    categories = tuple(data["categories"])
    return _Model(
        char_range=(data["char_range"][0], data["char_range"][1]),
        char_idf=data["char_idf"],
        word_idf=data["word_idf"],
        models=models,
        categories=categories,
        category_chars=_inverted([models[c][1] for c in categories]),
        category_words=_inverted([models[c][2] for c in categories]),
        worrying_threshold=data["worrying_threshold"],
        urgent_threshold=data["urgent_threshold"],
        max_chars=data["max_chars"],
        trained_on=data.get("trained_on", ""),
    )


def _inverted(tables: list[dict[str, float]]) -> dict[str, tuple[tuple[int, float], ...]]:
    entries: dict[str, list[tuple[int, float]]] = {}
    for index, table in enumerate(tables):
        for gram, weight in table.items():
            entries.setdefault(gram, []).append((index, weight))
    return {gram: tuple(found) for gram, found in entries.items()}


def _split(weights: dict[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    chars = {f[2:]: w for f, w in weights.items() if f.startswith("c:")}
    words = {f[2:]: w for f, w in weights.items() if f.startswith("w:")}
    return chars, words


@functools.cache
def model() -> _Model:
    # Decoded on first use, not at import: most of the bot never screens a message.
    return _decode(risk_learned_weights.BLOB)


def char_grams(document: str, low: int, high: int) -> list[str]:
    """scikit-learn's ``char_wb`` n-grams, in its order (a word shorter than n counts once)."""
    grams: list[str] = []
    for word in document.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[:n])
            while offset + n < size:
                offset += 1
                grams.append(padded[offset : offset + n])
            if offset == 0:
                break
    return grams


def word_grams(document: str) -> list[str]:
    tokens = _WORD.findall(document)
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


# One TF-IDF block of a document: n-gram → sublinear term frequency × idf, and the block's
# L2 norm (each block is normalised on its own, as scikit-learn's union of two vectorizers).
_Block = tuple[dict[str, float], float]


def _block(grams: list[str], idf: dict[str, float]) -> _Block:
    values: dict[str, float] = {}
    squares = 0.0
    for gram, count in Counter(grams).items():
        weight = idf.get(gram)
        if weight is not None:
            value = (1.0 + math.log(count)) * weight if count > 1 else weight
            values[gram] = value
            squares += value * value
    return values, math.sqrt(squares) or 1.0


def features(document: str) -> tuple[_Block, _Block]:
    """The TF-IDF vector of ``document`` (the canonical text the rules read): its character
    block and its word block."""
    m = model()
    return (
        _block(char_grams(document, *m.char_range), m.char_idf),
        _block(word_grams(document), m.word_idf),
    )


def decision(name: str, vector: tuple[_Block, _Block]) -> float:
    intercept, char_weights, word_weights = model().models[name]
    (chars, char_norm), (words, word_norm) = vector
    total = intercept
    total += sum(v * char_weights.get(g, 0.0) for g, v in chars.items()) / char_norm
    total += sum(v * word_weights.get(g, 0.0) for g, v in words.items()) / word_norm
    return total


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def complement(document: str, *, concern: bool) -> Learned | None:
    """The models' reading of ``document`` when it is short enough and they are sure enough
    (thresholds chosen at build time); None otherwise.

    With ``concern`` (the rules already found a concern) only the urgent model is asked;
    otherwise the worrying model first. The category models run only past a threshold, so
    an ordinary message costs its features and one dot product."""
    m = model()
    if len(document) > m.max_chars:
        return None
    vector = features(document)
    if not concern and _sigmoid(decision("worrying", vector)) < m.worrying_threshold:
        return None
    urgent = _sigmoid(decision("urgent", vector)) >= m.urgent_threshold
    if concern and not urgent:
        return None
    return Learned(urgent, _likeliest_category(m, vector))


def _likeliest_category(m: _Model, vector: tuple[_Block, _Block]) -> str:
    """The category whose model gives ``vector`` the highest decision value (as
    ``decision`` for each category would, in one pass)."""
    totals = [m.models[c][0] for c in m.categories]
    for (values, norm), table in ((vector[0], m.category_chars), (vector[1], m.category_words)):
        for gram, value in values.items():
            for index, weight in table.get(gram, ()):
                totals[index] += value * weight / norm
    return m.categories[max(range(len(totals)), key=totals.__getitem__)]
