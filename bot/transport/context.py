"""The typed context handlers receive: the update's unit of work and the services' ports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.delivery.inbox import ProcessingState, current
from bot.services.context import ServiceContext
from bot.storage.uow import UnitOfWork

if TYPE_CHECKING:
    from bot.transport.router import Router


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
