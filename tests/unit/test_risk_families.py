"""Phenomena the rules were widened for after fresh18 and fresh19 were read, each tested on
phrasings other than the corpus sentence (a family, not a sentence), with everyday
neighbours that share its words. Sentences here are in no corpus file."""

from __future__ import annotations

import pytest

from bot.domain.risk import Category, RiskLevel, assess

C = Category
URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE

SIGNS = [
    # an overdose: "every", a French round number, an adjective before "overdose"
    ("en", "just swallowed every single tablet i had left", URGENT, C.ATTEMPT),
    ("fr", "j'ai avalé une trentaine de somnifères", URGENT, C.ATTEMPT),
    ("en", "did a huge od, can't feel my hands", URGENT, C.ATTEMPT),
    ("fr", "jai fait une énorme overdose", URGENT, C.ATTEMPT),
    # a wish not to wake up, given, prayed or hoped for
    ("en", "i hope i just don't wake up tomorrow", CONCERN, C.WISH_TO_DIE),
    ("fr", "j'espère ne pas me réveiller cette fois", CONCERN, C.WISH_TO_DIE),
    # affairs settled, two acts in one message
    ("en", "paid off my debts and left my keys on the table for mum", URGENT, C.PREPARATION),
    ("fr", "j'ai fermé tous mes comptes et rendu les clés au proprio", URGENT, C.PREPARATION),
    # belongings given away over days
    ("en", "i've started giving away my things", URGENT, C.PREPARATION),
    # not around by morning
    ("en", "i won't be here in the morning", URGENT, C.FAREWELL),
    ("fr", "je serai plus là demain matin", URGENT, C.FAREWELL),
    # things will never get better for me
    ("en", "nothing is going to get better for me", CONCERN, C.HOPELESSNESS),
    ("fr", "rien ira jamais mieux pour moi", CONCERN, C.HOPELESSNESS),
    # a burden, said otherwise
    ("en", "my friends deserve someone better than me", CONCERN, C.HOPELESSNESS),
    ("fr", "ils respireraient mieux sans moi", CONCERN, C.HOPELESSNESS),
    ("en", "they'd be so relieved if i was gone", CONCERN, C.HOPELESSNESS),
    # thinking how one would do it
    ("en", "i keep thinking about how i would do it", CONCERN, C.ACTIVE_THOUGHTS),
]

EVERYDAY = [
    ("fr", "j'ai mangé toute la boîte de bonbons ce matin, oups"),
    ("en", "took every vitamin in the jar by mistake lol"),
    ("en", "sat on the balcony railing? no, on the balcony with a book and a coffee"),
    ("fr", "je suis sur le balcon à lire au soleil"),
    ("en", "left the car running in the garage to warm it up"),
    ("en", "this noise from the neighbours, i want it to stop for good"),
    ("fr", "je veux que cette pluie s'arrête pour de bon"),
    ("en", "i hope i don't wake up late for the exam"),
    ("en", "cancelled my phone contract, too expensive"),
    ("fr", "j'ai résilié mes abonnements et rendu les clés, je déménage à Lyon"),
    ("en", "i've been giving away my clothes to charity"),
    ("en", "i won't be here tomorrow morning, dentist appointment"),
    ("en", "they'd be lighter without those heavy bags"),
    ("fr", "je réfléchis à comment je ferais ça pour le projet"),
]


@pytest.mark.parametrize(("language", "text", "level", "category"), SIGNS)
def test_each_family_is_read_in_other_words(language, text, level, category):
    verdict = assess(text, language)
    assert verdict.level is level, (text, verdict)
    assert category in verdict.categories, (text, verdict)


@pytest.mark.parametrize(("language", "text"), EVERYDAY)
def test_the_everyday_neighbours_raise_nothing(language, text):
    assert assess(text, language).level is NONE, text
