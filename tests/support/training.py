"""Helpers for the training tests: module files written for a test, and the quiz's buttons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.sandbox.models import BotMessage

# Every generated question has these options, the right one in the middle.
RIGHT, WRONG = "The right one", "A wrong one"


def module_toml(
    title: str,
    *,
    required: bool = True,
    valid_months: int = 12,
    pass_mark: int = 3,
    questions: int = 3,
    order: int = 0,
) -> str:
    lines = [
        f'title = "{title}"',
        f"required = {'true' if required else 'false'}",
        f"valid_months = {valid_months}",
        f"pass_mark = {pass_mark}",
        f"order = {order}",
        f'lessons = ["Lesson one of {title}.", "Lesson two of {title}."]',
    ]
    for n in range(questions):
        lines += [
            "",
            "[[questions]]",
            f'question = "Question {n + 1} of {title}?"',
            f'options = ["{WRONG}", "{RIGHT}", "Another wrong one"]',
            "answer = 1",
            f'explanation = "Because {n + 1} says so."',
        ]
    return "\n".join(lines) + "\n"


def write_modules(
    folder: Path, modules: dict[str, str], languages: tuple[str, ...] = ("fr", "en")
) -> Path:
    """The same module files in every language (content in English: tests read it)."""
    for language in languages:
        (folder / language).mkdir(parents=True, exist_ok=True)
        for module_id, text in modules.items():
            (folder / language / f"{module_id}.toml").write_text(text, encoding="utf-8")
    return folder


def training_config(folder: Path, **values: object) -> str:
    lines = ["[training]", f'folder = "{folder}"']
    lines += [f"{k} = {v}" for k, v in values.items()]
    return "\n".join(lines) + "\n"


def is_question(number: int, title: str = "") -> Callable[[BotMessage], bool]:
    """The quiz's question ``number`` (of the module ``title``, when given)."""
    return lambda m: m.content.startswith(f"Question {number}/") and f"of {title}" in m.content
