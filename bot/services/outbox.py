"""Helpers that turn "tell this person X" into outbox rows; nothing here talks to Telegram."""

from __future__ import annotations

from typing import Any

from bot.domain.people import Person
from bot.storage.repositories import OutgoingMessage
from bot.storage.uow import UnitOfWork

Keyboard = list[list[dict[str, str]]]


async def say(
    uow: UnitOfWork,
    person: Person,
    text: str,
    *,
    reply_to: int | None = None,
    keyboard: Keyboard | None = None,
    ref: tuple[str, str] | None = None,
) -> None:
    params: dict[str, Any] = {"text": text, "link_preview_options": {"is_disabled": True}}
    if reply_to is not None:
        # A reply to a message the person has since deleted must still arrive.
        params["reply_parameters"] = {"message_id": reply_to, "allow_sending_without_reply": True}
    if keyboard is not None:
        params["reply_markup"] = {"inline_keyboard": keyboard}
    await uow.outbox.add(
        OutgoingMessage(
            person_id=person.id,
            method="sendMessage",
            params=params,
            ref_kind=ref[0] if ref else None,
            ref_id=ref[1] if ref else None,
        )
    )
