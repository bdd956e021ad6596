"""Plain records shared by the sandbox modules: errors, stored files, messages, the request log."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


class ApiError(Exception):
    """A Bot API error answer; raising it anywhere in a method leaves the world untouched only if
    it is raised before the first mutation, so methods validate everything first."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> Json:
        answer: Json = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            answer["parameters"] = {"retry_after": self.retry_after}
        return answer


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass
class FileRecord:
    file_id: str
    file_unique_id: str
    kind: str
    content: bytes
    file_path: str
    attrs: Json = field(default_factory=dict)
    thumb: FileRecord | None = None  # photos: the small size Telegram lists first

    def as_object(self) -> Json:
        """The Bot API object (PhotoSize, Video, Voice...) describing this file."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            **self.attrs,
        }


@dataclass
class BotMessage:
    """One message the bot sent into a chat, in its current state.

    `text`/`caption` are what the user sees (after `parse_mode` was applied); `entities` are the
    entities Telegram would report; what the bot literally sent is in `params`.
    """

    message_id: int
    chat_id: int
    method: str
    kind: str
    date: int
    text: str | None = None
    caption: str | None = None
    entities: list[Json] | None = None
    parse_mode: str | None = None
    reply_to_message_id: int | None = None
    reply_markup: Json | None = None
    file_id: str | None = None
    copied_from: tuple[int, int] | None = None
    edits: list[BotMessage] = field(default_factory=list)
    params: Json = field(default_factory=dict)
    deleted: bool = False
    edit_date: int | None = None

    @property
    def content(self) -> str:
        """Text or caption, whichever the message has ("" for neither): handy in predicates."""
        return self.text if self.text is not None else (self.caption or "")

    def buttons(self) -> list[tuple[str, str | None]]:
        """Every button, row by row: (text, callback_data or url) for inline keyboards,
        (text, None) for reply keyboards."""
        markup = self.reply_markup or {}
        found: list[tuple[str, str | None]] = []
        for row in markup.get("inline_keyboard", []):
            for button in row:
                value = button.get("callback_data", button.get("url"))
                found.append((str(button.get("text", "")), value))
        for row in markup.get("keyboard", []):
            for button in row:
                text = button if isinstance(button, str) else button.get("text", "")
                found.append((str(text), None))
        return found

    def snapshot(self) -> BotMessage:
        return dataclasses.replace(self, edits=[])

    def describe(self) -> str:
        shown = self.content.replace("\n", " ")
        if len(shown) > 80:
            shown = shown[:77] + "..."
        extra = f" buttons={[text for text, _ in self.buttons()]}" if self.reply_markup else ""
        return f"#{self.message_id} {self.method}/{self.kind} {shown!r}{extra}"


@dataclass
class ApiRequest:
    """One Bot API call as the sandbox saw it. `time` is `time.monotonic()` when the call took
    effect (or was refused); uploads appear in `params` as {"upload": filename, "size": n}."""

    method: str
    params: Json
    status_code: int
    time: float
    description: str | None = None
    result: Any = None


@dataclass
class WebhookDelivery:
    update_id: int
    status_code: int | None
    time: float
    error: str | None = None
