"""Phenomena the rules were widened or narrowed for after fresh20 was read, each tested on
phrasings other than the corpus sentence (a family, not a sentence), with everyday
neighbours that share its words. Sentences here are in no corpus file."""

from __future__ import annotations

import pytest

from bot.domain.risk import Category, RiskLevel, assess
from tests.support.risk import assert_read

C = Category
URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE

SIGNS = [
    # a burden: better off if I vanished, disappeared, wasn't around
    ("en", "my family would be happier if i disappeared", CONCERN, C.HOPELESSNESS),
    ("en", "they'd all be better off if i wasn't around", CONCERN, C.HOPELESSNESS),
    # no reason seen to keep living
    ("en", "honestly can't see the point of living", CONCERN, C.WISH_TO_DIE),
    ("en", "i don't see why i should go on", CONCERN, C.WISH_TO_DIE),
    # "rather be dead than go back" to a place is no idiom
    ("en", "i'd rather die than go back to that house", CONCERN, C.WISH_TO_DIE),
    # a plan for when the house is empty or asleep, either order, French and English
    ("fr", "dès que ma famille dort je le fais", URGENT, C.PLAN),
    ("fr", "je le fais ce soir quand tout le monde dort", URGENT, C.PLAN),
    ("en", "once everyone's asleep i'm doing it", URGENT, C.PLAN),
    ("en", "when my parents go to work tomorrow i will do it", URGENT, C.PLAN),
    # a wish to disappear and never come back stays a wish, never a goodbye said
    ("en", "i want to vanish and never come back", CONCERN, C.WISH_TO_DIE),
    # one letter for each of one's own
    ("en", "left a note for each of my kids on their beds", URGENT, C.PREPARATION),
    ("fr", "j'ai écrit une lettre à chacun de mes enfants", URGENT, C.PREPARATION),
    # intent said with "planning on", "finna", "fixing to"
    ("en", "planning on ending it all this weekend", URGENT, C.PLAN),
    ("en", "finna end it tonight", URGENT, C.PLAN),
]

EVERYDAY = [
    # a negation put first
    ("fr", "jamais je me suiciderais, j'ai trop de gens qui comptent"),
    ("en", "never would I kill myself, I love my kids too much"),
    # "rather die than" an everyday chore stays an idiom
    ("en", "i'd rather die than go to that party"),
    # farewells to a team, class or neighbours one leaves
    ("fr", "j'ai fait mes adieux à toute l'équipe, nouveau poste lundi"),
    ("en", "said my goodbyes to the team today, starting at the new place monday"),
    ("fr", "fait mes adieux à mes voisins, on déménage demain"),
    # letters to teachers or for a trip, at Christmas
    ("en", "wrote letters to my kids' teachers about the trip"),
    ("en", "wrote a letter to each of my kids for christmas"),
    # pills on the table with a reminder to take one with a meal
    ("en", "the pills are on the table, remember to take one with dinner"),
    # away tomorrow on a journey
    ("en", "I won't be here tomorrow, I'm off to Lyon"),
    # missed at an event one skips
    ("en", "nobody would miss me at the party anyway, i'll stay home"),
    # ending things with someone
    ("en", "planning on ending things with him this weekend"),
    # a home alone kept for chores
    ("fr", "quand mes parents partent je fais mes devoirs"),
]


@pytest.mark.parametrize(("language", "text", "level", "category"), SIGNS)
def test_each_family_is_read_in_other_words(language, text, level, category):
    assert_read(text, language, level, category)


@pytest.mark.parametrize(("language", "text"), EVERYDAY)
def test_the_everyday_neighbours_raise_nothing(language, text):
    assert assess(text, language).level is NONE


def test_a_wish_to_disappear_and_never_come_back_is_no_farewell():
    result = assess("wish i could disappear and never come back", "en")
    assert result.level is CONCERN
    assert C.FAREWELL not in result.categories
