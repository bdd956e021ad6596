"""The training rules without a database: module files checked field by field, quizzes scored,
standing against the required modules, expiry and reminders, debriefs and wellbeing."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.domain import supervision
from bot.domain import training as rules
from bot.domain.supervision import DebriefStatus, DebriefTrigger
from bot.domain.training import ModuleError, Pass
from bot.services.training import catalogue
from tests.support.training import module_toml, write_modules

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def parse(text: str, module_id: str = "listening") -> rules.Module:
    return rules.parse_module(module_id, "en", tomllib.loads(text), f"en/{module_id}.toml")


def test_the_shipped_modules_load_in_both_languages_and_all_are_required() -> None:
    found = catalogue.load(catalogue.SHIPPED, ("fr", "en"), "fr")
    ids = [m.id for m in found.ordered("en")]
    assert ids == ["listening", "boundaries", "confidentiality", "risk", "no-diagnosis"]
    for language in ("fr", "en"):
        for module in found.ordered(language):
            assert module.language == language and 3 <= len(module.questions) <= 6
    assert found.required_ids == ids
    assert catalogue.modules(Settings()).get("risk", "en") is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda t: t.replace('title = "Listening"\n', ""), "title: missing"),
        (lambda t: t.replace("required = true", 'required = "yes"'), "required: must be a bool"),
        (lambda t: t.replace("pass_mark = 3", "pass_mark = 4"), "pass_mark: must be 1 to 3"),
        (lambda t: t.replace("pass_mark = 3", "pass_mark = true"), "pass_mark: must be a int"),
        (lambda t: t.replace("answer = 1", "answer = 5", 1), "questions[0].answer"),
        (lambda t: t.replace("valid_months = 12", "valid_months = 0"), "valid_months"),
        (lambda t: "colour = 1\n" + t, "colour: unknown field"),
        (lambda t: t + "colour = 1\n", "questions[2].colour: unknown field"),
        (lambda t: t.replace("[[questions]]", "[[qs]]", 1), "qs: unknown field"),
    ],
)
def test_a_wrong_module_names_the_file_and_the_field(change, field) -> None:
    with pytest.raises(ModuleError) as caught:
        parse(change(module_toml("Listening")))
    assert str(caught.value).startswith("training module en/listening.toml: ")
    assert field in str(caught.value) and "\n" not in str(caught.value)


def test_an_option_too_long_for_a_button_and_too_few_questions_are_refused() -> None:
    long = module_toml("Listening").replace('"The right one"', '"' + "x" * 61 + '"', 1)
    with pytest.raises(ModuleError, match=r"questions\[0\]\.options\[1\]"):
        parse(long)
    with pytest.raises(ModuleError, match="needs 3 to 6 questions"):
        parse(module_toml("Listening", questions=2, pass_mark=2))
    with pytest.raises(ModuleError, match="file name"):
        parse(module_toml("Listening"), module_id="Bad Name")


def test_a_folder_with_a_broken_file_or_languages_that_disagree_is_refused(
    tmp_path: Path,
) -> None:
    folder = write_modules(tmp_path / "a", {"listening": module_toml("Listening")})
    (folder / "en" / "listening.toml").write_text("title = [", encoding="utf-8")
    with pytest.raises(ModuleError, match=r"^training module en/listening.toml: file: not valid"):
        catalogue.load(folder, ("fr", "en"), "fr")
    folder = write_modules(tmp_path / "b", {"listening": module_toml("Listening")})
    (folder / "en" / "listening.toml").write_text(
        module_toml("Listening", required=False), encoding="utf-8"
    )
    with pytest.raises(ModuleError, match=r"en/listening\.toml: required: differs from the fr"):
        catalogue.load(folder, ("fr", "en"), "fr")
    folder = write_modules(tmp_path / "c", {"listening": module_toml("Listening")}, ("en",))
    with pytest.raises(ModuleError, match="no fr/listening version"):
        catalogue.load(folder, ("fr", "en"), "fr")


def test_a_module_missing_in_a_language_falls_back_to_the_default() -> None:
    module = parse(module_toml("Listening"))
    found = rules.Catalogue.build("en", [(module, "en/listening.toml")])
    assert found.get("listening", "fr") is module
    assert found.ordered("fr") == [module]


def test_scoring_names_the_wrong_answers_and_applies_the_pass_mark() -> None:
    module = parse(module_toml("Listening", pass_mark=2))
    outcome = rules.score(module, [1, 0, 1])
    assert (outcome.correct, outcome.total, outcome.passed) == (2, 3, True)
    assert outcome.wrong == ((1, 0),)
    assert not rules.score(module, [0, 0, 1]).passed


def test_months_are_calendar_months_and_retry_waits() -> None:
    assert rules.add_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(
        2026, 2, 28, tzinfo=UTC
    )
    assert rules.add_months(datetime(2026, 11, 15, tzinfo=UTC), 14) == datetime(
        2028, 1, 15, tzinfo=UTC
    )
    assert rules.retry_at(NOW, 30) == NOW + timedelta(minutes=30)


def test_standing_missing_expired_expiring_and_grace() -> None:
    passes = {
        "a": Pass("a", NOW - timedelta(days=300), NOW + timedelta(days=3)),
        "b": Pass("b", NOW - timedelta(days=400), NOW - timedelta(days=1)),
    }
    found = rules.standing(["a", "b", "c"], passes, NOW, reminder_days=7)
    assert found.missing == ("c",) and found.expired == ("b",)
    assert found.expiring == (("a", NOW + timedelta(days=3)),)
    assert not found.trained and not found.matchable
    graced = rules.standing(["c"], {}, NOW, reminder_days=7, grace_until=NOW + timedelta(days=1))
    assert graced.matchable and not graced.trained
    assert rules.standing([], {}, NOW, reminder_days=7).matchable


def test_the_next_check_is_the_next_reminder_expiry_or_end_of_grace() -> None:
    passes = {"a": Pass("a", NOW, NOW + timedelta(days=30))}
    first = rules.next_check(["a"], passes, NOW, reminder_days=7, grace_until=None)
    assert first == NOW + timedelta(days=23)
    later = rules.next_check(
        ["a"], passes, NOW + timedelta(days=24), reminder_days=7, grace_until=None
    )
    assert later == NOW + timedelta(days=30)
    grace = rules.next_check([], {}, NOW, reminder_days=7, grace_until=NOW + timedelta(days=2))
    assert grace == NOW + timedelta(days=2)


def test_one_debrief_offer_at_a_time_unless_asked() -> None:
    open_one = supervision.Debrief(
        "1", "D1", "p", DebriefTrigger.ESCALATION, DebriefStatus.DUE, NOW
    )
    assert supervision.offer_wanted([], DebriefTrigger.ESCALATION)
    assert not supervision.offer_wanted([open_one], DebriefTrigger.CHECKIN)
    assert supervision.offer_wanted([open_one], DebriefTrigger.ASKED)
    answered = supervision.Debrief(
        "1",
        "D1",
        "p",
        DebriefTrigger.ASKED,
        DebriefStatus.ANSWERING,
        NOW,
        answers={"happened": "x"},
    )
    assert answered.next_question == "feeling"


def test_two_low_wellbeing_answers_in_a_row_suggest_a_break() -> None:
    assert supervision.suggest_a_break(["tired", "struggling", "good"])
    assert not supervision.suggest_a_break(["tired", "good", "struggling"])
    assert not supervision.suggest_a_break(["struggling"])
    assert supervision.median([timedelta(hours=1), timedelta(hours=3)]) == timedelta(hours=2)
    assert supervision.median([]) is None


def test_long_texts_go_in_several_messages_never_splitting_a_part() -> None:
    parts = ["a" * 1500, "b" * 1500, "c" * 1500]
    sent = rules.in_messages(parts, "\n\n")
    assert sent == ["a" * 1500 + "\n\n" + "b" * 1500, "c" * 1500]
    assert rules.in_messages([]) == [""]
    assert all(len(m) <= rules.MESSAGE_CHARS for m in rules.in_messages(["x" * 5000]))
