"""Contact details beyond plain text: accounts on other apps, numbers spelled out, file names
and audio tags; and the ordinary numbers of a conversation, which must pass."""

from __future__ import annotations

import pytest

from bot.domain import relay as rules


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("wa.me/33612345678", rules.HANDLE),
        ("https://www.instagram.com/camille.martin92", rules.HANDLE),
        ("my insta is camille.martin92", rules.HANDLE),
        ("snap: camille92", rules.HANDLE),
        ("add me on discord camille#1234", rules.HANDLE),
        ("mon snap c'est camille_92", rules.HANDLE),
        ("fb: jean.dupont", rules.HANDLE),
        ("zéro six douze trente-quatre cinquante-six soixante-dix-huit", rules.PHONE),
        ("zero six, douze, trente quatre, cinquante six, quatre-vingt-dix-neuf", rules.PHONE),
        ("oh six one two three four five six seven eight", rules.PHONE),
        ("zero seven double seven zero, nine double oh one two three", rules.PHONE),
        ("zero 6 12 34 56 78", rules.PHONE),
    ],
)
def test_other_apps_and_spelled_out_numbers_are_found(text, kind):
    assert kind in rules.contact_details(text)


@pytest.mark.parametrize(
    "text",
    [
        "I slept 6 hours",
        "see you at 10:30",
        "I have 3 kids",
        "it was in 2019, then in 2021",
        "page 12",
        "I slept six hours and woke up at four",
        "deux mille vingt-quatre",
        "j'ai vingt-trois ans et trois enfants",
        "one two three, breathe",
        "my insta is full of other people's holidays",
        "my insta is down.",
        "discord is 2x better",
        "I saw it on instagram.",
        "I deleted snapchat last week",
        "on discord tonight?",
        "oh, one more thing",
    ],
)
def test_ordinary_numbers_and_app_names_pass(text):
    assert rules.contact_details(text) == []


def test_file_names_and_audio_tags_are_screened():
    document = {
        "message_id": 1,
        "document": {"file_id": "x", "file_name": "Camille_Martin_0612345678.pdf"},
    }
    audio = {
        "message_id": 2,
        "audio": {"file_id": "y", "performer": "@camille_martin92", "title": "Demo"},
    }
    video = {"message_id": 3, "video": {"file_id": "z", "file_name": "camille@example.org.mp4"}}
    assert rules.contact_details(None, None, rules.attachment_words(document)) == [rules.PHONE]
    assert rules.contact_details(None, None, rules.attachment_words(audio)) == [rules.USERNAME]
    assert rules.EMAIL in rules.contact_details(None, None, rules.attachment_words(video))
    harmless = {"message_id": 4, "document": {"file_id": "w", "file_name": "report_2024_v2.pdf"}}
    assert rules.contact_details(None, None, rules.attachment_words(harmless)) == []


def test_messages_through_inline_bots_or_with_buttons_are_foreign():
    assert rules.foreign_parts({"text": "x", "via_bot": {"id": 1, "is_bot": True}})
    markup = {"inline_keyboard": [[{"text": "Open", "url": "https://example.org"}]]}
    assert rules.foreign_parts({"text": "x", "reply_markup": markup})
    assert not rules.foreign_parts({"text": "x"})
