"""What a sender may throw at the bot: text, commands with odd arguments, media, edits, and
button presses with random, tampered, forged or replayed callback data."""

from __future__ import annotations

import string
from dataclasses import dataclass

from hypothesis import strategies as st

from bot.sandbox import SimUser
from bot.services.shared.buttons import SEP
from tests.fuzz.world import World

KEYWORDS = (
    "peer", "coordinator", "seeker", "all", "peers", "list", "add", "remove", "fr", "en",
    "crisis_line", "0", "1", "-1", "99999999999999999999", "3.5", "NaN", "@", "@entraide_fuzz_bot",
    "'; DROP TABLE people; --", "%s", "{name}", "${x}", "\\", "|", "null",
)  # fmt: skip
PHRASES = (
    "hello", "bonjour", "I want to die", "je veux mourir", "call me on +33 6 12 34 56 78",
    "write to someone@example.org", "@somebody", "t.me/somebody", "3", "yes", "oui", "skip",
    "/", "//", "/ start", "/start@other_bot", "/START", "\u202e/sos", "\u200b",
)  # fmt: skip
TAG_ALPHABET = string.ascii_letters + string.digits + "-_"
MEDIA = ("photo", "sticker", "voice", "document", "contact", "location", "venue", "poll", "dice")


@dataclass(frozen=True)
class Step:
    kind: str  # "text" | "command" | "media" | "edit" | "press"
    text: str = ""  # the text, the caption, or the callback data
    media: str = ""
    message_id: int = 0

    @property
    def editable(self) -> bool:
        return self.kind in ("text", "command") or self.media in ("photo", "document")

    def act(self, user: SimUser) -> int | None:
        """What the simulated user does; the id of the message they sent, if any."""
        if self.kind in ("text", "command"):
            # The command entity covers "/name" (a text from the sandbox gets it too).
            return user.send_text(self.text)
        if self.kind == "edit":
            user.edit(self.message_id, self.text)
            return None
        if self.kind == "press":
            user.press_data(self.message_id, self.text)
            return None
        sender = {
            "photo": lambda: user.send_photo(caption=self.text or None),
            "document": lambda: user.send_document(caption=self.text or None),
            "voice": lambda: user.send_voice(),
            "sticker": lambda: user.send_sticker(),
            "contact": lambda: user.send_contact(),
            "location": lambda: user.send_location(),
            "venue": lambda: user.send_venue(),
            "poll": lambda: user.send_poll(),
            "dice": lambda: user.send_dice(),
        }[self.media]
        return sender()


def words(world: World) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(world.tokens),
        st.sampled_from(KEYWORDS),
        st.integers(-(10**12), 10**20).map(str),
        st.uuids().map(str),
        st.text(min_size=1, max_size=24).filter(lambda s: s.strip() != ""),
    )


def texts(world: World) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(min_size=1, max_size=200),
        st.sampled_from(PHRASES),
        words(world),
        st.lists(words(world), min_size=1, max_size=6).map(" ".join),
        # Huge, up to Telegram's limit for one message.
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=4096),
    ).filter(lambda s: s.strip() != "")


@st.composite
def commands(draw: st.DrawFn, world: World) -> str:
    name = draw(st.sampled_from(world.bot.commands()))
    mention = draw(st.sampled_from(("", "", "", "@entraide_fuzz_bot", "@someone_else_bot")))
    args = draw(st.lists(st.one_of(words(world), st.just(""), texts(world)), max_size=4))
    separator = draw(st.sampled_from((" ", " ", "\n", "  ")))
    return separator.join([f"/{name}{mention}", *args]).rstrip() or f"/{name}"


INDEX = st.integers(0, 2**16)


def _tamper(data: str, how: int, tag: str, token: str, cut: int) -> str:
    body, _, old_tag = data.rpartition(SEP)
    parts = body.split(SEP)
    return [
        data,  # pressed as is, by someone it was not made for
        f"{body}{SEP}{tag}",
        SEP.join([parts[0], token, *parts[2:]]) + SEP + old_tag,
        data[: cut % (len(data) + 1)],
        f"{body}{SEP}x{SEP}{old_tag}",
        body,
    ][how]


@st.composite
def callbacks(draw: st.DrawFn, world: World, sender_id: str | None) -> str:
    """The draws never depend on what the bot has sent so far (Hypothesis replays them against
    another history): indexes are drawn, and resolved against the buttons known right now."""
    bot = world.bot
    how = draw(st.sampled_from(("random", "structured", "tampered", "replayed", "forged")))
    random_data = draw(st.text(max_size=80))
    action = draw(st.sampled_from(bot.actions()))
    args = draw(st.lists(words(world), max_size=3))
    tag = draw(st.text(alphabet=TAG_ALPHABET, min_size=11, max_size=11))
    pick, tamper, token, cut = draw(INDEX), draw(st.integers(0, 5)), draw(INDEX), draw(INDEX)
    others = sorted({b for pid, bs in bot.buttons.items() if pid != sender_id for b in bs})
    own = bot.buttons.get(sender_id or "", [])
    if how == "tampered" and others:
        chosen = others[pick % len(others)]
        return _tamper(chosen, tamper, tag, world.tokens[token % len(world.tokens)], cut)
    if how == "replayed" and own:
        return own[pick % len(own)]  # a button the sender was sent, possibly long ago
    if how == "forged" and sender_id:
        # Signed for the sender but naming anyone's objects: what a stale button from another
        # version of the bot could carry. The handler must still check ownership itself.
        for n in range(len(args), -1, -1):
            try:
                return bot.services.buttons.encode(sender_id, action, *args[:n])
            except ValueError:  # too long for Telegram's 64 bytes, or a "|" inside
                continue
    if how == "random":
        return random_data
    return SEP.join([action, *args, tag])


@st.composite
def steps(draw: st.DrawFn, world: World, sender_id: str | None) -> Step:
    kind = draw(st.sampled_from(("text", "command", "command", "press", "press", "media", "edit")))
    if kind == "text":
        return Step("text", draw(texts(world)))
    if kind == "command":
        return Step("command", draw(commands(world)))
    if kind == "media":
        caption = draw(st.one_of(st.just(""), texts(world)))
        return Step("media", caption[:1024], media=draw(st.sampled_from(MEDIA)))
    if kind == "edit":
        text, pick = draw(st.one_of(texts(world), commands(world))), draw(INDEX)
        sent = world.sent_message_ids
        return Step("edit", text, message_id=sent[pick % len(sent)]) if sent else Step("text", text)
    # Tampering may go past Telegram's 64 bytes too: a client can send what it likes.
    data = draw(callbacks(world, sender_id))
    return Step("press", data, message_id=draw(st.integers(1, 10_000)))
