"""Message catalogues (gettext .po, read with Babel) and the translator the services use.

Message ids are symbolic (``start.welcome``) so every language, English included, is a full
catalogue and a missing entry is easy to detect.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).parent / "locales"


def available_languages() -> list[str]:
    return sorted(p.name for p in LOCALES_DIR.iterdir() if (p / "LC_MESSAGES").is_dir())


def catalog_files(language: str) -> list[Path]:
    """One catalogue per feature (``messages.po``, ``onboarding.po``, …), merged at load."""
    return sorted((LOCALES_DIR / language / "LC_MESSAGES").glob("*.po"))


def load_catalogs(language: str) -> list[Catalog]:
    catalogs = []
    for path in catalog_files(language):
        with path.open("rb") as fh:
            catalogs.append(read_po(fh, locale=language))
    return catalogs


@cache
def _messages(language: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for catalog in load_catalogs(language):
        for message in catalog:
            if message.id and isinstance(message.id, str) and isinstance(message.string, str):
                if message.string and not message.fuzzy:
                    out[message.id] = message.string
    return out


def message_ids(language: str) -> set[str]:
    return set(_messages(language))


class Translator:
    def __init__(self, languages: Iterable[str], default: str) -> None:
        self.languages = [lang for lang in languages if lang in available_languages()]
        self.default = default if default in self.languages else "en"

    def pick(self, language_code: str | None) -> str:
        """The best supported language for a Telegram ``language_code`` such as ``fr-CA``."""
        if language_code:
            base = language_code.split("-")[0].lower()
            if base in self.languages:
                return base
        return self.default

    def __call__(self, language: str | None, key: str, /, **values: object) -> str:
        lang = language if language in self.languages else self.default
        text = _messages(lang).get(key) or _messages(self.default).get(key)
        if text is None:
            raise KeyError(f"message {key!r} is in no catalogue")
        return text.format(**values) if values else text
