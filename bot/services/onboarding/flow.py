"""The machinery under onboarding's flows: their names, one turn of a flow, what a step is.

A step renders its question, takes a button answer and, for a few, typed text. What comes
next is the engine's business (``bot.services.onboarding.flows``), reached through
``Turn.engine`` so that the steps, in their own modules, need not know the order they are asked in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from bot.domain.people import Person
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import Keyboard, say
from bot.storage.flows_repo import FlowState, FlowStore
from bot.storage.repositories import OutgoingMessage
from bot.storage.uow import UnitOfWork

SEEKER, PEER, CONSENT, LANGUAGE = "seeker", "peer", "consent", "language"
MINE = frozenset({SEEKER, PEER, CONSENT, LANGUAGE})
GO = "ob.go"  # [nonce, value]: an answer to the current step
RESUME = "ob.re"  # [nonce, "r" | "o"]: resume, or start over, after /start mid-flow


def flows(uow: UnitOfWork) -> FlowStore:
    return uow.flows


class Engine(Protocol):
    async def ask(self, turn: Turn, prefix: str | None = None) -> None: ...

    async def advance(self, turn: Turn) -> None: ...


@dataclass
class Turn:
    """A person answering the current step of one of these flows."""

    uow: UnitOfWork
    ctx: ServiceContext
    person: Person
    state: FlowState
    engine: Engine
    # The message whose button was pressed, edited in place where that reads better.
    message_id: int | None = None

    @property
    def data(self) -> dict[str, Any]:
        return self.state.data

    @property
    def flow(self) -> str:
        return self.state.flow

    def t(self, key: str, **values: object) -> str:
        return self.ctx.t(self.person.language, key, **values)

    def button(self, text: str, value: str) -> dict[str, str]:
        return self.ctx.buttons.button(self.person.id, text, GO, self.state.nonce, value)

    async def say(self, text: str, keyboard: Keyboard | None = None) -> None:
        await say(self.uow, self.person, text, keyboard=keyboard)

    async def close(self) -> None:
        """The answered question loses its buttons, so it reads as answered."""
        if self.message_id is not None:
            params = {"message_id": self.message_id}
            await self.uow.outbox.add(
                OutgoingMessage(self.person.id, "editMessageReplyMarkup", params)
            )

    async def redraw(self, text: str, keyboard: Keyboard) -> None:
        """The question shows its new state in place (anew when the message is unknown)."""
        if self.message_id is None:
            await self.say(text, keyboard)
            return
        params = {
            "message_id": self.message_id,
            "text": text,
            "reply_markup": {"inline_keyboard": keyboard},
            "link_preview_options": {"is_disabled": True},
        }
        await self.uow.outbox.add(OutgoingMessage(self.person.id, "editMessageText", params))

    async def keep(self) -> None:
        """Saves answers given within a step; the nonce stays, so its buttons stay valid."""
        await self.uow.flows.keep(self.person.id, self.data, self.ctx.clock.now())

    async def go_to(self, flow: str, step: str, data: dict[str, Any]) -> None:
        """Moves to ``step`` with a fresh nonce (earlier buttons expire) and asks it."""
        self.state = await flows(self.uow).set(
            self.person.id, flow, step, data, self.ctx.clock.now()
        )
        self.message_id = None
        await self.engine.ask(self)

    async def advance(self) -> None:
        await self.engine.advance(self)

    async def save_person(self) -> None:
        await self.uow.people.save(self.person)


Render = Callable[[Turn], tuple[str, Keyboard]]
Choose = Callable[[Turn, str], Awaitable[bool]]  # False: not an answer to this step
Typed = Callable[[Turn, str], Awaitable[None]]


@dataclass(frozen=True)
class Step:
    doc: str
    render: Render
    choose: Choose
    typed: Typed | None = None
