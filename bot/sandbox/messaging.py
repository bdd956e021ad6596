"""sendMessage, send<Media>, copyMessage, forwardMessage.

Every method validates everything before its first mutation, so a refused call leaves no trace
but its entry in the request log.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox.formatting import apply_parse_mode
from bot.sandbox.models import BotMessage, FileRecord, Json, bad_request
from bot.sandbox.params import Params
from bot.sandbox.state import CONTENT_KEYS, Account, World, main_file_id, media_object, message_kind

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64

MEDIA_METHODS = {
    "sendPhoto": "photo",
    "sendVideo": "video",
    "sendAnimation": "animation",
    "sendVoice": "voice",
    "sendVideoNote": "video_note",
    "sendAudio": "audio",
    "sendDocument": "document",
    "sendSticker": "sticker",
}
_NO_CAPTION = frozenset({"video_note", "sticker"})
_DEFAULT_MIME = {
    "video": "video/mp4",
    "animation": "video/mp4",
    "voice": "audio/ogg",
    "audio": "audio/mpeg",
    "document": "application/octet-stream",
}
_UPLOAD_ATTRS: dict[str, tuple[str, ...]] = {
    "photo": ("width", "height"),
    "video": ("width", "height", "duration"),
    "animation": ("width", "height", "duration"),
    "voice": ("duration",),
    "video_note": ("length", "duration"),
    "audio": ("duration", "title", "performer"),
    "document": (),
    "sticker": (),
}
_UPLOAD_DEFAULTS: dict[str, Json] = {
    "photo": {"width": 1280, "height": 960},
    "video": {"width": 1280, "height": 720, "duration": 1},
    "animation": {"width": 480, "height": 270, "duration": 1},
    "voice": {"duration": 1},
    "video_note": {"length": 240, "duration": 1},
    "audio": {"duration": 1},
    "document": {},
    "sticker": {
        "width": 512,
        "height": 512,
        "type": "regular",
        "is_animated": False,
        "is_video": False,
    },
}


# --- checks shared with editing -------------------------------------------------------------


def format_text(p: Params, text_name: str, entities_name: str) -> tuple[str, list[Json] | None]:
    raw = p.text(text_name) or ""
    entities = p.obj(entities_name)
    if entities is not None and not isinstance(entities, list):
        raise bad_request("can't parse entities JSON object")
    return apply_parse_mode(raw, p.text("parse_mode"), entities)


def check_text(text: str) -> None:
    if not text.strip():
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")


def check_caption(caption: str) -> None:
    if len(caption) > MAX_CAPTION:
        raise bad_request("message caption is too long")


def check_markup(markup: Any) -> Json | None:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return markup
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'can\'t parse inline keyboard button: field "inline_keyboard" of '
            "the InlineKeyboardMarkup must be an Array of Arrays"
        )
    for row in rows:
        for button in row:
            _check_inline_button(button)
    return markup


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not button.get("text"):
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    actions = [key for key in button if key != "text"]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
        raise bad_request("BUTTON_URL_INVALID")


def resolve_reply(world: World, chat_id: int, p: Params) -> Json | None:
    parameters = p.obj("reply_parameters")
    if parameters is not None and not isinstance(parameters, dict):
        raise bad_request("can't parse reply parameters JSON object")
    parameters = parameters or {}
    message_id = parameters.get("message_id", p.integer("reply_to_message_id"))
    if not message_id:
        return None
    allow = parameters.get("allow_sending_without_reply", p.flag("allow_sending_without_reply"))
    target_chat = parameters.get("chat_id", chat_id)
    target = (
        world.get_message(target_chat, int(message_id)) if isinstance(target_chat, int) else None
    )
    if target is None and not allow:
        raise bad_request("message to be replied not found")
    return target


# --- composing and recording ------------------------------------------------------------------


def compose(
    world: World,
    user: Account,
    method: str,
    p: Params,
    content: Json,
    *,
    reply_to: Json | None,
    markup: Json | None,
    copied_from: tuple[int, int] | None = None,
) -> Json:
    """Record a bot message into `user`'s chat; all validation must already be done."""
    message: Json = {
        "message_id": world.next_message_id(user.id),
        "from": world.bot_user,
        "chat": world.chat(user),
        "date": world.now(),
        **content,
    }
    if reply_to is not None:
        message["reply_to_message"] = world.reply_stub(reply_to)
    if markup is not None and "inline_keyboard" in markup:
        message["reply_markup"] = markup  # Message.reply_markup only ever holds inline ones
    if p.flag("protect_content"):
        message["has_protected_content"] = True
    entities = message.get("entities", message.get("caption_entities"))
    sent = BotMessage(
        message_id=message["message_id"],
        chat_id=user.id,
        method=method,
        kind=message_kind(message),
        date=message["date"],
        text=message.get("text"),
        caption=message.get("caption"),
        entities=entities,
        parse_mode=p.text("parse_mode"),
        reply_to_message_id=reply_to["message_id"] if reply_to is not None else None,
        reply_markup=markup,
        file_id=main_file_id(message),
        copied_from=copied_from,
        params=p.summary(),
    )
    world.record_bot_message(sent, message)
    if markup is not None:
        user.note_reply_markup(markup)
    return message


