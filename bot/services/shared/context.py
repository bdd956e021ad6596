"""What every service needs besides the unit of work: settings, texts, time, buttons, and the
features that react to what happened (domain events)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.clock import Clock
from bot.config import Settings
from bot.domain.events import Event
from bot.i18n import Translator
from bot.services.shared.buttons import ButtonCodec
from bot.storage.uow import UnitOfWork

# A feature's reaction to an event (its third argument is the event, of the type it is listed
# under in the table).
Reaction = Callable[[UnitOfWork, "ServiceContext", Any], Awaitable[None]]
Reactions = Mapping[type[Event], Sequence[Reaction]]


@dataclass(frozen=True)
class ServiceContext:
    settings: Settings
    t: Translator
    clock: Clock
    buttons: ButtonCodec
    # Built once by the composition root from bot/services/reactions.py.
    reactions: Reactions

    async def publish(self, uow: UnitOfWork, event: Event) -> None:
        """Tells every feature that reacts to this event, now and in this unit of work (see
        bot/domain/events.py); the unit of work keeps the events it saw."""
        uow.record(event)
        for react in self.reactions.get(type(event), ()):
            await react(uow, self, event)
