"""Phenomena the rules were widened or narrowed for after fresh21 was read, each tested on
phrasings other than the corpus sentence (a family, not a sentence), with everyday
neighbours that share its words. Sentences here are in no corpus file."""

from __future__ import annotations

import pytest

from bot.domain.risk import Category, RiskLevel, assess, assess_rules
from tests.support.risk import assert_read

C = Category
URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE

SIGNS = [
    # a means got or ready, then "I'm doing it"
    ("en", "the rope is bought, i'm doing it tonight", URGENT, C.PLAN),
    ("fr", "le flingue est prêt, je le fais", URGENT, C.METHOD),
    ("fr", "j'ai les cachets, ils sont prêts, je le fais cette nuit", URGENT, C.METHOD),
    # a number of tablets just taken, with words between the number and the tablets
    ("fr", "j'ai avalé genre 30 de mes cachets pour la tension", URGENT, C.ATTEMPT),
    ("en", "just swallowed 25 of my mums sleeping tablets", URGENT, C.ATTEMPT),
    # a car and a hose
    ("fr", "le tuyau est branché sur le pot d'échappement de la voiture", URGENT, C.METHOD),
    ("en", "hose is on the exhaust, sitting in the car", URGENT, C.PREPARATION),
    # relief at not waking up, either order
    ("en", "i'd be relieved if i didn't wake up tomorrow", CONCERN, C.WISH_TO_DIE),
    ("fr", "si je me réveillais pas demain je serais soulagée", CONCERN, C.WISH_TO_DIE),
    # searching how to die
    ("en", "been searching how to kill myself all night", CONCERN, C.ACTIVE_THOUGHTS),
    ("fr", "je cherche comment mourir sans douleur", CONCERN, C.METHOD),
    # one's own better off with another parent or partner
    ("fr", "mes enfants seraient mieux avec un autre père", CONCERN, C.HOPELESSNESS),
    ("en", "my wife would be better off with another husband", CONCERN, C.HOPELESSNESS),
    # "I end it" with a time
    ("en", "i end it tonight", URGENT, C.PLAN),
    # on a height now, with a goodbye
    ("en", "on the roof now. goodbye", URGENT, C.ATTEMPT),
    ("fr", "je suis sur le pont là, pardon à tous", URGENT, C.FAREWELL),
    # the pain to stop forever
    ("fr", "je veux que la douleur s'arrête pour toujours", CONCERN, C.WISH_TO_DIE),
    ("en", "i want it all to stop for good", CONCERN, C.WISH_TO_DIE),
    # never having thought one would want to die: the negation is the surprise
    ("en", "never thought i'd want to die", CONCERN, C.ACTIVE_THOUGHTS),
    ("fr", "je n'aurais jamais cru vouloir en finir", CONCERN, C.ACTIVE_THOUGHTS),
]

EVERYDAY = [
    ("en", "took 2 tablets for my headache"),
    ("en", "i take 10 tablets a day for my heart"),
    ("fr", "j'ai avalé genre 20 chocolats de la boîte de chocolats"),
    ("en", "tired of this rain, i want it all to stop for good"),
    ("en", "the hose is in the garage next to the car, can you water the plants"),
    ("en", "washing the car, where's the hose"),
    ("en", "been googling ways to do it cheaper"),
    ("en", "my team would be better off with a different coach"),
    ("en", "tonight i end it with him"),
    ("en", "tonight i end my shift early"),
    ("en", "on the bridge now, sorry everyone i'm running late"),
    ("en", "on the platform now, sorry everyone, train delayed"),
    ("en", "i want the pain to stop, seeing the dentist tomorrow"),
    ("en", "i never thought i'd want to move abroad"),
    # a medication habit, not a dose now
    ("fr", "mes cachets sont sur la table de nuit, je les prends le matin"),
    ("en", "my pills are on my nightstand, i take them at night"),
    # "doing it" said of a party
    ("en", "when my parents leave i'm doing it, throwing a party"),
]


@pytest.mark.parametrize(("language", "text", "level", "category"), SIGNS)
def test_each_family_is_read_in_other_words(language, text, level, category):
    assert_read(text, language, level, category)


@pytest.mark.parametrize(("language", "text"), EVERYDAY)
def test_the_everyday_neighbours_raise_nothing(language, text):
    assert assess(text, language).level is NONE


def test_searching_how_to_do_it_tonight_is_a_thought_not_a_timed_act():
    result = assess("looked up ways to do it again tonight", "en")
    assert result.level is CONCERN
    assert C.ACTIVE_THOUGHTS in result.categories


def test_someone_else_better_off_with_another_parent_is_not_the_writers_burden():
    text = "his kids would be better off with a different dad"
    assert assess_rules(text, "en").level is NONE
    # The learned complement does not know who speaks (docs/risk.md, "What it cannot do"): it
    # may raise this as a concern, never as urgent.
    assert assess(text, "en").level is not URGENT


def test_taking_them_tonight_with_the_pills_in_front_stays_urgent():
    text = "je les prends ce soir, tous mes cachets sont devant moi"
    assert assess(text, "fr").level is URGENT


def test_a_house_empty_without_a_party_stays_a_plan():
    assert assess("when my parents leave i'm doing it", "en").level is URGENT
