"""Helpers that turn "tell this person X" into outbox rows; nothing here talks to Telegram."""

from __future__ import annotations

import base64
from typing import Any

from bot.domain.people import Person
from bot.storage.repositories import PRIORITY_ROUTINE, PRIORITY_URGENT, OutgoingMessage
from bot.storage.uow import UnitOfWork

Keyboard = list[list[dict[str, str]]]

# A file travels in the outbox row (its payload is JSON) under this key; the dispatcher
# uploads base64-decoded ``base64`` as the multipart field ``field`` named ``filename``.
UPLOAD_KEY = "_upload"


async def say(
    uow: UnitOfWork,
    person: Person,
    text: str,
    *,
    reply_to: int | None = None,
    keyboard: Keyboard | None = None,
    ref: tuple[str, str] | None = None,
    urgent: bool = False,
) -> None:
    """Queues a message; ``urgent`` (crisis lines, urgent alerts) overtakes routine messages
    already queued for the same person."""
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
            priority=PRIORITY_URGENT if urgent else PRIORITY_ROUTINE,
        )
    )


async def send_file(
    uow: UnitOfWork,
    person: Person,
    method: str,
    field: str,
    filename: str,
    content: bytes,
    caption: str,
) -> None:
    """A file (``sendPhoto``/``photo``, ``sendDocument``/``document``) with a caption."""
    upload = {
        "field": field,
        "filename": filename,
        "base64": base64.b64encode(content).decode("ascii"),
    }
    params = {"caption": caption, UPLOAD_KEY: upload}
    await uow.outbox.add(OutgoingMessage(person.id, method, params))
