"""The training modules: read from their files once, checked, and kept.

Files are ``<folder>/<language>/<module id>.toml``; the folder is ``training.folder``, or the
modules shipped in the package. A file that cannot be used stops start-up and
``python -m bot check`` with one line naming the file and the field (``ModuleError``).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from bot.config import Settings
from bot.domain.training import Catalogue, Module, ModuleError, parse_module

SHIPPED = Path(__file__).resolve().parents[2] / "training_modules"


def folder_of(settings: Settings) -> Path:
    return Path(settings.training.folder) if settings.training.folder else SHIPPED


def load(folder: Path, languages: tuple[str, ...], default: str) -> Catalogue:
    """Every module file of the network's languages, checked; a ModuleError otherwise."""
    if not folder.is_dir():
        raise ModuleError(str(folder), "training.folder", "is not a folder")
    found: list[tuple[Module, str]] = []
    for language in languages:
        for path in sorted((folder / language).glob("*.toml")):
            source = f"{language}/{path.name}"
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ModuleError(source, "file", f"not valid TOML ({exc})") from None
            except (OSError, UnicodeDecodeError) as exc:
                raise ModuleError(source, "file", f"unreadable ({type(exc).__name__})") from None
            found.append((parse_module(path.stem, language, data, source), source))
    catalogue = Catalogue.build(default, found)
    if not len(catalogue):
        raise ModuleError(f"{folder.name}/{default}", "file", "no module in the default language")
    return catalogue


@cache
def _cached(folder: str, languages: tuple[str, ...], default: str) -> Catalogue:
    return load(Path(folder), languages, default)


def modules(settings: Settings) -> Catalogue:
    """The network's catalogue (read once per process)."""
    network = settings.network
    return _cached(str(folder_of(settings)), tuple(network.languages), network.default_language)
