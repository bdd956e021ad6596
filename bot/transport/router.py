"""Where plain messages and button presses go, decided in order by the features that want them.

Which handler should take a text depends on stored state (is this person mid-flow? in a
conversation?), which PTB's synchronous filters cannot see. So features register *consumers*
in priority order; the first that takes the message wins, and the last resort answers it.
Button presses are dispatched by the action in their signed callback data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram import Update

from bot.domain.people import Person
from bot.transport.context import EntraideContext

# Returns True when it took the message.
MessageConsumer = Callable[[Update, EntraideContext, Person], Awaitable[bool]]
ButtonHandler = Callable[[Update, EntraideContext, Person, list[str]], Awaitable[None]]


@dataclass
class Router:
    consumers: list[tuple[int, str, MessageConsumer]] = field(default_factory=list)
    buttons: dict[str, ButtonHandler] = field(default_factory=dict)

    def consume(self, priority: int, name: str, consumer: MessageConsumer) -> None:
        """Lower priority numbers are asked first. See registration.py for the order."""
        self.consumers.append((priority, name, consumer))
        self.consumers.sort(key=lambda item: item[0])

    def on_button(self, action: str, handler: ButtonHandler) -> None:
        if action in self.buttons:
            raise ValueError(f"button action {action!r} registered twice")
        self.buttons[action] = handler
