"""Training, supervision and peers' wellbeing: the rules, with no I/O.

A *module* is content (a file per module and language, read by
``bot/services/training/catalogue.py``): short lessons, a quiz of 3-6 questions, a pass mark,
whether it is required before matching and how many months a pass stays valid. This module
checks that content (``parse_module``), scores quizzes, and decides a peer's *standing*: may
they be matched (every required module passed and not expired, or still in the grace period
given to peers who were approved before training existed)?
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

# Short enough to travel in a button's callback data with the question and the option.
MODULE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,23}")
MIN_QUESTIONS, MAX_QUESTIONS = 3, 6
MIN_OPTIONS, MAX_OPTIONS = 2, 4
# Telegram shows about this much on a button before cutting it.
MAX_OPTION_CHARS = 60
MAX_LESSON_CHARS = 3500
MAX_LESSONS = 6
MAX_QUESTION_CHARS = 300
MAX_EXPLANATION_CHARS = 400
# Telegram takes 4096 characters a message; what is longer is sent in parts below this.
MESSAGE_CHARS = 4000


class ModuleError(ValueError):
    """A module file that cannot be used: which file, which field, what is wrong."""

    def __init__(self, source: str, field_name: str, problem: str) -> None:
        self.source = source
        self.field_name = field_name
        self.problem = problem
        super().__init__(f"training module {source}: {field_name}: {problem}")

    @property
    def message(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Question:
    text: str
    options: tuple[str, ...]
    answer: int
    explanation: str


@dataclass(frozen=True)
class Module:
    id: str
    language: str
    title: str
    lessons: tuple[str, ...]
    questions: tuple[Question, ...]
    pass_mark: int
    required: bool
    valid_months: int
    order: int = 0


def _need(data: Mapping[str, Any], key: str, kind: type, source: str, where: str = "") -> Any:
    name = f"{where}{key}"
    if key not in data:
        raise ModuleError(source, name, "missing")
    value = data[key]
    # bool is an int in Python: a `pass_mark = true` must not pass for 1.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ModuleError(source, name, f"must be a {kind.__name__}")
    if isinstance(value, str) and not value.strip():
        raise ModuleError(source, name, "must not be empty")
    return value


def _question(raw: object, index: int, source: str) -> Question:
    where = f"questions[{index}]."
    if not isinstance(raw, Mapping):
        raise ModuleError(source, f"questions[{index}]", "must be a table")
    for key in raw:
        if key not in ("question", "options", "answer", "explanation"):
            raise ModuleError(source, f"{where}{key}", "unknown field")
    text = _need(raw, "question", str, source, where)
    if len(text) > MAX_QUESTION_CHARS:
        raise ModuleError(
            source, f"{where}question", f"longer than {MAX_QUESTION_CHARS} characters"
        )
    options = _need(raw, "options", list, source, where)
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise ModuleError(
            source, f"{where}options", f"needs {MIN_OPTIONS} to {MAX_OPTIONS} options"
        )
    for n, option in enumerate(options):
        if not isinstance(option, str) or not option.strip():
            raise ModuleError(source, f"{where}options[{n}]", "must be a non-empty string")
        if len(option) > MAX_OPTION_CHARS:
            raise ModuleError(
                source, f"{where}options[{n}]", f"longer than {MAX_OPTION_CHARS} characters"
            )
    answer = _need(raw, "answer", int, source, where)
    if not 0 <= answer < len(options):
        raise ModuleError(
            source, f"{where}answer", f"must be an option's index, 0 to {len(options) - 1}"
        )
    explanation = _need(raw, "explanation", str, source, where)
    if len(explanation) > MAX_EXPLANATION_CHARS:
        raise ModuleError(
            source, f"{where}explanation", f"longer than {MAX_EXPLANATION_CHARS} characters"
        )
    return Question(text.strip(), tuple(o.strip() for o in options), answer, explanation.strip())


def parse_module(module_id: str, language: str, data: Mapping[str, Any], source: str) -> Module:
    """A module from a parsed file, or a ModuleError naming the file and the field."""
    if not MODULE_ID.fullmatch(module_id):
        raise ModuleError(
            source, "file name", "must be 1-24 of a-z, 0-9 and '-' (it is the module's id)"
        )
    known = {"title", "required", "valid_months", "pass_mark", "order", "lessons", "questions"}
    for key in data:
        if key not in known:
            raise ModuleError(source, key, "unknown field")
    title = _need(data, "title", str, source)
    required = _need(data, "required", bool, source)
    valid_months = _need(data, "valid_months", int, source)
    if not 1 <= valid_months <= 120:
        raise ModuleError(source, "valid_months", "must be 1 to 120")
    order = data.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool):
        raise ModuleError(source, "order", "must be a int")
    lessons = _need(data, "lessons", list, source)
    if not 1 <= len(lessons) <= MAX_LESSONS:
        raise ModuleError(source, "lessons", f"needs 1 to {MAX_LESSONS} lessons")
    for n, lesson in enumerate(lessons):
        if not isinstance(lesson, str) or not lesson.strip():
            raise ModuleError(source, f"lessons[{n}]", "must be a non-empty string")
        if len(lesson) > MAX_LESSON_CHARS:
            raise ModuleError(source, f"lessons[{n}]", f"longer than {MAX_LESSON_CHARS} characters")
    raw_questions = _need(data, "questions", list, source)
    if not MIN_QUESTIONS <= len(raw_questions) <= MAX_QUESTIONS:
        raise ModuleError(
            source, "questions", f"needs {MIN_QUESTIONS} to {MAX_QUESTIONS} questions"
        )
    questions = tuple(_question(q, n, source) for n, q in enumerate(raw_questions))
    pass_mark = _need(data, "pass_mark", int, source)
    if not 1 <= pass_mark <= len(questions):
        raise ModuleError(source, "pass_mark", f"must be 1 to {len(questions)} (right answers)")
    return Module(
        id=module_id,
        language=language,
        title=title.strip(),
        lessons=tuple(lesson.strip() for lesson in lessons),
        questions=questions,
        pass_mark=pass_mark,
        required=required,
        valid_months=valid_months,
        order=order,
    )


@dataclass(frozen=True)
class Catalogue:
    """Every module in every language; the default language's version rules what the others
    must agree on (required, validity, pass mark, number of questions and their answers)."""

    default: str
    modules: Mapping[str, Mapping[str, Module]] = field(default_factory=dict)

    @classmethod
    def build(cls, default: str, found: Iterable[tuple[Module, str]]) -> Catalogue:
        by_language: dict[str, dict[str, Module]] = {}
        sources: dict[tuple[str, str], str] = {}
        for module, source in found:
            by_language.setdefault(module.language, {})[module.id] = module
            sources[module.language, module.id] = source
        reference = by_language.get(default, {})
        for language, modules in by_language.items():
            for module in modules.values():
                source = sources[language, module.id]
                base = reference.get(module.id)
                if base is None:
                    raise ModuleError(source, "file name", f"no {default}/{module.id} version")
                for name in ("required", "valid_months", "pass_mark"):
                    if getattr(module, name) != getattr(base, name):
                        raise ModuleError(source, name, f"differs from the {default} version")
                if [q.answer for q in module.questions] != [q.answer for q in base.questions]:
                    raise ModuleError(source, "questions", f"differ from the {default} version")
        return cls(default, by_language)

    def ordered(self, language: str | None = None) -> list[Module]:
        """Modules in reading order, in ``language`` where it exists, else the default's."""
        base = self.modules.get(self.default, {})
        chosen = [self.get(mid, language) for mid in base]
        return sorted((m for m in chosen if m is not None), key=lambda m: (m.order, m.id))

    def get(self, module_id: str, language: str | None = None) -> Module | None:
        own = self.modules.get(language or "", {}).get(module_id)
        return own or self.modules.get(self.default, {}).get(module_id)

    @property
    def required_ids(self) -> list[str]:
        return [m.id for m in self.ordered() if m.required]

    def __len__(self) -> int:
        return len(self.modules.get(self.default, {}))


