"""The relay's decisions, without a database: which conversation a message goes to, whether it
is refused, and what is sent for it (a plain copy, labelled texts, a caption label...)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain import relay as rules
from bot.domain.pairs import PAUSED, PAUSED_BY_COORDINATION, PAUSED_UNREACHABLE, Pair, PausedBy
from bot.domain.relay import (
    MAX_CAPTION,
    MAX_TEXT,
    Chunk,
    HoldReason,
    Incoming,
    Plan,
    Route,
    plan,
    route,
    utf16_len,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
BOLD = "bold"


def pair(pid: str, seeker: str = "me", peer: str = "you") -> Pair:
    return Pair(pid, pid.upper(), seeker, peer, "active", NOW)  # type: ignore[arg-type]


A, B, C = pair("a"), pair("b", peer="them"), pair("c", seeker="other", peer="me")


def msg(kind: str = "text", text: str | None = "hello", **kw: object) -> Incoming:
    return Incoming(message_id=7, kind=kind, text=text, **kw)  # type: ignore[arg-type]


# ---- routing ----------------------------------------------------------------------------------


def test_the_only_conversation_takes_the_message():
    assert route([A], None) == Route(A)


def test_with_several_the_one_in_focus_takes_it():
    assert route([A, B, C], "b") == Route(B)


def test_with_several_and_no_focus_the_sender_must_choose():
    routed = route([A, B], None)
    assert routed.pair is None and routed.needs_choice and not routed.into_ended


def test_a_focus_on_a_conversation_that_ended_is_no_focus():
    assert route([A, B], "gone").needs_choice


def test_a_reply_goes_to_the_conversation_of_the_message_it_answers_over_the_focus():
    assert route([A, B], "a", replied_pair_id="b", reply_target=42) == Route(B, 42)


def test_a_reply_to_ones_own_undelivered_message_goes_there_without_a_target():
    assert route([A, B], None, replied_pair_id="a") == Route(A, None)


def test_a_reply_into_an_ended_conversation_goes_nowhere():
    routed = route([A, B], "a", replied_pair_id="ended", reply_target=3)
    assert routed.into_ended and routed.pair is None and not routed.needs_choice


def test_focused_is_the_only_pair_or_the_one_in_focus():
    assert rules.focused([A], None) is A
    assert rules.focused([A], "b") is A
    assert rules.focused([A, B], "b") is B
    assert rules.focused([A, B], None) is None
    assert rules.focused([], "a") is None


def test_words_not_bound_for_a_pair_are_screened_against_ones_own_as_a_seeker():
    assert rules.screening_pair("me", [C, B]) is B
    assert rules.screening_pair("me", [C]) is C
    assert rules.screening_pair("me", []) is None


def test_a_label_is_needed_only_with_several_conversations():
    assert not rules.needs_label(0) and not rules.needs_label(1)
    assert rules.needs_label(2)


@pytest.mark.parametrize(
    ("paused_by", "viewer", "who"),
    [
        ("me", "me", PausedBy.YOU),
        ("you", "me", PausedBy.OTHER),
        ("me", "you", PausedBy.OTHER),
        (PAUSED_UNREACHABLE, "me", PausedBy.UNREACHABLE),
        (PAUSED_BY_COORDINATION, "you", PausedBy.COORDINATION),
    ],
)
def test_who_paused_as_a_member_sees_it(paused_by, viewer, who):
    paused = Pair("a", "A", "me", "you", PAUSED, NOW, paused_by=paused_by)
    assert paused.who_paused(viewer) is who


# ---- refusals and parsing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ({"message_id": 1, "text": "hi"}, None),
        ({"message_id": 1, "sticker": {"file_id": "s"}}, None),
        ({"message_id": 1, "text": "hi", "via_bot": {"id": 9}}, "via_bot"),
        ({"message_id": 1, "photo": [{}], "reply_markup": {"inline_keyboard": []}}, "via_bot"),
        ({"message_id": 1, "location": {"latitude": 1.0}}, "location"),
        ({"message_id": 1, "contact": {"phone_number": "+33"}}, "contact"),
        ({"message_id": 1, "dice": {"value": 3}}, "dice"),
        ({"message_id": 1, "story": {"id": 1}}, "other"),
    ],
)
def test_what_is_refused_and_why(message, reason):
    assert rules.refusal(message, rules.classify(message)) == reason


def test_an_incoming_message_survives_being_held():
    message = {
        "message_id": 5,
        "caption": "see camille_92",
        "caption_entities": [{"type": "italic", "offset": 0, "length": 3}],
        "document": {"file_id": "d", "file_name": "notes.pdf"},
        "reply_to_message": {"message_id": 3},
    }
    parsed = Incoming.parse(message, edit=True)
    assert (parsed.kind, parsed.text, parsed.reply_to, parsed.edit) == (
        "document",
        "see camille_92",
        3,
        True,
    )
    assert parsed.shown == ["notes.pdf"]
    assert Incoming.from_json(parsed.to_json()) == parsed


def test_only_words_can_be_edited():
    assert msg().editable and msg("photo", "x").editable
    assert not msg("sticker", None).editable and not msg("video_note", None).editable


def test_contact_details_include_the_words_a_file_shows():
    assert msg(text="hello").contact_details == []
    assert msg("document", None, shown=["Camille_0612345678.pdf"]).contact_details == ["phone"]


def test_hold_reasons_are_the_stored_strings():
    assert (HoldReason.CONTACT, HoldReason.CHOOSE, HoldReason.REPORT) == (
        "contact",
        "choose",
        "report",
    )


# ---- the plan of a copy -----------------------------------------------------------------------


def test_without_a_label_a_text_is_copied_as_is():
    assert plan(msg(), None) == Plan(copy=True)


def test_without_a_label_a_too_long_text_is_cut_and_nothing_is_lost():
    body = "mot " * 2000
    how = plan(msg(text=body), None)
    assert not how.copy and len(how.texts) == 2
    assert "".join(c.text for c in how.texts) == body
    assert all(utf16_len(c.text) <= MAX_TEXT for c in how.texts)


def test_with_a_label_a_text_becomes_a_labelled_message():
    [chunk] = plan(msg(text="hello"), "Ondine").texts
    assert chunk.text == "Ondine\nhello"
    assert chunk.entities[0] == {"type": BOLD, "offset": 0, "length": 6}
    assert not plan(msg(text="hello"), "Ondine").copy


def test_a_long_labelled_text_is_labelled_on_every_piece():
    how = plan(msg(text="mot " * 2000), "Ondine")
    assert len(how.texts) == 2
    assert all(c.text.startswith("Ondine\n") for c in how.texts)
    assert all(utf16_len(c.text) <= MAX_TEXT for c in how.texts)


def test_media_keep_their_caption_without_a_label():
    assert plan(msg("photo", "a cat"), None) == Plan(copy=True)
    assert plan(msg("photo", None), None) == Plan(copy=True)


def test_a_caption_too_long_for_telegram_goes_as_texts_under_an_empty_caption():
    long = "x " * MAX_CAPTION
    how = plan(msg("video", long), None)
    assert how.copy and how.caption == Chunk("")
    assert "".join(c.text for c in how.texts) == long


def test_with_a_label_media_get_it_above_their_caption():
    how = plan(msg("photo", "a cat"), "Ondine")
    assert how.copy and how.texts == [] and how.label_before is None
    assert how.caption is not None and how.caption.text == "Ondine\na cat"


def test_a_media_without_caption_gets_the_label_as_its_caption():
    how = plan(msg("voice", None), "Ondine")
    assert how.caption == Chunk("Ondine", [{"type": BOLD, "offset": 0, "length": 6}])


def test_when_label_and_caption_do_not_fit_together_the_caption_goes_as_texts():
    long = "y" * (MAX_CAPTION - 3)
    how = plan(msg("audio", long), "Ondine")
    assert how.caption == Chunk("Ondine", [{"type": BOLD, "offset": 0, "length": 6}])
    assert [c.text for c in how.texts] == ["Ondine\n" + long]


def test_stickers_and_video_notes_get_a_label_message_before_them():
    for kind in ("sticker", "video_note"):
        how = plan(msg(kind, None), "Ondine")
        assert how.copy and how.caption is None and how.texts == []
        assert how.label_before == Chunk("Ondine", [{"type": BOLD, "offset": 0, "length": 6}])
        assert plan(msg(kind, None), None) == Plan(copy=True)


def test_the_code_is_added_to_a_label_only_when_pseudonyms_clash():
    assert rules.names_clash("Ondine", ["ONDINE", "Pablo"])
    assert not rules.names_clash("Ondine", ["Pablo"])
    assert not rules.names_clash("Ondine", [])
