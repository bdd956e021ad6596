"""The relay's pure rules: what is passed on, what looks like contact details, how a labelled
text is cut without losing a character or misplacing an entity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import relay as rules
from bot.domain.relay import Chunk, utf16_len

# ---- classification ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ({"text": "hello"}, "text"),
        ({"photo": [{"file_id": "a"}], "caption": "x"}, "photo"),
        ({"video": {"file_id": "a"}}, "video"),
        # An animation message also carries the same file as a document.
        ({"animation": {"file_id": "a"}, "document": {"file_id": "a"}}, "animation"),
        ({"voice": {"file_id": "a"}}, "voice"),
        ({"video_note": {"file_id": "a"}}, "video_note"),
        ({"audio": {"file_id": "a"}}, "audio"),
        ({"document": {"file_id": "a"}}, "document"),
        ({"sticker": {"file_id": "a"}}, "sticker"),
        ({"contact": {"phone_number": "+331"}}, "contact"),
        ({"location": {"latitude": 1.0, "longitude": 2.0}}, "location"),
        # A venue carries a location too; it is the venue that is refused (and explained).
        ({"venue": {"title": "x"}, "location": {"latitude": 1.0}}, "venue"),
        ({"poll": {"id": "1"}}, "poll"),
        ({"game": {"title": "g"}}, "game"),
        ({"dice": {"emoji": "🎲", "value": 3}}, "dice"),
        ({"story": {"id": 1}}, "other"),
        ({}, "other"),
    ],
)
def test_every_kind_is_recognised(message, kind):
    assert rules.classify(message) == kind


def test_relayed_and_refused_kinds_do_not_overlap():
    assert not set(rules.RELAYED_KINDS) & set(rules.REFUSED_KINDS)
    for kind in rules.RELAYED_KINDS:
        assert rules.is_relayed(kind)
    for kind in (*rules.REFUSED_KINDS, rules.OTHER):
        assert not rules.is_relayed(kind)


def test_body_is_the_text_or_the_caption_with_their_entities():
    bold = [{"type": "bold", "offset": 0, "length": 2}]
    assert rules.body_of({"text": "hi", "entities": bold}) == ("hi", bold)
    assert rules.body_of({"caption": "hi", "caption_entities": bold}) == ("hi", bold)
    assert rules.body_of({"sticker": {}}) == (None, [])


def test_a_leading_bot_command_is_a_command():
    assert rules.is_command(
        {"text": "/foo bar", "entities": [{"type": "bot_command", "offset": 0, "length": 4}]}
    )
    assert not rules.is_command({"text": "see /help", "entities": []})


# ---- contact details ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "appelle-moi au 06 12 34 56 78",
        "mon 06.12.34.56.78",
        "0612345678",
        "06-12-34-56-78",
        "06/12/34/56/78",
        "+33 6 12 34 56 78",
        "+33612345678",
        "(+33) 6 12 34 56 78",
        "0033 6 12 34 56 78",
        "call 07700 900123",
        "020 7946 0958",
        "+44 7700 900123",
        "(555) 123-4567",
        "555-123-4567",
        "555.123.4567",
        "+1 555 123 4567",
        "0 6 1 2 3 4 5 6 7 8",
    ],
)
def test_phone_numbers_in_common_formats_are_found(text):
    assert rules.contact_details(text) == [rules.PHONE]


@pytest.mark.parametrize(
    "text",
    [
        "I was born in 1985 and I have 2 kids",
        "le 12/03/2024 à 10h30",
        "du 2019-03-12 au 2020-01-01",
        "it cost 1 000 000 euros",
        "room 101, floor 3",
        "between 10.30 and 12.45",
        "3 times a day for 14 days",
        "my score was 42/50",
    ],
)
def test_ordinary_numbers_are_not_phone_numbers(text):
    assert rules.PHONE not in rules.contact_details(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("write to jane.doe+x@example.org", rules.EMAIL),
        ("jane (at) example.fr", rules.EMAIL),
        ("I'm @zeph_real on there", rules.USERNAME),
        ("@abcd", rules.USERNAME),
        ("https://t.me/zeph_real", rules.LINK),
        ("t.me/joinchat/AAAA", rules.LINK),
        ("telegram.me/someone", rules.LINK),
        ("tg://resolve?domain=x", rules.LINK),
    ],
)
def test_emails_usernames_and_telegram_links_are_found(text, kind):
    assert kind in rules.contact_details(text)


@pytest.mark.parametrize(
    "text",
    [
        "I feel better today, thank you",
        "see you @ 5",
        "my cat.me/you",
        "email is not something I use",
        "a@b",
        "",
    ],
)
def test_plain_words_are_not_contact_details(text):
    assert rules.contact_details(text) == []


def test_entities_telegram_found_count_too():
    # A text_mention names a user behind ordinary words; a text_link hides a t.me address.
    mention = [{"type": "text_mention", "offset": 0, "length": 3, "user": {"id": 1}}]
    assert rules.contact_details("her", mention) == [rules.USERNAME]
    link = [{"type": "text_link", "offset": 0, "length": 4, "url": "https://t.me/x"}]
    assert rules.contact_details("here", link) == [rules.LINK]
    mail = [{"type": "text_link", "offset": 0, "length": 4, "url": "mailto:a@b.c"}]
    assert rules.contact_details("here", mail) == [rules.LINK]
    harmless = [{"type": "text_link", "offset": 0, "length": 4, "url": "https://example.org"}]
    assert rules.contact_details("here", harmless) == []


def test_several_kinds_are_listed_in_a_stable_order():
    text = "t.me/x or @someone_else or x@y.org or +33 6 12 34 56 78"
    assert rules.contact_details(text) == [rules.PHONE, rules.EMAIL, rules.USERNAME, rules.LINK]


# ---- labels and cutting --------------------------------------------------------------------------


def test_a_label_goes_above_the_text_in_bold_and_entities_move_down_in_utf16_units():
    text = "😀 bold"  # the emoji is two UTF-16 units
    bold = [{"type": "bold", "offset": 3, "length": 4}]
    chunk = rules.labelled("💬 Alex", text, bold)
    assert chunk.text == "💬 Alex\n😀 bold"
    label_len = utf16_len("💬 Alex")
    assert chunk.entities[0] == {"type": "bold", "offset": 0, "length": label_len}
    moved = chunk.entities[1]
    assert moved["offset"] == label_len + 1 + 3 and moved["length"] == 4
    assert _entity_text(chunk, moved) == "bold"


def test_entity_extras_survive_the_shift():
    link = [{"type": "text_link", "offset": 0, "length": 4, "url": "https://example.org"}]
    chunk = rules.labelled("L", "here", link)
    assert chunk.entities[1]["url"] == "https://example.org"


def test_a_short_text_is_one_piece():
    assert rules.split_text("hello", None, 10) == [Chunk("hello", [])]


def test_a_long_text_is_cut_at_line_breaks_then_spaces():
    text = "first line\nsecond line is longer"
    pieces = rules.split_text(text, None, 15)
    assert pieces[0].text == "first line\n"
    assert "".join(p.text for p in pieces) == text
    assert all(utf16_len(p.text) <= 15 for p in pieces)
    words = rules.split_text("aaaa bbbb cccc dddd", None, 10)
    assert [p.text for p in words] == ["aaaa bbbb ", "cccc dddd"]


def test_a_cut_never_splits_an_emoji_and_its_modifier():
    text = "👍🏽" * 10  # each is two code points, four UTF-16 units
    pieces = rules.split_text(text, None, 10)
    assert all(p.text.count("👍") == p.text.count("🏽") for p in pieces)
    assert "".join(p.text for p in pieces) == text


def test_an_entity_across_a_cut_is_split_between_the_pieces():
    text = "aaaa bbbb cccc"
    bold = [{"type": "bold", "offset": 2, "length": 10}]  # "aa bbbb cc"
    pieces = rules.split_text(text, bold, 10)
    seen = "".join(_entity_text(p, e) for p in pieces for e in p.entities)
    assert seen == "aa bbbb cc"


def test_labelled_chunks_each_carry_the_label_and_fit():
    text = ("word " * 2000).strip()
    pieces = rules.labelled_chunks("💬 Sam", text, None)
    assert len(pieces) >= 3
    for piece in pieces:
        assert piece.text.startswith("💬 Sam\n")
        assert utf16_len(piece.text) <= rules.MAX_TEXT
    assert "".join(p.text.removeprefix("💬 Sam\n") for p in pieces) == text


def test_a_caption_label_that_does_not_fit_says_so():
    assert rules.labelled_caption("L", "x" * (rules.MAX_CAPTION - 2), None) is not None
    assert rules.labelled_caption("L", "x" * rules.MAX_CAPTION, None) is None
    alone = rules.labelled_caption("💬 Sam", None, None)
    assert alone is not None and alone.text == "💬 Sam"


def _entity_text(chunk: Chunk, entity: dict) -> str:
    units = chunk.text.encode("utf-16-le")
    start, end = entity["offset"] * 2, (entity["offset"] + entity["length"]) * 2
    return units[start:end].decode("utf-16-le")


_ALPHABET = st.sampled_from([*"ab \n", "é", "😀", "👍🏽", "\u200d", "字"])


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(_ALPHABET, min_size=0, max_size=120),
    limit=st.integers(min_value=4, max_value=40),
    spans=st.lists(st.tuples(st.integers(0, 200), st.integers(1, 60)), max_size=4),
)
def test_cutting_loses_nothing_and_keeps_every_entity_on_its_characters(parts, limit, spans):
    text = "".join(parts)
    total = utf16_len(text)
    entities = [
        {"type": "italic", "offset": o, "length": min(n, total - o), "tag": str(i)}
        for i, (o, n) in enumerate(spans)
        if o < total and _on_boundary(text, o) and _on_boundary(text, o + min(n, total - o))
    ]
    pieces = rules.split_text(text, entities, limit)
    assert "".join(p.text for p in pieces) == text
    assert all(utf16_len(p.text) <= limit for p in pieces)
    for entity in entities:
        # The entity's characters, read back from the pieces, are exactly the original ones.
        again = "".join(
            _entity_text(p, e) for p in pieces for e in p.entities if e["tag"] == entity["tag"]
        )
        assert again == _entity_text(Chunk(text, []), entity)


def _on_boundary(text: str, units: int) -> bool:
    count = 0
    for char in text:
        if count == units:
            return True
        count += 2 if ord(char) > 0xFFFF else 1
    return count == units
