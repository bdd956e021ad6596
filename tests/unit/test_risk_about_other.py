"""Rating a /report or /escalate reason by the signs of the person it is about.

``assess`` rates the writer's own words, and a third person's signs only as ``third_person``
(a worry). ``assess_about_other`` reads the same words as the state of the person the text is
about, at the level the same sign would have in the first person.
"""

from __future__ import annotations

import pytest

from bot.domain.risk import Category, RiskLevel, assess, assess_about_other

C = Category
URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE

# (language, text, level, a category that must be among those found)
ABOUT_OTHER = [
    # an overdose, a cut, a jump: under way or just made
    ("en", "he says he swallowed all his pills", URGENT, C.ATTEMPT),
    ("fr", "il m'a dit qu'il avait pris toute sa boîte de doliprane", URGENT, C.ATTEMPT),
    ("fr", "il s'est ouvert les veines", URGENT, C.ATTEMPT),
    ("en", "they're on the bridge right now", URGENT, C.ATTEMPT),
    # preparation: a rope bought, a letter, belongings given away
    ("fr", "elle a acheté une corde hier", URGENT, C.PREPARATION),
    ("en", "she posted a goodbye letter", URGENT, C.PREPARATION),
    ("en", "she gave away her cat and wrote letters to everyone", URGENT, C.PREPARATION),
    # a plan with a time
    ("en", "he is going to kill himself tonight", URGENT, C.PLAN),
    ("fr", "il va se tuer ce soir", URGENT, C.PLAN),
    # a wish to die, thoughts, hopelessness, self-harm: a concern
    ("en", "my friend says she wants to die", CONCERN, C.WISH_TO_DIE),
    ("fr", "elle dit qu'elle veut disparaître", CONCERN, C.WISH_TO_DIE),
    ("fr", "elle n'a plus envie de vivre", CONCERN, C.WISH_TO_DIE),
    ("en", "he keeps saying he's a burden to everyone", CONCERN, C.HOPELESSNESS),
    ("en", "she cuts herself", CONCERN, C.SELF_HARM),
    ("fr", "ma soeur se scarifie", CONCERN, C.SELF_HARM),
    # danger from someone else, to the person the reason is about
    ("en", "her husband hits her", CONCERN, C.DANGER),
    # the writer's own first-person signs still count
    ("en", "I want to die", CONCERN, C.WISH_TO_DIE),
    ("fr", "je vais me tuer ce soir", URGENT, C.PLAN),
]

NOT_WORRYING = [
    ("en", "he loves his new job"),
    ("fr", "elle prend ses cachets tous les soirs"),
    ("en", "she watched a documentary about suicide"),
    ("fr", "il est mort de rire"),
    ("en", "he would never kill himself"),
    ("fr", "mon ami a fait une tentative il y a dix ans"),
    ("fr", "il y a un pont près de chez elle"),
    ("en", "she is rude to the other members"),
    ("fr", "il envoie des messages insistants et ne respecte pas les règles"),
]


@pytest.mark.parametrize(("language", "text", "level", "category"), ABOUT_OTHER)
def test_the_signs_of_the_person_the_reason_is_about_count(language, text, level, category):
    found = assess_about_other(text, language)
    assert found.level is level, found
    assert category in found.categories, found
    assert C.THIRD_PERSON not in found.categories


@pytest.mark.parametrize(("language", "text"), NOT_WORRYING)
def test_idioms_negations_schedules_and_the_past_stay_none(language, text):
    assert assess_about_other(text, language).level is NONE


def test_an_overdose_told_by_someone_else_is_urgent_where_assess_says_a_worry():
    text = "he says he swallowed all his pills"
    assert assess(text, "en").categories == {C.THIRD_PERSON}
    assert assess(text, "en").level is CONCERN
    assert assess_about_other(text, "en").level is URGENT
