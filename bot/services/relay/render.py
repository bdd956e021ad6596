"""The relay's Bot API calls, written to the outbox.

A copy is what ``bot.domain.relay.plan`` decided, as ``copyMessage`` and ``sendMessage`` (for
an edit, ``editMessageText``, ``editMessageCaption`` and ``deleteMessage``); every copy that can
be replied to or edited gets a message link, filled in with the copy's id once delivered. And
the one way an answered question loses its buttons (``close_prompt``).

The pair relay and group circles both send copies this way; each keeps its links in its own
table (``LinkStore``: ``uow.pairs``, ``uow.circles``) and is told of deliveries under its own
outbox ``ref_kind``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain.people import Person
from bot.domain.relay import CAPTIONED_KINDS, Chunk, Incoming, Json, Plan
from bot.services.shared.messages import say
from bot.storage.repositories import PRIORITY_ROUTINE, OutgoingMessage
from bot.storage.uow import UnitOfWork


class CopyLink(Protocol):
    """One recorded copy: to whom, and its message id there once delivered."""

    @property
    def id(self) -> str: ...

    @property
    def recipient_id(self) -> str: ...

    @property
    def recipient_message_id(self) -> int | None: ...


class LinkStore(Protocol):
    """Where a feature records its copies (a pair's, a circle session's)."""

    async def link(
        self,
        scope_id: str,
        sender_id: str,
        sender_message_id: int,
        recipient_id: str,
        now: datetime,
    ) -> str: ...

    async def copies_of(self, sender_id: str, sender_message_id: int) -> Sequence[CopyLink]: ...

    async def drop_link(self, link_id: str) -> None: ...


# The outbox reference of a pair's copies (the dispatcher's hook records their ids).
PAIR_LINK = "link"


@dataclass(frozen=True)
class Copy:
    """One message being passed on: from whom (and the chat its original sits in), to whom,
    within which conversation (``scope_id``: a pair, a circle session) and where its links go."""

    scope_id: str
    sender_id: str
    from_chat_id: int
    partner_id: str
    msg: Incoming
    now: datetime
    links: LinkStore
    ref_kind: str = PAIR_LINK
    # The outbox lane of every row this copy writes (circles: PRIORITY_GROUP).
    priority: int = PRIORITY_ROUTINE


def _text_params(chunk: Chunk) -> Json:
    params: Json = {"text": chunk.text}
    if chunk.entities:
        params["entities"] = chunk.entities
    return params


def _reply(target: int | None) -> Json:
    if target is None:
        return {}
    # The original may have been deleted on the other side since: send anyway.
    return {"reply_parameters": {"message_id": target, "allow_sending_without_reply": True}}


async def _linked(uow: UnitOfWork, copy: Copy, method: str, params: Json) -> None:
    """One outbox row whose delivery records the copy's id (replies and edits find it)."""
    link_id = await copy.links.link(
        copy.scope_id, copy.sender_id, copy.msg.message_id, copy.partner_id, copy.now
    )
    await uow.outbox.add(
        OutgoingMessage(
            copy.partner_id, method, params, copy.ref_kind, link_id, priority=copy.priority
        )
    )


async def send_copies(uow: UnitOfWork, copy: Copy, how: Plan, reply_target: int | None) -> None:
    reply = _reply(reply_target)
    if how.label_before is not None:
        await uow.outbox.add(
            OutgoingMessage(
                copy.partner_id,
                "sendMessage",
                _text_params(how.label_before),
                priority=copy.priority,
            )
        )
    if how.copy:
        params: Json = {
            "from_chat_id": copy.from_chat_id,
            "message_id": copy.msg.message_id,
            **reply,
        }
        if how.caption is not None:
            params["caption"] = how.caption.text
            if how.caption.entities:
                params["caption_entities"] = how.caption.entities
        await _linked(uow, copy, "copyMessage", params)
        reply = {}
    for chunk in how.texts:
        await _linked(uow, copy, "sendMessage", {**_text_params(chunk), **reply})
        reply = {}


async def edit_copies(uow: UnitOfWork, copy: Copy, how: Plan) -> bool:
    """Edits the delivered copies to the new words; pieces the edit added are sent, pieces it
    no longer needs are deleted. False when no copy is delivered yet (nothing to edit)."""
    msg, partner_id = copy.msg, copy.partner_id
    # A circle's message has copies for several recipients: only this one's are edited here.
    links = [
        link
        for link in await copy.links.copies_of(copy.sender_id, msg.message_id)
        if link.recipient_message_id is not None and link.recipient_id == partner_id
    ]
    if not links:
        return False
    links.sort(key=lambda link: int(link.recipient_message_id or 0))
    texts = list(how.texts)
    if msg.kind in CAPTIONED_KINDS:
        media, *links = links
        caption = how.caption or Chunk(msg.text or "", msg.entities)
        params: Json = {"message_id": media.recipient_message_id, "caption": caption.text}
        if caption.entities:
            params["caption_entities"] = caption.entities
        await uow.outbox.add(
            OutgoingMessage(partner_id, "editMessageCaption", params, priority=copy.priority)
        )
    elif msg.kind == "text" and how.copy:
        texts = [Chunk(msg.text or "", msg.entities)]
    elif msg.kind != "text":
        return True  # stickers and video notes have no words to edit
    for index, chunk in enumerate(texts):
        if index < len(links):
            params = {"message_id": links[index].recipient_message_id, **_text_params(chunk)}
            await uow.outbox.add(
                OutgoingMessage(partner_id, "editMessageText", params, priority=copy.priority)
            )
        else:
            await _linked(uow, copy, "sendMessage", _text_params(chunk))
    for extra in links[len(texts) :]:
        await uow.outbox.add(
            OutgoingMessage(
                partner_id,
                "deleteMessage",
                {"message_id": extra.recipient_message_id},
                priority=copy.priority,
            )
        )
        await copy.links.drop_link(extra.id)
    return True


async def close_prompt(
    uow: UnitOfWork, person: Person, prompt_id: int | None, text: str | None
) -> None:
    """Takes the buttons off an answered question (showing the outcome), so it cannot be
    answered twice; without the question's id the outcome is said in a new message."""
    if prompt_id is None:
        if text:
            await say(uow, person, text)
        return
    if text:
        method, params = "editMessageText", {"message_id": prompt_id, "text": text}
    else:
        method, params = "editMessageReplyMarkup", {"message_id": prompt_id}
    await uow.outbox.add(OutgoingMessage(person.id, method, params))
