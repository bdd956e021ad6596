"""What every service needs besides the unit of work: settings, texts and time."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
from bot.services.shared.buttons import ButtonCodec


@dataclass(frozen=True)
class ServiceContext:
    settings: Settings
    t: Translator
    clock: Clock
    buttons: ButtonCodec
