"""The one factory for the services' context (settings, texts, clock, button signing), as the
bot wires it."""

from __future__ import annotations

from typing import Any

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
from bot.services.reactions import REACTIONS
from bot.services.shared.buttons import ButtonCodec
from bot.services.shared.context import ServiceContext
from bot.storage.uow import Storage

TEST_BUTTON_KEY = b"k" * 32


def make_ctx(
    clock: Clock,
    storage: Storage | None = None,
    settings: Settings | None = None,
    /,
    **sections: Any,
) -> ServiceContext:
    """A service context. Settings: ``settings`` when given, else the defaults with ``sections``
    overriding them (``make_ctx(clock, network={"consent_version": 2})``). Buttons are signed
    with the key the bot derives from ``storage``'s key ring when one is given (so a running
    bot over that storage accepts them), else with a fixed test key."""
    if settings is None:
        settings = Settings.model_validate(sections) if sections else Settings()
    elif sections:
        raise TypeError("give either settings or sections, not both")
    key = storage.cipher.ring.derived_key("buttons") if storage else TEST_BUTTON_KEY
    return ServiceContext(
        settings=settings,
        t=Translator(settings.network.languages, settings.network.default_language),
        clock=clock,
        buttons=ButtonCodec(key),
        reactions=REACTIONS,
    )
