"""SimUser: a person on the other side of a private chat with the bot, driven by the test."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal, overload

from bot.sandbox.formatting import auto_entities, utf16_len
from bot.sandbox.models import BotMessage, Json
from bot.sandbox.state import World, media_object

Predicate = Callable[[BotMessage], bool] | str | None


def _as_check(predicate: Predicate) -> Callable[[BotMessage], bool]:
    if predicate is None:
        return lambda message: True
    if isinstance(predicate, str):
        needle = predicate
        return lambda message: needle in message.content
    return predicate


class SimUser:
    """Methods that make the user act queue an update for the bot and return at once; the
    `wait_*`/`next_message` coroutines wait for what the bot does about it.

    `started` is False until the user first writes to the bot: until then the bot gets 403
    "bot can't initiate conversation", as on Telegram. Set it to True to skip that step.
    """

    def __init__(
        self,
        world: World,
        user_id: int,
        first_name: str,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
    ) -> None:
        self._world = world
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.started = False
        self.blocked = False
        self.reply_keyboard: Json | None = None
        self._cursor = 0

    def __repr__(self) -> str:
        return f"SimUser({self.id}, {self.first_name!r})"

    def as_user(self) -> Json:
        user: Json = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                user[key] = getattr(self, key)
        return user

    # --- sending ----------------------------------------------------------------------------

    def send_message(self, content: Json, reply_to: int | None = None) -> int:
        """Sends a message of any content (its fields beside the id, sender, chat and date)."""
        world = self._world
        if self.blocked:  # writing to a blocked bot means pressing "Restart", which unblocks it
            self.unblock()
        self.started = True
        message: Json = {
            "message_id": world.next_message_id(self.id),
            "from": self.as_user(),
            "chat": world.chat(self),
            "date": world.now(),
            **content,
        }
        if reply_to is not None:
            target = world.get_message(self.id, reply_to)
            if target is None:
                raise ValueError(f"{self!r}: no message {reply_to} in this chat to reply to")
            message["reply_to_message"] = world.reply_stub(target)
        world.store(message)
        world.updates.push({"message": message})
        return int(message["message_id"])

    def send_text(
        self, text: str, reply_to: int | None = None, entities: list[Json] | None = None
    ) -> int:
        content: Json = {"text": text}
        found = auto_entities(text) if entities is None else entities
        if found:
            content["entities"] = found
        return self.send_message(content, reply_to)

    def send_command(self, command: str, *args: str, reply_to: int | None = None) -> int:
        command = command if command.startswith("/") else f"/{command}"
        text = " ".join([command, *args])
        entity = {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
        return self.send_message({"text": text, "entities": [entity]}, reply_to)

    def send_media(
        self,
        kind: str,
        attrs: Json,
        caption: str | None,
        reply_to: int | None,
        content: bytes | None,
    ) -> int:
        data = (
            content
            if content is not None
            else f"sandbox {kind} from {self.id} at {time.monotonic_ns()}".encode()
        )
        record = self._world.add_file(kind, data, attrs)
        fields: Json = {kind: media_object(record)}
        if caption:
            fields["caption"] = caption
            found = auto_entities(caption)
            if found:
                fields["caption_entities"] = found
        return self.send_message(fields, reply_to)

    def send_photo(
        self,
        caption: str | None = None,
        reply_to: int | None = None,
        *,
        content: bytes | None = None,
    ) -> int:
        return self.send_media("photo", {"width": 1280, "height": 960}, caption, reply_to, content)

    def send_video(
        self,
        caption: str | None = None,
        reply_to: int | None = None,
        *,
        content: bytes | None = None,
    ) -> int:
        attrs = {"width": 1280, "height": 720, "duration": 5, "mime_type": "video/mp4"}
        return self.send_media("video", attrs, caption, reply_to, content)

    def send_animation(
        self,
        caption: str | None = None,
        reply_to: int | None = None,
        *,
        content: bytes | None = None,
    ) -> int:
        attrs = {
            "width": 480,
            "height": 270,
            "duration": 3,
            "mime_type": "video/mp4",
            "file_name": "animation.mp4",
        }
        return self.send_media("animation", attrs, caption, reply_to, content)

    def send_voice(
        self,
        caption: str | None = None,
        reply_to: int | None = None,
        *,
        content: bytes | None = None,
    ) -> int:
        return self.send_media(
            "voice", {"duration": 4, "mime_type": "audio/ogg"}, caption, reply_to, content
        )

    def send_video_note(self, reply_to: int | None = None, *, content: bytes | None = None) -> int:
        return self.send_media(
            "video_note", {"length": 240, "duration": 6}, None, reply_to, content
        )

    def send_audio(
        self,
        caption: str | None = None,
        reply_to: int | None = None,
        *,
        content: bytes | None = None,
    ) -> int:
        attrs = {
            "duration": 180,
            "mime_type": "audio/mpeg",
            "title": "Track",
            "performer": "Artist",
            "file_name": "track.mp3",
        }
        return self.send_media("audio", attrs, caption, reply_to, content)

    def send_document(
        self,
        caption: str | None = None,
        reply_to: int | None = None,
        *,
        content: bytes | None = None,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
    ) -> int:
        attrs = {"file_name": file_name, "mime_type": mime_type}
        return self.send_media("document", attrs, caption, reply_to, content)

    def send_sticker(self, reply_to: int | None = None, *, emoji: str = "🙂") -> int:
        attrs = {
            "width": 512,
            "height": 512,
            "type": "regular",
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self.send_media("sticker", attrs, None, reply_to, None)

    def send_contact(
        self,
        phone_number: str = "+33612345678",
        first_name: str | None = None,
        reply_to: int | None = None,
    ) -> int:
        contact: Json = {"phone_number": phone_number, "first_name": first_name or self.first_name}
        if first_name is None:  # sharing one's own contact carries one's user id
            contact["user_id"] = self.id
        return self.send_message({"contact": contact}, reply_to)

    def send_location(
        self, latitude: float = 48.8566, longitude: float = 2.3522, reply_to: int | None = None
    ) -> int:
        return self.send_message(
            {"location": {"latitude": latitude, "longitude": longitude}}, reply_to
        )

    def send_venue(
        self,
        title: str = "Café",
        address: str = "1 rue de Rivoli, Paris",
        latitude: float = 48.8566,
        longitude: float = 2.3522,
        reply_to: int | None = None,
    ) -> int:
        location = {"latitude": latitude, "longitude": longitude}
        venue = {"location": location, "title": title, "address": address}
        return self.send_message({"venue": venue, "location": location}, reply_to)

    def send_poll(
        self,
        question: str = "Which one?",
        options: tuple[str, ...] = ("A", "B"),
        reply_to: int | None = None,
    ) -> int:
        poll = {
            "id": str(time.monotonic_ns()),
            "question": question,
            "options": [
                {"persistent_id": str(number), "text": option, "voter_count": 0}
                for number, option in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            # PTB 22.8 refuses polls without these (Bot API 9.6 / 10.0 fields).
            "allows_revoting": False,
            "members_only": False,
        }
        return self.send_message({"poll": poll}, reply_to)

    def send_dice(self, emoji: str = "🎲", value: int = 4, reply_to: int | None = None) -> int:
        return self.send_message({"dice": {"emoji": emoji, "value": value}}, reply_to)

    def edit(self, message_id: int, text: str) -> None:
        """Edit one of this user's messages: its text, or its caption if it has no text."""
        world = self._world
        original = world.get_message(self.id, message_id)
        if original is None or original["from"]["id"] != self.id:
            raise ValueError(f"{self!r}: message {message_id} is not one of mine")
        field = "text" if "text" in original else "caption"
        edited = {
            key: value
            for key, value in original.items()
            if key not in {"entities", "caption_entities"}
        }
        edited[field] = text
        found = auto_entities(text)
        if found:
            edited["entities" if field == "text" else "caption_entities"] = found
        edited["edit_date"] = world.now()
        world.store(edited)
        world.updates.push({"edited_message": edited})

    # --- buttons ----------------------------------------------------------------------------

    def press(
        self, message: BotMessage | int, button_text: str | None = None, data: str | None = None
    ) -> str:
        """Press an inline button of a bot message (by its text or its callback_data; with
        neither, the only callback button). Returns the callback query id."""
        message_id = message if isinstance(message, int) else message.message_id
        current = self._world.get_message(self.id, message_id)
        if current is None or current["from"]["id"] != self._world.bot_user["id"]:
            raise AssertionError(f"{self!r}: no bot message {message_id} in this chat")
        buttons = [
            button
            for row in current.get("reply_markup", {}).get("inline_keyboard", [])
            for button in row
            if "callback_data" in button
        ]
        chosen = [
            button
            for button in buttons
            if (button_text is None or button["text"] == button_text)
            and (data is None or button["callback_data"] == data)
        ]
        if len(chosen) != 1:
            listed = [(button["text"], button["callback_data"]) for button in buttons]
            raise AssertionError(
                f"{self!r}: {len(chosen)} callback buttons match "
                f"text={button_text!r} data={data!r} on message "
                f"{message_id}; buttons: {listed}"
            )
        return self.press_data(message_id, str(chosen[0]["callback_data"]))

    def press_data(self, message_id: int, data: str) -> str:
        """A callback query with arbitrary data, as a tampering client could send."""
        world = self._world
        message = world.get_message(self.id, message_id)
        if message is None:  # what Telegram sends for a message it no longer has
            message = {"chat": world.chat(self), "message_id": message_id, "date": 0}
        query_id = world.new_callback(self.id, self.id, message_id, data)
        world.updates.push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.as_user(),
                    "message": message,
                    "chat_instance": str(-(self.id * 7919 + world.bot_id)),
                    "data": data,
                }
            }
        )
        return query_id

    # --- blocking -----------------------------------------------------------------------------

    def block(self) -> None:
        self._membership("member", "kicked")
        self.blocked = True

    def unblock(self) -> None:
        self.blocked = False
        self._membership("kicked", "member")

    def _membership(self, old: str, new: str) -> None:
        world = self._world
        bot = world.bot_user
        new_member: Json = {"status": new, "user": bot}
        if new == "kicked":
            new_member["until_date"] = 0
        world.updates.push(
            {
                "my_chat_member": {
                    "chat": world.chat(self),
                    "from": self.as_user(),
                    "date": world.now(),
                    "old_chat_member": {
                        "status": old,
                        "user": bot,
                        **({"until_date": 0} if old == "kicked" else {}),
                    },
                    "new_chat_member": new_member,
                }
            }
        )

    # --- observing the bot --------------------------------------------------------------------

    def note_reply_markup(self, markup: Json) -> None:
        if "keyboard" in markup:
            self.reply_keyboard = markup
        elif markup.get("remove_keyboard"):
            self.reply_keyboard = None

    @property
    def received(self) -> list[BotMessage]:
        """Everything the bot sent here and did not delete, in order, in its current state."""
        return [m for m in self._world.received.get(self.id, []) if not m.deleted]

    # `timeout=` (not asyncio.timeout) because a test reads better with the limit at the call.
    @overload
    async def wait_for(  # type: ignore[overload-overlap]
        self,
        predicate: Predicate = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109
        count: Literal[1] = 1,
    ) -> BotMessage: ...

    @overload
    async def wait_for(
        self,
        predicate: Predicate = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109
        count: int,
    ) -> list[BotMessage]: ...

    async def wait_for(
        self,
        predicate: Predicate = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109
        count: int = 1,
    ) -> BotMessage | list[BotMessage]:
        """Wait until `count` received messages (old or new) satisfy `predicate` (a callable,
        or a string the text/caption must contain); returns the first or the first `count`."""
        check = _as_check(predicate)
        deadline = time.monotonic() + timeout
        log = self._world.received.setdefault(self.id, [])
        # Incremental: a benchmark waiting for thousands of messages must not rescan the chat
        # on each one (the scan runs on the sandbox's own event loop).
        matching: list[BotMessage] = []
        scanned, rewrites = 0, self._world.rewrites.get(self.id, 0)
        while True:
            if rewrites != self._world.rewrites.get(self.id, 0):
                matching, scanned, rewrites = [], 0, self._world.rewrites.get(self.id, 0)
            matching += [m for m in log[scanned:] if not m.deleted and check(m)]
            scanned = len(log)
            if len(matching) >= count:
                return matching[0] if count == 1 else matching[:count]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    self._report(f"{count} message(s) matching {predicate!r}", timeout)
                )
            await self._world.signal(self.id).wait(remaining)

    async def next_message(
        self,
        predicate: Predicate = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> BotMessage:
        """The first message not yet returned by next_message (skipping, and consuming, those
        that do not satisfy `predicate`): reads the chat like a conversation."""
        check = _as_check(predicate)
        deadline = time.monotonic() + timeout
        while True:
            log = self._world.received.get(self.id, [])
            while self._cursor < len(log):
                message = log[self._cursor]
                self._cursor += 1
                if not message.deleted and check(message):
                    return message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(self._report(f"a new message matching {predicate!r}", timeout))
            await self._world.signal(self.id).wait(remaining)

    async def wait_answer(self, query_id: str, *, timeout: float = 10.0) -> Json:  # noqa: ASYNC109
        """The bot's answerCallbackQuery parameters for this query (text, show_alert...)."""
        deadline = time.monotonic() + timeout
        while True:
            answer = self._world.callbacks[query_id].answer
            if answer is not None:
                return answer
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"{self!r}: callback query {query_id} not answered within {timeout}s"
                )
            await self._world.signal(self.id).wait(remaining)

    def _report(self, wanted: str, timeout: float) -> str:
        lines = [
            f"{self!r} did not receive {wanted} within {timeout}s; received {len(self.received)}:"
        ]
        lines += [f"  {message.describe()}" for message in self.received]
        return "\n".join(lines)
