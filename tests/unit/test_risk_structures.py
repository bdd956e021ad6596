"""The structure rules (``risk_rules_structures``): a verb family x an object lexicon x what
makes it a sign, with their everyday neighbours. Sentences here are in no corpus file."""

from __future__ import annotations

import pytest

from bot.domain.risk import Category, RiskLevel, assess

C = Category
URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE

SIGNS = [
    # take x "everything in" x where medicines are kept
    ("fr", "j'ai pris tout ce qui restait dans l'armoire à pharmacie", URGENT, C.ATTEMPT),
    ("en", "i took everything in the medicine cabinet", URGENT, C.ATTEMPT),
    # take x alcohol x with x medicines
    ("fr", "j'ai avalé une bouteille de vodka avec tous mes cachets", URGENT, C.ATTEMPT),
    # a gun or rope x where it is
    ("en", "i have a rope in my closet right now", URGENT, C.METHOD),
    ("fr", "j'ai la corde dans ma chambre là", URGENT, C.METHOD),
    ("fr", "j'ai sorti le pistolet, il est chargé", URGENT, C.METHOD),
    # gas in a sealed space
    ("en", "i got charcoal and duct tape for the bathroom", URGENT, C.PREPARATION),
    # a letter for the people close, with another sign of preparation
    ("fr", "j'ai écrit une lettre pour mes parents, ils la trouveront", URGENT, C.PREPARATION),
    ("en", "i rehomed my cat and wrote a note to my family", URGENT, C.PREPARATION),
    ("en", "made my will and said goodbye to my friends", URGENT, C.PREPARATION),
    # wishes, burden, hopelessness
    ("fr", "je rêve de ne plus exister", CONCERN, C.WISH_TO_DIE),
    ("en", "i pray to cease to exist", CONCERN, C.WISH_TO_DIE),
    ("fr", "je suis juste un fardeau", CONCERN, C.HOPELESSNESS),
    ("fr", "sans moi ma famille vivrait en paix", CONCERN, C.HOPELESSNESS),
    ("fr", "ils seraient débarrassés si je disparaissais", CONCERN, C.HOPELESSNESS),
    ("en", "nothing is ever going to change for me", CONCERN, C.HOPELESSNESS),
    ("fr", "si un camion me renversait ça me dérangerait pas", CONCERN, C.WISH_TO_DIE),
    ("fr", "je me suis tailladé les poignets", URGENT, C.SELF_HARM),
    ("en", "i slashed my thighs again", CONCERN, C.SELF_HARM),
]

NEIGHBOURS = [
    ("en", "i took all my vitamins with breakfast"),
    ("en", "we bought charcoal for the barbecue, the car is packed"),
    ("fr", "j'ai une corde à sauter dans mon sac"),
    ("en", "the rifle at the shooting range was loaded by the instructor"),
    ("fr", "j'ai écrit une lettre de motivation pour ma mère qui cherche du travail"),
    ("en", "i gave my old guitar to my cousin when i moved"),
    ("en", "said goodbye to my colleagues on my last day of the internship"),
    ("fr", "mon nez saigne beaucoup, c'est la chaleur"),
    ("en", "i carved a pumpkin with the kids"),
    ("en", "we are on the platform waiting for the next train to work"),
]


@pytest.mark.parametrize(("language", "text", "level", "category"), SIGNS)
def test_each_structure_is_found(language, text, level, category):
    found = assess(text, language)
    assert found.level is level, found
    assert category in found.categories, found


@pytest.mark.parametrize(("language", "text"), NEIGHBOURS)
def test_their_everyday_neighbours_stay_none(language, text):
    assert assess(text, language).level is NONE
