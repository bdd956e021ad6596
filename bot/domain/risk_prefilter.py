"""Which rules can match a message at all: a cheap test before the expensive one.

For each rule's expression, the literal strings one of which every match must contain are
read off its parsed form (a run of literal characters is required; a group requires what its
content requires; an alternation requires one of what each branch requires; a repeat
requires its body only when it runs at least once). A rule none of whose strings is in the
message cannot match it, so it is not run: a substring test runs at C speed, where a rule's
expression tries every position of the message. The test is exact: it only skips rules that
could not have matched, so verdicts do not change.

The parser is CPython's own (``re._parser``); where it is missing or differs, no rule is
skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

try:  # CPython's regular-expression parser; private, so read defensively
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python
    _parser = None
    _sre = None

# Strings shorter than this are in nearly every message: a set holding one is no filter.
_SHORTEST = 3
# Testing more strings than this costs about what running the expression does (measured
# on 1,000-character messages: a substring test is some 0.2 µs, an expression 20 to 70 µs).
_MOST = 64

Required = tuple[str, ...] | None


def _best(candidates: Iterable[set[str] | None]) -> set[str] | None:
    best: set[str] | None = None
    for found in candidates:
        if found is None:
            continue
        if best is None or (min(map(len, found)), -len(found)) > (
            min(map(len, best)),
            -len(best),
        ):
            best = found
    return best


def _sequence(items: Any) -> set[str] | None:
    candidates: list[set[str] | None] = []
    run: list[str] = []
    for op, value in items:
        if op is _sre.LITERAL:
            run.append(chr(value))
            continue
        if run:
            candidates.append({"".join(run)})
            run = []
        candidates.append(_item(op, value))
    if run:
        candidates.append({"".join(run)})
    return _best(candidates)


def _item(op: Any, value: Any) -> set[str] | None:
    if op is _sre.SUBPATTERN:
        return _sequence(value[-1])
    if op is _sre.ATOMIC_GROUP:
        return _sequence(value)
    if op is _sre.BRANCH:
        union: set[str] = set()
        for branch in value[1]:
            found = _sequence(branch)
            if found is None:
                return None
            union |= found
        return union
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        least, _most, body = value
        return _sequence(body) if least >= 1 else None
    return None  # classes, any character, assertions, anchors: no literal required


def required(pattern: str) -> Required:
    """Strings one of which every match of ``pattern`` contains, or None when no short set
    of strings long enough to be worth testing is required."""
    if _parser is None:
        return None
    try:
        found = _sequence(_parser.parse(pattern))
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - another parser
        return None
    if found is None or min(map(len, found)) < _SHORTEST or len(found) > _MOST:
        return None
    # A string that holds another of the set is implied by it.
    kept = [s for s in found if not any(o != s and o in s for o in found)]
    return tuple(sorted(kept, key=len))


def can_match(strings: Required, msg: str) -> bool:
    if strings is None:
        return True
    for string in strings:  # a loop, not any(): no generator to build for each rule
        if string in msg:
            return True
    return False