@dataclass(frozen=True)
class QuizOutcome:
    correct: int
    total: int
    passed: bool
    # (question index, option chosen) of every wrong answer.
    wrong: tuple[tuple[int, int], ...]


def score(module: Module, answers: Sequence[int]) -> QuizOutcome:
    wrong = tuple(
        (n, given)
        for n, (question, given) in enumerate(zip(module.questions, answers, strict=True))
        if given != question.answer
    )
    correct = len(module.questions) - len(wrong)
    return QuizOutcome(correct, len(module.questions), correct >= module.pass_mark, wrong)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def retry_at(failed_at: datetime, retry_minutes: int) -> datetime:
    return failed_at + timedelta(minutes=retry_minutes)


@dataclass(frozen=True)
class Pass:
    """A peer's latest pass of one module."""

    module_id: str
    passed_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Standing:
    """Where a peer stands against the required modules at one moment."""

    missing: tuple[str, ...]  # required, never passed
    expired: tuple[str, ...]  # required, passed once, no longer valid
    expiring: tuple[tuple[str, datetime], ...]  # required, valid, expiring within the window
    in_grace: bool

    @property
    def trained(self) -> bool:
        return not self.missing and not self.expired

    @property
    def matchable(self) -> bool:
        """The training constraint of matching: trained, or still in the grace period."""
        return self.trained or self.in_grace


def standing(
    required: Sequence[str],
    passes: Mapping[str, Pass],
    now: datetime,
    *,
    reminder_days: int,
    grace_until: datetime | None = None,
) -> Standing:
    missing, expired, expiring = [], [], []
    window = now + timedelta(days=reminder_days)
    for module_id in required:
        done = passes.get(module_id)
        if done is None:
            missing.append(module_id)
        elif done.expires_at <= now:
            expired.append(module_id)
        elif done.expires_at <= window:
            expiring.append((module_id, done.expires_at))
    in_grace = grace_until is not None and now < grace_until
    return Standing(tuple(missing), tuple(expired), tuple(expiring), in_grace)


def next_check(
    required: Sequence[str],
    passes: Mapping[str, Pass],
    now: datetime,
    *,
    reminder_days: int,
    grace_until: datetime | None,
) -> datetime | None:
    """When this peer's standing can next change by the clock alone: a reminder becoming due,
    a pass expiring, the grace period ending."""
    moments: list[datetime] = []
    before = timedelta(days=reminder_days)
    for module_id in required:
        done = passes.get(module_id)
        if done is None:
            continue
        for moment in (done.expires_at - before, done.expires_at):
            if moment > now:
                moments.append(moment)
    if grace_until is not None and grace_until > now:
        moments.append(grace_until)
    return min(moments, default=None)


def in_messages(
    parts: Sequence[str], separator: str = "\n", limit: int = MESSAGE_CHARS
) -> list[str]:
    """Parts joined into as few messages as fit Telegram's length, never splitting a part
    (one longer than ``limit`` is cut)."""
    found: list[str] = []
    current = ""
    for part in parts:
        part = part[:limit]
        joined = f"{current}{separator}{part}" if current else part
        if len(joined) > limit:
            found.append(current)
            joined = part
        current = joined
    if current or not found:
        found.append(current)
    return found
