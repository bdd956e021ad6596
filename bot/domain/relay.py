"""What the relay may pass on, what it must hold, and how a labelled text is cut to fit.

Pure functions over the Bot API's message dict (as ``Message.to_dict()`` gives it). Entity
offsets and lengths are counted in UTF-16 code units, as Telegram counts them, so every shift
and cut here is done in those units.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# ``Pair.paused_by`` values, defined with the pair's rules; still importable from here.
from bot.domain.pairs import PAUSED_BY_COORDINATION as PAUSED_BY_COORDINATION
from bot.domain.pairs import PAUSED_UNREACHABLE as PAUSED_UNREACHABLE

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


# ---- contact details --------------------------------------------------------------------------

PHONE, EMAIL, USERNAME, LINK, HANDLE = "phone", "email", "username", "link", "handle"
CONTACT_KINDS = (PHONE, EMAIL, USERNAME, LINK, HANDLE)

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


# Links to an account elsewhere: messaging apps and social networks.
_OTHER_LINK = re.compile(
    r"(?<![A-Za-z0-9-])(?:wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com|signal\.me|"
    r"(?:www\.)?(?:instagram\.com|instagr\.am|snapchat\.com|tiktok\.com|facebook\.com|"
    r"fb\.com|m\.me|twitter\.com|x\.com|discord\.gg|discord\.com|discordapp\.com|"
    r"linkedin\.com|threads\.net|bsky\.app|vk\.com|skype\.com))/[\w@.+-]",
    re.IGNORECASE,
)
# "insta: camille92", "my snap is camille92", "add me on discord camille#1234": the name of an
# app, then within a few words something shaped like an account (letters with digits, a dot,
# an underscore or a #tag), so "my insta is down" or "I deleted snapchat" pass.
_APP = (
    r"insta(?:gram)?|ig|snap(?:chat)?|discord|tik\s?tok|twitter|facebook|fb|messenger|"
    r"whats\s?app|skype|linkedin|bluesky|bsky|wechat|viber|telegram|tg"
)
_HANDLE = re.compile(
    rf"\b(?:{_APP})\b[\s:=,]*(?:(?:is|c'est|est|it's|its|me|as|at|on|sur|:|->|=)\s+){{0,3}}"
    r"@?(?P<name>[A-Za-z0-9]\w*(?:\.\w+)*(?:#\d{4})?)",
    re.IGNORECASE,
)


def _account_like(name: str) -> bool:
    """Shaped like an account rather than a word: letters with a digit, a dot, an underscore
    or a #tag, four characters at least ("camille92", "jean.dupont"; not "down", "2x")."""
    return (
        len(name) >= 4
        and any(c.isalpha() for c in name)
        and any(c.isdigit() or c in "._#" for c in name)
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


def _file_name_variant(words: str) -> str:
    """``Camille_Martin_0612345678.pdf`` read the way a person would: separators as spaces."""
    return re.sub(r"[_.]+", " ", words)


def contact_details(
    text: str | None, entities: list[Json] | None = None, extra: Iterable[str] = ()
) -> list[str]:
    """The kinds of contact details a text seems to carry (phone, email, username, link,
    account elsewhere), in that order; empty when none. ``extra``: other words the copy shows
    (file names, an audio's performer and title). Errs on the side of asking: a false alarm
    costs one tap."""
    found: set[str] = set()
    extras = list(extra)
    bodies = [text or "", *extras, *(_file_name_variant(e) for e in extras)]
    for body in bodies:
        _scan(body, found)
    if spelled_phone(text or ""):
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


def _scan(body: str, found: set[str]) -> None:
    if not body:
        return
    if _EMAIL.search(body):
        found.add(EMAIL)
    if _USERNAME.search(body):
        found.add(USERNAME)
    if _TG_LINK.search(body):
        found.add(LINK)
    # Every link has a slash: most messages skip that pattern's scan altogether.
    accounts = (m.group("name") for m in _HANDLE.finditer(body))
    if ("/" in body and _OTHER_LINK.search(body)) or any(_account_like(a) for a in accounts):
        found.add(HANDLE)
    if any(_looks_like_phone(m.group(0)) for m in _PHONE_RUN.finditer(body)):
        found.add(PHONE)


# ---- phone numbers spelled out ----------------------------------------------------------------

_UNITS = {
    # French
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16,
    # English
    "oh": 0, "o": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_JOINERS = {"et", "and"}
_REPEAT = {"double": 2, "triple": 3}
# A spelled-out run is a phone number when it gives this many digits, as written numbers do:
# "zéro six douze trente-quatre cinquante-six soixante-dix-huit" is 0612345678. Dates, ages and
# counts ("deux mille vingt-quatre", "six hours") stay far below.
_SPELLED_DIGITS = 9


_NUMBER_TOKEN = re.compile(
    r"\b(?:" + "|".join(sorted((*_UNITS, *_TENS, *_REPEAT), key=len, reverse=True)) + r")\b|\d+"
)
_NUMBER_GAP = re.compile(r"(?:[\s,.\u00a0-]|\b(?:et|and)\b)*")


def _plain(text: str) -> str:
    folded = text.casefold()
    if folded.isascii():
        return folded
    folded = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in folded if not unicodedata.combining(c))


def _unit(words: list[str], i: int, below: int) -> int | None:
    """The unit word at ``i`` if there is one worth less than ``below``."""
    if i < len(words) and words[i] in _UNITS and _UNITS[words[i]] < below:
        return _UNITS[words[i]]
    return None


def _groups(words: list[str]) -> list[str]:
    """Numbers as people say them in a phone number, each group as the digits it stands for:
    "trente quatre" → "34", "soixante dix huit" → "78", "quatre vingt" → "80", "oh" → "0"."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word.isdigit():
            out.append(word)
        elif word in _JOINERS:
            continue
        elif word in _REPEAT:
            unit = _unit(words, i, 10)
            if unit is not None:
                out.append(str(unit) * _REPEAT[word])
                i += 1
        elif word == "quatre" and i < len(words) and words[i] in ("vingt", "vingts"):
            out.append(str(80 + _teens(words, i + 1)[0]))
            i = _teens(words, i + 1)[1]
        elif word == "dix" and _unit(words, i, 10) in (7, 8, 9):
            out.append(str(10 + _UNITS[words[i]]))
            i += 1
        elif word in _TENS:
            value = _TENS[word]
            if value == 60:
                extra, i = _teens(words, i)
                value += extra
            else:
                if i < len(words) and words[i] in _JOINERS:
                    i += 1
                unit = _unit(words, i, 10)
                if unit is not None:
                    value, i = value + unit, i + 1
            out.append(str(value))
        else:
            out.append(str(_UNITS[word]))
    return out


def _teens(words: list[str], i: int) -> tuple[int, int]:
    """What follows "soixante" or "quatre-vingt": 0 to 19 ("dix-huit" is 18); the new index."""
    if i < len(words) and words[i] in _JOINERS:
        i += 1
    if i < len(words) and words[i] == "dix" and _unit(words, i + 1, 10) in (7, 8, 9):
        return 10 + _UNITS[words[i + 1]], i + 2
    unit = _unit(words, i, 20)
    return (unit, i + 1) if unit is not None else (0, i)


def spelled_phone(text: str) -> bool:
    """Whether a run of number words (digits may be mixed in) spells out a phone number.

    Every message is screened, so the scan is one regular expression over the text: number
    words and digits, in runs broken by anything but spaces, hyphens, commas, dots and "and"."""
    plain = _plain(text)
    run: list[str] = []
    end = 0
    for match in _NUMBER_TOKEN.finditer(plain):
        if run and not _NUMBER_GAP.fullmatch(plain, end, match.start()):
            if _digits(run) >= _SPELLED_DIGITS:
                return True
            run = []
        run.append(match.group(0))
        end = match.end()
    return _digits(run) >= _SPELLED_DIGITS


def _digits(run: list[str]) -> int:
    if all(w.isdigit() or w in _JOINERS for w in run):
        return 0  # digits alone are the phone pattern's job
    return sum(len(group) for group in _groups(run))


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
