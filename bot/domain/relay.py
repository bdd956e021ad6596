"""What the relay may pass on, what it must hold, and how a labelled text is cut to fit.

Pure functions over the Bot API's message dict (as ``Message.to_dict()`` gives it). Entity
offsets and lengths are counted in UTF-16 code units, as Telegram counts them, so every shift
and cut here is done in those units.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# Contact screening has its own module; its names stay importable from here.
from bot.domain.contact import CONTACT_KINDS as CONTACT_KINDS
from bot.domain.contact import EMAIL as EMAIL
from bot.domain.contact import HANDLE as HANDLE
from bot.domain.contact import LINK as LINK
from bot.domain.contact import PHONE as PHONE
from bot.domain.contact import USERNAME as USERNAME
from bot.domain.contact import contact_details as contact_details
from bot.domain.contact import spelled_phone as spelled_phone

# ``Pair.paused_by`` values, defined with the pair's rules; still importable from here.
from bot.domain.pairs import PAUSED_BY_COORDINATION as PAUSED_BY_COORDINATION
from bot.domain.pairs import PAUSED_UNREACHABLE as PAUSED_UNREACHABLE
from bot.domain.pairs import Pair

Json = dict[str, Any]

# Telegram's limits, in UTF-16 code units (never more than its own count in characters).
MAX_TEXT = 4096
MAX_CAPTION = 1024

# Kinds passed on as copies. Order matters: an animation message also carries a "document".
RELAYED_KINDS = (
    "animation",
    "photo",
    "video",
    "voice",
    "video_note",
    "audio",
    "document",
    "sticker",
    "text",
)
# Refused: the first three reveal who or where someone is; the others cannot be copied into a
# private conversation meaningfully. A venue also carries a location, so it is looked at first.
REFUSED_KINDS = ("venue", "contact", "location", "poll", "game", "dice")
# Kinds whose copy can carry a caption (and so a caption label).
CAPTIONED_KINDS = frozenset({"animation", "photo", "video", "voice", "audio", "document"})
OTHER = "other"


def classify(message: Json) -> str:
    """The kind of one incoming message: a relayed kind, a refused kind, or ``"other"``."""
    for kind in REFUSED_KINDS:
        if message.get(kind):
            return kind
    for kind in RELAYED_KINDS:
        if message.get(kind):
            return kind
    return OTHER


def is_relayed(kind: str) -> bool:
    return kind in RELAYED_KINDS


def body_of(message: Json) -> tuple[str | None, list[Json]]:
    """The words a person wrote (text or caption) and their entities."""
    if message.get("text") is not None:
        return str(message["text"]), list(message.get("entities") or [])
    if message.get("caption") is not None:
        return str(message["caption"]), list(message.get("caption_entities") or [])
    return None, []


def is_command(message: Json) -> bool:
    """A text that starts with a bot command (one no command handler took)."""
    return any(
        e.get("type") == "bot_command" and e.get("offset") == 0
        for e in message.get("entities") or []
    )


def foreign_parts(message: Json) -> bool:
    """A message sent through an inline bot (``via_bot``), or carrying buttons: its attribution
    and URL buttons would travel with a copy, and could lead to someone's identity."""
    return bool(message.get("via_bot") or message.get("reply_markup"))


def attachment_words(message: Json) -> list[str]:
    """Words a file carries besides its caption: the file name of a document, audio, video or
    animation, and an audio's performer and title. The other side sees them all."""
    out: list[str] = []
    for kind in ("document", "audio", "video", "animation"):
        media = message.get(kind)
        if isinstance(media, dict):
            out += [str(media[k]) for k in ("file_name", "performer", "title") if media.get(k)]
    return list(dict.fromkeys(out))


# ---- labels and cutting -----------------------------------------------------------------------


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Chunk:
    text: str
    entities: list[Json] = field(default_factory=list)


def _offsets(text: str) -> list[int]:
    """UTF-16 offset of each code point, plus the total at the end."""
    out = [0]
    for char in text:
        out.append(out[-1] + (2 if ord(char) > 0xFFFF else 1))
    return out


def _joins(text: str, index: int) -> bool:
    """Cutting before ``index`` would split one visible character (emoji sequence, accent)."""
    if index <= 0 or index >= len(text):
        return False
    here, before = text[index], text[index - 1]
    return (
        unicodedata.combining(here) != 0
        or here in "\u200d\ufe0e\ufe0f"
        or before == "\u200d"
        or 0x1F3FB <= ord(here) <= 0x1F3FF  # skin tone modifiers
    )


