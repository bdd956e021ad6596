"""parse_mode handling and Telegram's automatic entities.

The sandbox parses HTML and MarkdownV2 the way Telegram does (strictly) because the most common
formatting bug — user-supplied text interpolated without escaping — only shows up as a 400 from
the real server; a lenient test server would hide it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.sandbox.models import Json, bad_request


def utf16_len(text: str) -> int:
    """Entity offsets and lengths are counted in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0
        self.entities: list[Json] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.offset += utf16_len(text)

    def entity(self, start: int, kind: str, **extra: object) -> None:
        if self.offset > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.offset - start, **extra}
            )

    def result(self) -> tuple[str, list[Json]]:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), self.entities


def _parse_error(reason: str) -> Exception:
    return bad_request(f"can't parse entities: {reason}")


# --- HTML -------------------------------------------------------------------------------------

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_ATTR_SOURCE = r"""([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?"""
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+" + _ATTR_SOURCE + r")*)\s*/?>")
_ATTR = re.compile(_ATTR_SOURCE)
_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_CHARREF = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|lt|gt|amp|quot);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


@dataclass
class _Open:
    tag: str
    start: int
    attrs: dict[str, str]


def parse_html(source: str) -> tuple[str, list[Json]]:
    out = _Builder()
    stack: list[_Open] = []
    pos, plain_from = 0, 0
    while True:
        nxt = min((i for i in (source.find("<", pos), source.find("&", pos)) if i >= 0), default=-1)
        if nxt < 0:
            out.add(source[plain_from:])
            break
        out.add(source[plain_from:nxt])
        byte_offset = len(source[:nxt].encode())
        if source[nxt] == "&":
            ref = _CHARREF.match(source, nxt)
            if ref is None:  # Telegram keeps an unknown "&" literally
                out.add("&")
                pos = plain_from = nxt + 1
                continue
            name = ref.group(1)
            if name.startswith("#x"):
                out.add(chr(int(name[2:], 16)))
            elif name.startswith("#"):
                out.add(chr(int(name[1:])))
            else:
                out.add(_NAMED[name])
            pos = plain_from = ref.end()
            continue
        end = _END_TAG.match(source, nxt)
        if end is not None:
            if not stack or stack[-1].tag != end.group(1).lower():
                raise _parse_error(f"Unexpected end tag at byte offset {byte_offset}")
            _close_html(out, stack.pop())
            pos = plain_from = end.end()
            continue
        start = _TAG.match(source, nxt)
        tag = start.group(1).lower() if start else ""
        if start is None or tag not in _HTML_TAGS:
            raise _parse_error(f'Unsupported start tag "{tag}" at byte offset {byte_offset}')
        attrs = {
            m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "")
            for m in _ATTR.finditer(start.group(2))
        }
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise _parse_error(f'Unsupported start tag "span" at byte offset {byte_offset}')
        stack.append(_Open(tag, out.offset, attrs))
        pos = plain_from = start.end()
    if stack:
        raise _parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    return out.result()


def _close_html(out: _Builder, opened: _Open) -> None:
    kind = _HTML_TAGS[opened.tag]
    if kind == "text_link":
        href = opened.attrs.get("href", "")
        match = re.fullmatch(r"tg://user\?id=(\d+)", href)
        if match:
            out.entity(
                opened.start,
                "text_mention",
                user={"id": int(match.group(1)), "is_bot": False, "first_name": ""},
            )
        else:
            out.entity(opened.start, "text_link", url=href)
    elif kind == "blockquote" and "expandable" in opened.attrs:
        out.entity(opened.start, "expandable_blockquote")
    elif kind == "custom_emoji":
        out.entity(opened.start, kind, custom_emoji_id=opened.attrs.get("emoji-id", ""))
    elif kind == "code" and opened.attrs.get("class", "").startswith("language-"):
        out.entity(opened.start, "pre", language=opened.attrs["class"][len("language-") :])
    elif kind == "pre":
        # <pre><code class="language-x"> is one pre entity, as Telegram reports it.
        span = out.offset - opened.start
        inner = [
            e
            for e in out.entities
            if e["offset"] == opened.start and e["length"] == span and e["type"] in {"pre", "code"}
        ]
        for entity in inner:
            out.entities.remove(entity)
        language = next((e["language"] for e in inner if "language" in e), None)
        out.entity(opened.start, "pre", **({"language": language} if language else {}))
    else:
        out.entity(opened.start, kind)


# --- MarkdownV2 and legacy Markdown -----------------------------------------------------------

_RESERVED_V2 = set("_*[]()~`>#+-=|{}.!")
_V2_MARKS: dict[str, str] = {
    "*": "bold",
    "__": "underline",
    "_": "italic",
    "~": "strikethrough",
    "||": "spoiler",
}
_LEGACY_MARKS: dict[str, str] = {"*": "bold", "_": "italic"}


