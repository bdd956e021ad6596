"""Every text comes from the catalogues, complete in every language, and none is left in code.

The code scan reads bot/services and bot/handlers with ``ast``: any string with letters in it
that is passed as message text (``say``, ``"text"``/``"description"`` of a payload, a button's
label) is a literal a user would read, and fails; every catalogue key passed to a translator
must exist. Keys built at run time (``f"experience.{tag}"``) are covered by the services' tests,
which render every step in both languages.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.pofile import read_po

from bot.i18n import available_languages, catalog_files, message_ids

ROOT = Path(__file__).resolve().parents[2]
SCANNED = [ROOT / "bot" / "services", ROOT / "bot" / "handlers"]
KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
LANGUAGES = available_languages()


def entries(language: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in catalog_files(language):
        with path.open("rb") as fh:
            for message in read_po(fh, locale=language):
                if message.id and isinstance(message.id, str):
                    out[message.id] = str(message.string)
    return out


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def test_french_and_english_are_both_served() -> None:
    assert {"fr", "en"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_exists_in_every_language_with_the_same_placeholders(language: str) -> None:
    reference = entries("en")
    mine = entries(language)
    assert set(mine) == set(reference)
    for key, text in mine.items():
        assert text.strip(), f"{language}: {key} is empty"
        assert placeholders(text) == placeholders(reference[key]), f"{language}: {key}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_defined_twice_across_catalogue_files(language: str) -> None:
    # Catalogues are merged at load: a second definition would silently win over the first.
    seen: Counter[str] = Counter()
    for path in catalog_files(language):
        with path.open("rb") as fh:
            seen.update(
                m.id for m in read_po(fh, locale=language) if isinstance(m.id, str) and m.id
            )
    assert [key for key, n in seen.items() if n > 1] == []


# --- the code scan -----------------------------------------------------------------------------


def _has_words(node: ast.expr) -> bool:
    """A literal a person would read: some letters outside of placeholders."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[^\W\d_]", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(part) for part in node.values if isinstance(part, ast.Constant))
    return False


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _text_arguments(call: ast.Call) -> list[ast.expr]:
    """The arguments of ``call`` that become text on someone's screen."""
    name = _name(call.func)
    texts = [kw.value for kw in call.keywords if kw.arg in ("text", "caption", "description")]
    if name == "say" and len(call.args) >= 3:
        texts.append(call.args[2])
    elif name == "button" and isinstance(call.func, ast.Attribute):
        owner = call.func.value
        is_codec = isinstance(owner, ast.Attribute) and owner.attr == "buttons"
        index = 1 if is_codec else 0
        if len(call.args) > index:
            texts.append(call.args[index])
    elif name in ("BotCommand", "InlineKeyboardButton") and len(call.args) >= 2:
        texts.append(call.args[1 if name == "BotCommand" else 0])
    return texts


def scan(source: str) -> tuple[list[str], set[str]]:
    """(user-facing literals, with their line; catalogue keys passed to a translator)."""
    literals: list[str] = []
    keys: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            for arg in _text_arguments(node):
                if _has_words(arg):
                    literals.append(f"line {arg.lineno}: {ast.unparse(arg)[:60]}")
            if _name(node.func) == "t":
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        if KEY.fullmatch(arg.value):
                            keys.add(arg.value)
                        elif not re.fullmatch(r"[a-z_][a-z0-9_]*", arg.value):
                            # (A bare word is the end of a key a local helper completes.)
                            literals.append(f"line {arg.lineno}: t({arg.value[:60]!r})")
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                is_text = isinstance(key, ast.Constant) and key.value in ("text", "caption")
                if is_text and _has_words(value):
                    literals.append(f"line {value.lineno}: {ast.unparse(value)[:60]}")
    return literals, keys


def python_files() -> list[Path]:
    return sorted(p for folder in SCANNED for p in folder.rglob("*.py"))


def test_the_scan_catches_literals_and_collects_keys() -> None:
    # The control: a scan that found nothing in anything would prove nothing.
    literals, keys = scan(
        "async def f(uow, ctx, person, turn):\n"
        "    await say(uow, person, 'Hello there')\n"
        "    await say(uow, person, f'Dear {person.name}')\n"
        "    await say(uow, person, ctx.t(person.language, 'start.welcome'))\n"
        "    ctx.buttons.button(person.id, 'Press me', 'x.y')\n"
        "    turn.button('OK!', 'ok')\n"
        "    params = {'text': 'Typed in code', 'message_id': 3}\n"
        "    ctx.t(None, 'Not a key at all')\n"
        "    await say(uow, person, f'{a}\\n\\n{b}')\n"
    )
    assert len(literals) == 6
    assert keys == {"start.welcome"}


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_user_facing_literal_in_code_and_every_key_exists(path: Path) -> None:
    literals, keys = scan(path.read_text(encoding="utf-8"))
    assert literals == []
    for language in ("fr", "en"):
        missing = sorted(keys - message_ids(language))
        assert missing == [], f"{language}: {missing}"