def send_message(world: World, p: Params) -> Json:
    user = world.recipient(p.chat_id())
    text, entities = format_text(p, "text", "entities")
    check_text(text)
    reply_to = resolve_reply(world, user.id, p)
    markup = check_markup(p.obj("reply_markup"))
    content: Json = {"text": text}
    if entities:
        content["entities"] = entities
    return compose(world, user, "sendMessage", p, content, reply_to=reply_to, markup=markup)


def _caption_content(p: Params) -> Json:
    if p.text("caption") is None:
        return {}
    caption, entities = format_text(p, "caption", "caption_entities")
    check_caption(caption)
    content: Json = {"caption": caption} if caption else {}
    if caption and entities:
        content["caption_entities"] = entities
    if p.flag("show_caption_above_media"):
        content["show_caption_above_media"] = True
    return content


def _resolve_media(world: World, kind: str, p: Params) -> FileRecord:
    value = p.values.get(kind)
    upload = None
    if isinstance(value, str) and value.startswith("attach://"):
        upload = p.uploads.get(value.removeprefix("attach://"))
    elif value is None:
        upload = p.uploads.get(kind)
        if upload is None:
            raise bad_request(f"there is no {kind} in the request")
    if upload is not None:
        if not upload.content:
            raise bad_request("file must be non-empty")
        attrs: Json = dict(_UPLOAD_DEFAULTS[kind])
        attrs.update({name: p.values[name] for name in _UPLOAD_ATTRS[kind] if p.has(name)})
        if kind != "photo" and kind != "sticker":
            mime = upload.content_type
            attrs["mime_type"] = (
                mime if mime != "application/octet-stream" else _DEFAULT_MIME.get(kind, mime)
            )
        if kind in {"document", "audio", "animation", "video"}:
            attrs["file_name"] = upload.filename
        return world.add_file(kind, upload.content, attrs)
    if not isinstance(value, str) or value.startswith(("http://", "https://")):
        raise bad_request("wrong file identifier/HTTP URL specified")
    record = world.files.get(value)
    if record is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if record.kind != kind:
        raise bad_request(f"can't use file of type {_title(record.kind)} as {_title(kind)}")
    return record


def _title(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_"))


def send_media(world: World, p: Params, method: str) -> Json:
    kind = MEDIA_METHODS[method]
    user = world.recipient(p.chat_id())
    content = {} if kind in _NO_CAPTION else _caption_content(p)
    reply_to = resolve_reply(world, user.id, p)
    markup = check_markup(p.obj("reply_markup"))
    record = _resolve_media(world, kind, p)
    content[kind] = media_object(record)
    if kind == "sticker" and p.has("emoji"):
        content[kind]["emoji"] = p.text("emoji")
    if p.flag("has_spoiler"):
        content["has_media_spoiler"] = True
    return compose(world, user, method, p, content, reply_to=reply_to, markup=markup)


def _source(world: World, p: Params, missing: str) -> Json:
    from_chat = p.chat_id("from_chat_id")
    world.find_chat(from_chat)
    source = world.get_message(from_chat, p.required_int("message_id"))
    if source is None:
        raise bad_request(missing)
    return source


def copy_message(world: World, p: Params) -> Json:
    user = world.recipient(p.chat_id())
    source = _source(world, p, "message to copy not found")
    content = {key: source[key] for key in CONTENT_KEYS if key in source}
    if "caption" in p.values and message_kind(source) not in {"text", *_NO_CAPTION}:
        for key in ("caption", "caption_entities", "show_caption_above_media"):
            content.pop(key, None)
        content.update(_caption_content(p))
    reply_to = resolve_reply(world, user.id, p)
    markup = check_markup(p.obj("reply_markup"))
    copied = compose(
        world,
        user,
        "copyMessage",
        p,
        content,
        reply_to=reply_to,
        markup=markup,
        copied_from=(source["chat"]["id"], source["message_id"]),
    )
    return {"message_id": copied["message_id"]}


def forward_message(world: World, p: Params) -> Json:
    user = world.recipient(p.chat_id())
    source = _source(world, p, "message to forward not found")
    content = {key: source[key] for key in CONTENT_KEYS if key in source}
    content["forward_origin"] = {
        "type": "user",
        "sender_user": source["from"],
        "date": source["date"],
    }
    return compose(
        world,
        user,
        "forwardMessage",
        p,
        content,
        reply_to=None,
        markup=None,
        copied_from=(source["chat"]["id"], source["message_id"]),
    )
