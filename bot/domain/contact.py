"""Contact details in a message: what would end anonymity if it reached the other side.

Pure. A message that seems to carry a phone number (written or spelled out), an email address,
a Telegram username or link, or an account elsewhere is held until its sender confirms; the
scan errs on the side of asking, since a false alarm costs one tap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

Json = dict[str, Any]

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
