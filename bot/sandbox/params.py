"""Bot API parameters from any of the encodings clients use.

PTB 22 (HTTPXRequest) posts `application/x-www-form-urlencoded`, or `multipart/form-data` when a
file is uploaded; every non-string value arrives JSON-encoded as a string ("123", "true",
'{"inline_keyboard": ...}'). Other clients send JSON bodies or query strings. Everything is
normalised here so methods see typed values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.models import Json, bad_request

_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "reply_parameters",
        "commands",
        "scope",
        "allowed_updates",
        "link_preview_options",
        "media",
        "menu_button",
        "message_ids",
        "rights",
    }
)
_INT_FIELDS = frozenset(
    {
        "chat_id",
        "from_chat_id",
        "message_id",
        "offset",
        "limit",
        "reply_to_message_id",
        "duration",
        "width",
        "height",
        "length",
        "cache_time",
        "max_connections",
        "user_id",
        "message_thread_id",
    }
)
_FLOAT_FIELDS = frozenset({"timeout", "latitude", "longitude"})
_BOOL_FIELDS = frozenset(
    {
        "allow_sending_without_reply",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "show_alert",
        "disable_web_page_preview",
        "has_spoiler",
        "show_caption_above_media",
        "supports_streaming",
        "disable_content_type_detection",
        "allow_paid_broadcast",
    }
)
_JSON_ERRORS = {
    "reply_markup": "can't parse reply keyboard markup JSON object",
    "entities": "can't parse entities JSON object",
    "caption_entities": "can't parse entities JSON object",
    "scope": "can't parse BotCommandScope JSON object",
}


@dataclass
class Upload:
    filename: str
    content: bytes
    content_type: str

    def summary(self) -> Json:
        return {"upload": self.filename, "size": len(self.content), "mime_type": self.content_type}


@dataclass
class Params:
    values: Json
    uploads: dict[str, Upload] = field(default_factory=dict)
    _summary: Json | None = field(default=None, repr=False)

    def has(self, name: str) -> bool:
        return self.values.get(name) is not None

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return None if value is None else str(value)

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if value is None or isinstance(value, int):
            return value
        raise bad_request(f"invalid {name} specified")

    def required_int(self, name: str) -> int:
        value = self.integer(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def chat_id(self, name: str = "chat_id") -> int:
        value = self.values.get(name)
        if value is None or value == "":
            raise bad_request(f"{name} is empty")
        if not isinstance(value, int):  # "@username": private chats cannot be reached that way
            raise bad_request("chat not found")
        return value

    def flag(self, name: str) -> bool:
        return bool(self.values.get(name))

    def obj(self, name: str) -> Any:
        return self.values.get(name)

    def summary(self) -> Json:
        """For the request log: typed values, uploads described rather than included.
        Built once and shared by the log and the BotMessage: treat it as read-only."""
        if self._summary is None:
            self._summary = dict(self.values)
            for name, upload in self.uploads.items():
                self._summary[name] = upload.summary()
        return self._summary


def _coerce(name: str, value: Any) -> Any:
    if name in _JSON_FIELDS:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(
                    _JSON_ERRORS.get(name, f"can't parse {name} JSON object")
                ) from None
        return value
    if not isinstance(value, str):
        return value
    if name in _INT_FIELDS:
        try:
            return int(value)
        except ValueError:
            return value  # left for the method to refuse in its own words
    if name in _FLOAT_FIELDS:
        try:
            return float(value)
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None
    if name in _BOOL_FIELDS:
        return value.strip().lower() in {"true", "1"}
    return value


def build_params(raw: Json, uploads: dict[str, Upload]) -> Params:
    return Params({name: _coerce(name, value) for name, value in raw.items()}, uploads)