def _cut_points(text: str, limit: int) -> list[int]:
    """Code point indices where the text is cut so that no piece exceeds ``limit``."""
    offsets = _offsets(text)
    cuts: list[int] = []
    start = 0
    while offsets[-1] - offsets[start] > limit:
        end = start
        while end < len(text) and offsets[end + 1] - offsets[start] <= limit:
            end += 1
        # Prefer a line break, then a space, in the second half of the piece.
        floor = start + max(1, (end - start) // 2)
        cut = next((i + 1 for i in range(end - 1, floor - 1, -1) if text[i] == "\n"), None)
        if cut is None:
            cut = next((i + 1 for i in range(end - 1, floor - 1, -1) if text[i].isspace()), None)
        if cut is None:
            cut = end
            while cut > start + 1 and _joins(text, cut):
                cut -= 1
        cuts.append(cut)
        start = cut
    return cuts


def _slice_entities(entities: list[Json], start: int, end: int, shift: int) -> list[Json]:
    """Entities clipped to the UTF-16 range [start, end), moved to begin at ``shift``."""
    out = []
    for entity in entities:
        lo = max(int(entity["offset"]), start)
        hi = min(int(entity["offset"]) + int(entity["length"]), end)
        if hi > lo:
            out.append({**entity, "offset": lo - start + shift, "length": hi - lo})
    return out


def split_text(text: str, entities: list[Json] | None, limit: int = MAX_TEXT) -> list[Chunk]:
    """The text in pieces of at most ``limit`` UTF-16 units, entities carried over; nothing is
    dropped: the pieces joined give the text back."""
    if limit < 1:
        raise ValueError("limit must be positive")
    offsets = _offsets(text)
    bounds = [0, *_cut_points(text, limit), len(text)]
    chunks = []
    for lo, hi in itertools.pairwise(bounds):
        piece = _slice_entities(entities or [], offsets[lo], offsets[hi], 0)
        chunks.append(Chunk(text[lo:hi], piece))
    return chunks


def labelled(label: str, text: str, entities: list[Json] | None) -> Chunk:
    """``label`` in bold on its own line, then the text with its entities shifted below it."""
    head = label + "\n"
    shift = utf16_len(head)
    moved = _slice_entities(entities or [], 0, utf16_len(text), shift)
    return Chunk(head + text, [{"type": "bold", "offset": 0, "length": utf16_len(label)}, *moved])


def labelled_chunks(
    label: str, text: str, entities: list[Json] | None, limit: int = MAX_TEXT
) -> list[Chunk]:
    """A labelled text cut into messages Telegram accepts, each piece labelled again, so every
    message says which conversation it belongs to."""
    room = limit - utf16_len(label + "\n")
    return [labelled(label, c.text, c.entities) for c in split_text(text, entities, room)]


def labelled_caption(
    label: str, caption: str | None, entities: list[Json] | None, limit: int = MAX_CAPTION
) -> Chunk | None:
    """The caption with the label above it, or None when that would not fit (the label then
    goes in a message of its own)."""
    if not caption:
        return Chunk(label, [{"type": "bold", "offset": 0, "length": utf16_len(label)}])
    chunk = labelled(label, caption, entities)
    return chunk if utf16_len(chunk.text) <= limit else None


# ---- one incoming message ---------------------------------------------------------------------


class HoldReason(StrEnum):
    """Why a message (or a report's reason) waits for its sender's answer."""

    CONTACT = "contact"  # it looks like contact details: send anyway, or not?
    CHOOSE = "choose"  # several conversations and none in focus: which one?
    REPORT = "report"  # a /report reason: about which conversation?


@dataclass(frozen=True)
class Incoming:
    """A message as the relay needs it; no sender name or id, so it can be held as is."""

    message_id: int
    kind: str
    text: str | None
    entities: list[Json] = field(default_factory=list)
    reply_to: int | None = None
    edit: bool = False
    # Other words the copy shows: file names, an audio's performer and title (screened too).
    shown: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, message: Json, *, edit: bool = False) -> Incoming:
        text, entities = body_of(message)
        reply = message.get("reply_to_message") or {}
        return cls(
            message_id=int(message["message_id"]),
            kind=classify(message),
            text=text,
            entities=entities,
            reply_to=int(reply["message_id"]) if reply.get("message_id") else None,
            edit=edit,
            shown=attachment_words(message),
        )

    def to_json(self) -> Json:
        return {
            "message_id": self.message_id,
            "kind": self.kind,
            "text": self.text,
            "entities": self.entities,
            "reply_to": self.reply_to,
            "edit": self.edit,
            "shown": self.shown,
        }

    @classmethod
    def from_json(cls, data: Json) -> Incoming:
        return cls(
            message_id=int(data["message_id"]),
            kind=str(data["kind"]),
            text=data.get("text"),
            entities=list(data.get("entities") or []),
            reply_to=data.get("reply_to"),
            edit=bool(data.get("edit")),
            shown=[str(w) for w in data.get("shown") or []],
        )

    @property
    def editable(self) -> bool:
        """Whether an edit of it can change a copy (live locations and the like cannot)."""
        return self.kind == "text" or self.kind in CAPTIONED_KINDS

    @property
    def contact_details(self) -> list[str]:
        """The kinds of contact details its words (and the words its file shows) carry."""
        return contact_details(self.text, self.entities, self.shown)


