"""The typed context handlers receive, and the router that hands them messages and buttons.

Which handler should take a plain text depends on stored state (is this person mid-flow? in a
conversation?), which PTB's synchronous filters cannot see. So the registration table declares
*consumers* in priority order; the first that takes the message wins, and the last resort
answers it. Button presses are dispatched by the action in their signed callback data, after
their arity is checked once, here, for every button.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.delivery.inbox import ProcessingState, current
from bot.domain.people import Person
from bot.services.shared.context import ServiceContext
from bot.storage.uow import UnitOfWork


class BotData:
    """Filled once by the composition root; PTB creates it empty."""

    services: ServiceContext | None = None
    router: Router | None = None


class EntraideContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def state(self) -> ProcessingState:
        return current.get()

    @property
    def uow(self) -> UnitOfWork:
        return current.get().uow

    @property
    def router(self) -> Router:
        router = self.bot_data.router
        if router is None:
            raise RuntimeError("router is not wired; build the bot through bootstrap")
        return router

    @property
    def services(self) -> ServiceContext:
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not wired; build the bot through bootstrap")
        return services


# Returns True when it took the message.
MessageConsumer = Callable[[Update, EntraideContext, Person], Awaitable[bool]]
# Receives the button's arguments, already checked against the declared arity.
ButtonHandler = Callable[[Update, EntraideContext, Person, list[str]], Awaitable[None]]


@dataclass(frozen=True)
class Button:
    """A button action: who handles it and how many arguments it carries (None: the service
    reads a variable list itself). A press whose arguments do not fit (signed by another
    version of the bot, say) is answered like any expired button, never indexed."""

    action: str
    handler: ButtonHandler
    arity: int | None


@dataclass(frozen=True)
class Consumer:
    """A taker of plain messages, asked in ascending ``priority``."""

    priority: int
    name: str
    consumer: MessageConsumer


@dataclass
class Router:
    consumers: list[Consumer] = field(default_factory=list)
    buttons: dict[str, Button] = field(default_factory=dict)

    def consume(self, entry: Consumer) -> None:
        self.consumers.append(entry)
        self.consumers.sort(key=lambda item: item.priority)

    def on_button(self, button: Button) -> None:
        if button.action in self.buttons:
            raise ValueError(f"button action {button.action!r} registered twice")
        self.buttons[button.action] = button

    def button_for(self, action: str, args: list[str]) -> Button | None:
        """The declared button for this press, or None when it is unknown or malformed."""
        button = self.buttons.get(action)
        if button is None or (button.arity is not None and len(args) != button.arity):
            return None
        return button
