"""What the relay may pass on, what it must hold, and how a labelled text is cut to fit.

Pure functions over the Bot API's message dict (as ``Message.to_dict()`` gives it). Entity
offsets and lengths are counted in UTF-16 code units, as Telegram counts them, so every shift
and cut here is done in those units.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

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
# ``pairs.paused_by`` when the bot paused a pair because one side could not be reached.
PAUSED_UNREACHABLE = "unreachable"
# ``pairs.paused_by`` when a coordinator's suspension of one side paused it: no participant can
# resume it, and lifting the suspension resumes exactly these.
PAUSED_BY_COORDINATION = "coordination"


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


# ---- contact details --------------------------------------------------------------------------

PHONE, EMAIL, USERNAME, LINK = "phone", "email", "username", "link"
CONTACT_KINDS = (PHONE, EMAIL, USERNAME, LINK)

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    re.IGNORECASE,
)
_USERNAME = re.compile(r"(?<![\w@.])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@])")
_TG_LINK = re.compile(
    r"(?<![A-Za-z0-9-])(?:telegram\.(?:me|dog)|t\.me)/[\w+-]|\btg://\w", re.IGNORECASE
)
# A run of digits with the separators people put in phone numbers; judged by _looks_like_phone.
_PHONE_RUN = re.compile(r"(?<![\w+])(?:\(?\+|\()?\d[\d\s().\-/\u00a0]{6,26}\d(?!\w)")
_US_NUMBER = re.compile(r"(?:\+?1[\s.-]?)?\(?[2-9]\d{2}\)?[\s.-]?\d{3}[\s.-]\d{4}")
_CONTACT_ENTITIES = {
    "phone_number": PHONE,
    "email": EMAIL,
    "mention": USERNAME,
    "text_mention": USERNAME,
}


def _looks_like_phone(run: str) -> bool:
    run = run.strip()
    digits = sum(c.isdigit() for c in run)
    bare = run.lstrip("(")
    if bare.startswith("+") or bare.startswith("00"):
        return 8 <= digits <= 15  # international: +33 6…, +44 7700…, 0044…
    if bare.startswith("0"):
        return 9 <= digits <= 11  # national: 06 12 34 56 78, 07700 900123, 020 7946 0958
    return _US_NUMBER.fullmatch(run) is not None  # (555) 123-4567, 555-123-4567


def contact_details(text: str | None, entities: list[Json] | None = None) -> list[str]:
    """The kinds of contact details a text seems to carry (phone, email, username, link), in
    that order; empty when none. Errs on the side of asking: a false alarm costs one tap."""
    found: set[str] = set()
    body = text or ""
    if _EMAIL.search(body):
        found.add(EMAIL)
    if _USERNAME.search(body):
        found.add(USERNAME)
    if _TG_LINK.search(body):
        found.add(LINK)
    if any(_looks_like_phone(m.group(0)) for m in _PHONE_RUN.finditer(body)):
        found.add(PHONE)
    for entity in entities or []:
        kind = _CONTACT_ENTITIES.get(str(entity.get("type")))
        if kind:
            found.add(kind)
        url = entity.get("url")
        # A link hides its address behind other words.
        if isinstance(url, str) and (_TG_LINK.search(url) or url.lower().startswith("mailto:")):
            found.add(LINK)
    return [kind for kind in CONTACT_KINDS if kind in found]


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