def refusal(message: Json, kind: str) -> str | None:
    """Why a new message is not passed on at all (``relay.refused.<reason>``), or None: sent
    through an inline bot or with buttons ("via_bot"), a refused kind (its name), or a kind the
    relay does not know ("other")."""
    if foreign_parts(message):
        return "via_bot"
    if is_relayed(kind):
        return None
    return kind if kind in REFUSED_KINDS else OTHER


# ---- routing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """Where a new message goes: a conversation (and the copy it replies to there), back into
    a conversation that has ended (``into_ended``), or nowhere yet (the sender must choose)."""

    pair: Pair | None = None
    reply_target: int | None = None
    into_ended: bool = False

    @property
    def needs_choice(self) -> bool:
        return self.pair is None and not self.into_ended


def route(
    pairs: Sequence[Pair],
    focus_pair_id: str | None,
    *,
    replied_pair_id: str | None = None,
    reply_target: int | None = None,
) -> Route:
    """A reply goes to the conversation of the message it replies to (``replied_pair_id``,
    with ``reply_target`` the matching message in the other chat); otherwise the only open
    conversation, or the one in focus; otherwise the sender is asked."""
    by_id = {p.id: p for p in pairs}
    if replied_pair_id is not None:
        found = by_id.get(replied_pair_id)
        return Route(found, reply_target) if found is not None else Route(into_ended=True)
    return Route(focused(pairs, focus_pair_id))


def focused(pairs: Sequence[Pair], focus_pair_id: str | None) -> Pair | None:
    """The conversation a message or a command without a name is about, if that is clear:
    the only open one, else the one in focus (``/with``)."""
    if len(pairs) == 1:
        return pairs[0]
    return next((p for p in pairs if p.id == focus_pair_id), None)


def screening_pair(person_id: str, pairs: Sequence[Pair]) -> Pair | None:
    """The pair words not (yet) bound for a pair are screened against: the person's own pair
    as a seeker if they have one, else their first."""
    return next((p for p in pairs if p.seeker_id == person_id), pairs[0] if pairs else None)


def needs_label(recipient_pairs: int) -> bool:
    """A copy says whose it is only when its recipient has several conversations."""
    return recipient_pairs >= 2


def names_clash(name: str, others: Iterable[str]) -> bool:
    """Whether the recipient talks with someone else of the same pseudonym (any case): the
    label then adds the pair's code."""
    return any(other.casefold() == name.casefold() for other in others)


# ---- the plan of a copy -----------------------------------------------------------------------


@dataclass
class Plan:
    """How one message reaches the other chat."""

    copy: bool  # the message itself is copied (media, or a text that needs no label)
    caption: Chunk | None = None  # replaces the copy's caption; None keeps the original
    label_before: Chunk | None = None  # a label message first (stickers, video notes)
    texts: list[Chunk] = field(default_factory=list)  # then these as plain text messages


def plan(msg: Incoming, label: str | None) -> Plan:
    """What to send for ``msg``, with ``label`` (the sender's name line) when the recipient
    has several conversations: a plain copy when nothing needs changing; a text as labelled
    (and, if too long, cut) messages; media as a copy with the label above the caption, the
    caption sent as texts when the two do not fit together; stickers and video notes, which
    have no caption, after a label message of their own."""
    text, entities = msg.text, msg.entities
    if msg.kind == "text":
        body = text or ""
        if label is None and utf16_len(body) <= MAX_TEXT:
            return Plan(copy=True)
        if label is None:
            return Plan(copy=False, texts=split_text(body, entities))
        return Plan(copy=False, texts=labelled_chunks(label, body, entities))
    if msg.kind in CAPTIONED_KINDS:
        if label is None:
            if text is None or utf16_len(text) <= MAX_CAPTION:
                return Plan(copy=True)
            return Plan(copy=True, caption=Chunk(""), texts=split_text(text, entities))
        caption = labelled_caption(label, text, entities)
        if caption is not None:
            return Plan(copy=True, caption=caption)
        return Plan(
            copy=True,
            caption=labelled_caption(label, None, None),
            texts=labelled_chunks(label, text or "", entities),
        )
    label_chunk = labelled_caption(label, None, None) if label else None
    return Plan(copy=True, label_before=label_chunk)
