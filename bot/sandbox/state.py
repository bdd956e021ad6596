"""Everything the simulated Telegram knows: users and their private chats, every message indexed
by (chat_id, message_id), files, callback queries, commands and the update queue."""

from __future__ import annotations

import base64
import itertools
import time
from dataclasses import dataclass
from typing import Any, Protocol

from bot.sandbox.models import ApiError, ApiRequest, BotMessage, FileRecord, Json, bad_request
from bot.sandbox.notify import Signal
from bot.sandbox.updates import UpdateQueue


class Account(Protocol):
    """What the world needs of a user (``users.SimUser`` is the one kind; the world does not
    import it, so that the user can act on the world without a cycle)."""

    id: int
    first_name: str
    last_name: str | None
    username: str | None
    started: bool
    blocked: bool

    def note_reply_markup(self, markup: Json) -> None: ...


_FOLDERS = {
    "photo": ("photos", "jpg"),
    "video": ("videos", "mp4"),
    "animation": ("animations", "mp4"),
    "voice": ("voice", "oga"),
    "video_note": ("video_notes", "mp4"),
    "audio": ("music", "mp3"),
    "document": ("documents", "pdf"),
    "sticker": ("stickers", "webp"),
}

MEDIA_KINDS = tuple(_FOLDERS)
# Message fields that carry content (what copyMessage copies), as opposed to metadata.
CONTENT_KEYS = (
    "text",
    "entities",
    *MEDIA_KINDS,
    "caption",
    "caption_entities",
    "has_media_spoiler",
    "show_caption_above_media",
    "contact",
    "location",
    "venue",
    "poll",
    "dice",
)
_KIND_ORDER = (*MEDIA_KINDS, "venue", "contact", "location", "poll", "dice", "text")


def message_kind(message: Json) -> str:
    """The kind of content a message holds; "venue" wins over the "location" it also carries."""
    return next((kind for kind in _KIND_ORDER if kind in message), "other")


def main_file_id(message: Json) -> str | None:
    for kind in MEDIA_KINDS:
        media = message.get(kind)
        if isinstance(media, list):  # photo: sizes, largest last
            return str(media[-1]["file_id"])
        if isinstance(media, dict):
            return str(media["file_id"])
    return None


def media_object(record: FileRecord) -> Any:
    """The message field for a file: photos come as a list of sizes, largest last."""
    if record.thumb is not None:
        return [record.thumb.as_object(), record.as_object()]
    if record.kind == "photo":
        return [record.as_object()]
    return record.as_object()


@dataclass
class CallbackQuery:
    query_id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    answer: Json | None = None


class World:
    def __init__(self, token: str, bot_username: str, bot_name: str) -> None:
        prefix, _, secret = token.partition(":")
        if not prefix.isdigit() or not secret:
            raise ValueError("token must look like '123456:SECRET'")
        self.token = token
        self.bot_id = int(prefix)
        self.bot_user: Json = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
        }
        self.users: dict[int, Account] = {}
        self.messages: dict[tuple[int, int], Json] = {}
        self.bot_messages: dict[tuple[int, int], BotMessage] = {}
        self.received: dict[int, list[BotMessage]] = {}
        self.files: dict[str, FileRecord] = {}
        self.files_by_path: dict[str, FileRecord] = {}
        self.updates = UpdateQueue()
        self.callbacks: dict[str, CallbackQuery] = {}
        self.commands: dict[tuple[str, int | None, int | None, str], list[Json]] = {}
        self.settings: dict[tuple[str, str], Json] = {}
        self.requests: list[ApiRequest] = []
        self._last_message_id: dict[int, int] = {}
        self._signals: dict[int, Signal] = {}
        # Per chat, bumped when a sent message is edited or deleted: waiters then rescan.
        self.rewrites: dict[int, int] = {}
        self._file_seq = itertools.count(1)
        self._callback_seq = itertools.count(1)

    @staticmethod
    def now() -> int:
        return int(time.time())

    def next_message_id(self, chat_id: int) -> int:
        """Per chat and shared by both sides of the chat, like Telegram's private chats."""
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        return message_id

    def changed_in_place(self, chat_id: int) -> None:
        self.rewrites[chat_id] = self.rewrites.get(chat_id, 0) + 1
        self.signal(chat_id).notify()

    def signal(self, chat_id: int) -> Signal:
        signal = self._signals.get(chat_id)
        if signal is None:
            signal = self._signals[chat_id] = Signal()
        return signal

    # --- chats ----------------------------------------------------------------------------------

    def chat(self, user: Account) -> Json:
        chat: Json = {"id": user.id, "type": "private", "first_name": user.first_name}
        if user.last_name:
            chat["last_name"] = user.last_name
        if user.username:
            chat["username"] = user.username
        return chat

    def find_chat(self, chat_id: object) -> Account:
        user = self.users.get(chat_id) if isinstance(chat_id, int) else None
        if user is None:
            raise bad_request("chat not found")
        return user

    def recipient(self, chat_id: object) -> Account:
        """A chat the bot may send into now: Telegram refuses users who blocked the bot or never
        opened a chat with it."""
        user = self.find_chat(chat_id)
        if user.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if not user.started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return user

    # --- messages -------------------------------------------------------------------------------

    def store(self, message: Json) -> None:
        self.messages[(message["chat"]["id"], message["message_id"])] = message

    def get_message(self, chat_id: int, message_id: int) -> Json | None:
        return self.messages.get((chat_id, message_id))

    @staticmethod
    def reply_stub(message: Json) -> Json:
        """Telegram nests only one level of reply_to_message."""
        return {key: value for key, value in message.items() if key != "reply_to_message"}

    def record_bot_message(self, sent: BotMessage, message: Json) -> None:
        self.store(message)
        self.bot_messages[(sent.chat_id, sent.message_id)] = sent
        self.received.setdefault(sent.chat_id, []).append(sent)
        self.signal(sent.chat_id).notify()

    # --- files ----------------------------------------------------------------------------------

    def add_file(self, kind: str, content: bytes, attrs: Json | None = None) -> FileRecord:
        thumb = None
        if kind == "photo":
            thumb = self._new_file("photo", content[:1024], {"width": 90, "height": 67})
        record = self._new_file(kind, content, attrs)
        record.thumb = thumb
        return record

    def _new_file(self, kind: str, content: bytes, attrs: Json | None) -> FileRecord:
        number = next(self._file_seq)
        folder, extension = _FOLDERS.get(kind, ("documents", "bin"))
        # Long opaque ids like Telegram's (~70 chars) so column-length bugs show up in tests.
        raw = f"{kind}:{number}:{self.bot_id}".encode().ljust(51, b".")
        record = FileRecord(
            file_id="BQACAgQAAx" + base64.urlsafe_b64encode(raw).decode().rstrip("="),
            file_unique_id="AgAD"
            + base64.urlsafe_b64encode(number.to_bytes(8, "big")).decode().rstrip("="),
            kind=kind,
            content=content,
            file_path=f"{folder}/file_{number}.{extension}",
            attrs=dict(attrs or {}),
        )
        self.files[record.file_id] = record
        self.files_by_path[record.file_path] = record
        return record

    # --- callback queries -----------------------------------------------------------------------

    def new_callback(self, user_id: int, chat_id: int, message_id: int, data: str) -> str:
        query_id = str(4_000_000_000_000_000 + next(self._callback_seq))
        self.callbacks[query_id] = CallbackQuery(query_id, user_id, chat_id, message_id, data)
        return query_id
