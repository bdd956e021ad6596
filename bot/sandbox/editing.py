"""editMessageText, editMessageCaption, editMessageReplyMarkup, deleteMessage(s)."""

from __future__ import annotations

from typing import Any

from bot.sandbox.messaging import check_caption, check_markup, check_text, format_text
from bot.sandbox.models import BotMessage, Json, bad_request
from bot.sandbox.params import Params
from bot.sandbox.state import World

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


def _editable(world: World, p: Params) -> tuple[BotMessage, Json]:
    if p.has("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat_id = p.chat_id()
    world.find_chat(chat_id)
    key = (chat_id, p.required_int("message_id"))
    message = world.messages.get(key)
    if message is None:
        raise bad_request("message to edit not found")
    sent = world.bot_messages.get(key)
    if sent is None:
        raise bad_request("message can't be edited")
    return sent, message


def _inline(markup: Json | None) -> Json | None:
    return markup if markup is not None and "inline_keyboard" in markup else None


def _apply(
    world: World, sent: BotMessage, message: Json, changes: Json, markup: Json | None, p: Params
) -> Json:
    """Replace the stored message (never mutate it: updates already queued may share it)."""
    edited = {
        key: value
        for key, value in message.items()
        if key not in {"entities", "caption_entities", "reply_markup"}
    }
    edited.update({key: value for key, value in changes.items() if value is not None})
    if markup is not None:
        edited["reply_markup"] = markup
    edited["edit_date"] = world.now()
    sent.edits.append(sent.snapshot())
    sent.text = edited.get("text")
    sent.caption = edited.get("caption")
    sent.entities = edited.get("entities", edited.get("caption_entities"))
    sent.parse_mode = p.text("parse_mode")
    sent.reply_markup = markup
    sent.edit_date = edited["edit_date"]
    sent.params = p.summary()
    world.store(edited)
    world.changed_in_place(sent.chat_id)
    return edited


def _same(message: Json, changes: Json, markup: Json | None) -> bool:
    return (
        all(message.get(key) == value for key, value in changes.items())
        and message.get("reply_markup") == markup
    )


def edit_text(world: World, p: Params) -> Json:
    sent, message = _editable(world, p)
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    text, entities = format_text(p, "text", "entities")
    check_text(text)
    markup = _inline(check_markup(p.obj("reply_markup")))
    changes = {"text": text, "entities": entities or None}
    if _same(message, changes, markup):
        raise bad_request(_NOT_MODIFIED)
    return _apply(world, sent, message, changes, markup, p)


def edit_caption(world: World, p: Params) -> Json:
    sent, message = _editable(world, p)
    if "text" in message or sent.kind in {"sticker", "video_note"}:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = format_text(p, "caption", "caption_entities")
    check_caption(caption)
    markup = _inline(check_markup(p.obj("reply_markup")))
    changes = {
        "caption": caption or None,
        "caption_entities": (entities or None) if caption else None,
    }
    if _same(message, changes, markup):
        raise bad_request(_NOT_MODIFIED)
    edited = _apply(
        world, sent, {k: v for k, v in message.items() if k != "caption"}, changes, markup, p
    )
    return edited


def edit_reply_markup(world: World, p: Params) -> Json:
    sent, message = _editable(world, p)
    markup = _inline(check_markup(p.obj("reply_markup")))
    if message.get("reply_markup") == markup:
        raise bad_request(_NOT_MODIFIED)
    changes = {key: message.get(key) for key in ("entities", "caption_entities")}
    return _apply(world, sent, message, changes, markup, p)


def _delete(world: World, chat_id: int, message_id: int) -> bool:
    if world.messages.pop((chat_id, message_id), None) is None:
        return False
    sent = world.bot_messages.get((chat_id, message_id))
    if sent is not None:
        sent.deleted = True
        world.changed_in_place(chat_id)
    return True


def delete_message(world: World, p: Params) -> bool:
    chat_id = p.chat_id()
    world.find_chat(chat_id)
    if not _delete(world, chat_id, p.required_int("message_id")):
        raise bad_request("message to delete not found")
    return True


def delete_messages(world: World, p: Params) -> bool:
    chat_id = p.chat_id()
    world.find_chat(chat_id)
    ids: Any = p.obj("message_ids")
    if not isinstance(ids, list) or not ids:
        raise bad_request("message identifiers are not specified")
    for message_id in ids:  # Telegram skips the ones it cannot delete
        _delete(world, chat_id, int(message_id))
    return True