def parse_markdown(source: str, *, v2: bool) -> tuple[str, list[Json]]:
    out = _Builder()
    open_marks: dict[str, int] = {}
    marks = _V2_MARKS if v2 else _LEGACY_MARKS
    link_start: int | None = None
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        byte_offset = len(source[:i].encode())
        if char == "\\" and v2 and i + 1 < n and 0 < ord(source[i + 1]) < 127:
            out.add(source[i + 1])
            i += 2
        elif source.startswith("```", i):
            close = source.find("```", i + 3)
            if close < 0:
                raise _parse_error(f"Can't find end of Pre entity at byte offset {byte_offset}")
            body = source[i + 3 : close]
            language = ""
            if "\n" in body:
                first, rest = body.split("\n", 1)
                if first and " " not in first:
                    language, body = first, rest
            start = out.offset
            out.add(_unescape_code(body) if v2 else body)
            out.entity(start, "pre", **({"language": language} if language else {}))
            i = close + 3
        elif char == "`":
            close = _find_unescaped(source, "`", i + 1, v2)
            if close < 0:
                raise _parse_error(f"Can't find end of Code entity at byte offset {byte_offset}")
            start = out.offset
            out.add(_unescape_code(source[i + 1 : close]) if v2 else source[i + 1 : close])
            out.entity(start, "code")
            i = close + 1
        elif char == "[" and link_start is None:
            link_start = out.offset
            i += 1
        elif char == "]" and link_start is not None:
            match = re.compile(r"\(((?:\\.|[^)\\])*)\)").match(source, i + 1)
            if match is None:
                raise _parse_error(f"Can't find end of a URL at byte offset {byte_offset}")
            url = re.sub(r"\\(.)", r"\1", match.group(1)) if v2 else match.group(1)
            out.entity(link_start, "text_link", url=url)
            link_start = None
            i = match.end()
        else:
            mark = next((m for m in marks if source.startswith(m, i)), None)
            if mark is not None:
                if mark in open_marks:
                    out.entity(open_marks.pop(mark), marks[mark])
                else:
                    open_marks[mark] = out.offset
                i += len(mark)
            elif v2 and char in _RESERVED_V2:
                raise _parse_error(
                    f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
                )
            else:
                out.add(char)
                i += 1
    if open_marks or link_start is not None:
        raise _parse_error(
            "Can't find end of the entity starting at byte offset "
            f"{min([*open_marks.values(), link_start or 0])}"
        )
    return out.result()


def _find_unescaped(source: str, char: str, start: int, v2: bool) -> int:
    i = start
    while i < len(source):
        if v2 and source[i] == "\\":
            i += 2
            continue
        if source[i] == char:
            return i
        i += 1
    return -1


def _unescape_code(text: str) -> str:
    return re.sub(r"\\([`\\])", r"\1", text)


def apply_parse_mode(
    text: str, parse_mode: str | None, entities: list[Json] | None
) -> tuple[str, list[Json] | None]:
    """What the user sees and the entities Telegram reports for a sent text or caption."""
    if entities:  # explicit entities win over parse_mode, as on Telegram
        return text, entities
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, found = parse_html(text)
    elif mode == "markdownv2":
        plain, found = parse_markdown(text, v2=True)
    elif mode == "markdown":
        plain, found = parse_markdown(text, v2=False)
    elif mode:
        raise bad_request(f"unsupported parse_mode {parse_mode}")
    else:
        return text, None
    return plain, found or None


# --- entities Telegram adds by itself to what users type --------------------------------------

_AUTO_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    (
        "url",
        re.compile(
            r"(?<![\w@/.])(?:https?://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?:/[^\s]*)?", re.IGNORECASE
        ),
    ),
    ("bot_command", re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[A-Za-z_]\w*")),
    ("phone_number", re.compile(r"(?<![\w+])\+\d[\d ().-]{6,18}\d")),
]


def auto_entities(text: str) -> list[Json]:
    """Entities Telegram detects in a user's plain text (urls, mentions, commands, e-mails...).
    Approximate: good enough that a bot relying on them sees them in tests."""
    taken: list[tuple[int, int]] = []
    found: list[Json] = []
    for kind, pattern in _AUTO_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "url" and not _looks_like_url(match.group(0)):
                continue
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[:start]),
                    "length": utf16_len(match.group(0)),
                }
            )
    found.sort(key=lambda e: e["offset"])
    return found


def _looks_like_url(candidate: str) -> bool:
    if candidate.lower().startswith(("http://", "https://")):
        return True
    host = candidate.split("/", 1)[0]
    return host.rsplit(".", 1)[-1].lower() in {
        "me",
        "com",
        "org",
        "net",
        "fr",
        "io",
        "be",
        "ch",
        "ca",
        "de",
        "uk",
        "eu",
        "info",
        "app",
    }
