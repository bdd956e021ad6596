"""Phenomena the rules were widened or narrowed for after fresh28 and fresh29 were read, each
tested on phrasings other than the corpus sentences (a family, not a sentence), with everyday
neighbours that share its words. Sentences here are in no corpus file."""

from __future__ import annotations

import pytest

from bot.domain.risk import Category, RiskLevel, assess
from tests.support.risk import assert_read, assert_read_in_a_long_message

C = Category
URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE

SIGNS = [
    # means found at home, used now
    ("fr", "j'ai allumé le gaz et calfeutré toutes les portes", URGENT, C.ATTEMPT),
    ("en", "turned on the gas and taped the windows shut", URGENT, C.ATTEMPT),
    ("fr", "le tuyau est branché sur le pot d'échappement, moteur allumé", URGENT, C.ATTEMPT),
    ("en", "ran a hose from the exhaust into the car", URGENT, C.ATTEMPT),
    ("fr", "la corde est accrochée à la poutre du salon", URGENT, C.METHOD),
    ("en", "tied the rope to the beam in the shed", URGENT, C.METHOD),
    ("fr", "la carabine de mon père est chargée à côté de moi", URGENT, C.METHOD),
    ("en", "just loaded the revolver, it's on my bed", URGENT, C.METHOD),
    ("en", "sitting with the pistol in my mouth", URGENT, C.METHOD),
    ("fr", "j'ai avalé de l'antigel", URGENT, C.ATTEMPT),
    ("en", "chugged the drain cleaner", URGENT, C.ATTEMPT),
    ("fr", "le grille-pain est branché au bord de la baignoire", URGENT, C.METHOD),
    ("en", "the hair dryer is plugged in and I'm in the bath", URGENT, C.METHOD),
    ("fr", "j'avance dans le lac, l'eau m'arrive jusqu'à la taille", URGENT, C.ATTEMPT),
    ("en", "heading into the river, not stopping this time", URGENT, C.ATTEMPT),
    ("fr", "la corde a cédé, je vais recommencer", URGENT, C.ATTEMPT),
    ("en", "the cord broke so I'll try again", URGENT, C.ATTEMPT),
    ("en", "I went deeper than I meant and it's pouring", URGENT, C.ATTEMPT),
    ("en", "I'm on the other side of the railing now", URGENT, C.ATTEMPT),
    ("fr", "je suis de l'autre côté de la rambarde", URGENT, C.ATTEMPT),
    ("fr", "j'ai mélangé tous mes médocs avec du whisky", URGENT, C.ATTEMPT),
    ("en", "took all my pills with the wine", URGENT, C.ATTEMPT),
    # a bare act with a time, a time chosen to be alone, a chosen place, knowing how
    ("en", "end my life tomorrow", URGENT, C.PLAN),
    ("fr", "me suicider ce soir", URGENT, C.PLAN),
    ("fr", "quand tout le monde dormira je le fais", URGENT, C.PLAN),
    ("en", "once my parents are out I'm doing it", URGENT, C.PLAN),
    ("en", "I've chosen the spot, it's happening tonight", URGENT, C.PLAN),
    ("fr", "j'ai choisi le jour, ce sera samedi", URGENT, C.PLAN),
    ("fr", "demain tout sera fini pour moi", URGENT, C.PLAN),
    ("en", "i know how i'm gonna do it, tomorrow", URGENT, C.PLAN),
    ("fr", "je sais comment je vais le faire, ce soir", URGENT, C.PLAN),
    ("fr", "j'ai mes lames pour ce soir", URGENT, C.METHOD),
    ("en", "aiming for the artery this time", URGENT, C.METHOD),
    # farewells said sideways
    ("en", "love you all, see you up there", URGENT, C.FAREWELL),
    ("fr", "on se reverra là-haut", URGENT, C.FAREWELL),
    ("en", "guess this is goodbye", URGENT, C.FAREWELL),
    ("en", "my last thoughts will be with you", URGENT, C.FAREWELL),
    ("fr", "c'est la fin. adieu", URGENT, C.FAREWELL),
    ("en", "thanks for trying, you were the only one who cared", URGENT, C.FAREWELL),
    # affairs settled, nothing needed any more
    ("fr", "j'ai remboursé mes dettes, tout est en ordre maintenant", URGENT, C.PREPARATION),
    ("en", "closed my bank account, won't need any of it anymore", URGENT, C.PREPARATION),
    # someone armed, now
    ("fr", "mon copain a un couteau et il hurle", URGENT, C.DANGER),
    ("en", "my ex is outside with an axe, banging on the door", URGENT, C.DANGER),
    # wishes and thoughts: a vehicle, a swerve, a fall, waking up, nothing left
    ("fr", "si un train me percutait ça me soulagerait", CONCERN, C.WISH_TO_DIE),
    ("en", "honestly if I get hit by a truck, fine", CONCERN, C.WISH_TO_DIE),
    ("en", "keep thinking of swerving into a tree on the highway", CONCERN, C.ACTIVE_THOUGHTS),
    ("fr", "parfois j'ai envie de foncer dans un mur en voiture", CONCERN, C.ACTIVE_THOUGHTS),
    ("en", "wondering if it would hurt to jump from my balcony", CONCERN, C.ACTIVE_THOUGHTS),
    ("fr", "marre de me réveiller chaque matin", CONCERN, C.WISH_TO_DIE),
    ("en", "there's nothing left for me anymore", CONCERN, C.HOPELESSNESS),
    ("en", "scratched myself till it bled again", CONCERN, C.SELF_HARM),
]

EVERYDAY = [
    ("fr", "j'ai allumé le gaz pour les pâtes et ouvert la fenêtre"),
    ("en", "turned on the gas hob, the kitchen windows are open"),
    ("fr", "le garagiste a changé le tuyau du pot d'échappement"),
    ("en", "the mechanic says the exhaust hose needs replacing"),
    ("fr", "on a accroché le hamac à la poutre avec une corde"),
    ("en", "hung the fairy lights from the beam with some rope"),
    ("fr", "mon oncle a chargé son fusil pour l'ouverture de la chasse"),
    ("en", "loaded the water gun for the kids' party"),
    ("en", "i'd rather drink bleach than sit through that meeting"),
    ("fr", "le chien a bu de la javel, on est chez le véto"),
    ("en", "I dry my hair with the hair dryer after my bath"),
    ("fr", "on marche vers la mer pour voir le coucher du soleil"),
    ("en", "walked into the sea for a swim, water was freezing"),
    ("fr", "ma ceinture a lâché au resto mdr"),
    ("en", "the rope snapped during tug of war"),
    ("en", "dug the hole deeper than I meant for the tree"),
    ("en", "the ball went over to the other side of the fence"),
    ("en", "took my pills with a glass of water"),
    ("fr", "j'en finis avec ce dossier ce soir"),
    ("en", "end of the day tomorrow for the report"),
    ("fr", "quand ils seront partis je le fais, le gâteau surprise"),
    ("en", "we picked the date for the wedding, next june"),
    ("fr", "demain ce sera fini pour moi les examens"),
    ("en", "I know how I'm going to do it, the presentation I mean, slides first"),
    ("en", "see you on the other side of the holidays"),
    ("fr", "on se retrouve de l'autre côté du pont"),
    ("en", "this is goodbye to the old flat, moving tomorrow"),
    ("en", "thanks for trying to fix my bike"),
    ("fr", "j'ai remboursé mes dettes, je suis enfin libre"),
    ("en", "my brother has a bat for baseball practice"),
    ("en", "my dad keeps a gun safe in the basement"),
    ("fr", "mon père a un couteau suisse pour le camping"),
    ("en", "if I get hit by a car, who would call my mom? creepy thought"),
    ("en", "almost swerved into a tree because of a deer"),
    ("en", "tired of waking up at 6 for this job"),
    ("en", "nothing left for me to do here, heading home"),
    ("en", "burned my arm on the curling iron"),
    ("fr", "j'ai écrit une lettre d'adieu à mon ancien boulot"),
    ("fr", "mon psy m'a demandé si j'avais envie de mourir, j'ai dit non"),
    ("en", "the nurse asked if I had thoughts of hurting myself and I said no"),
]


@pytest.mark.parametrize(("language", "text", "level", "category"), SIGNS)
def test_each_family_is_read_in_other_words(language, text, level, category):
    assert_read(text, language, level, category)


@pytest.mark.parametrize(("language", "text"), EVERYDAY)
def test_the_everyday_neighbours_raise_nothing(language, text):
    assert assess(text, language).level is NONE


@pytest.mark.parametrize(("language", "text", "level", "category"), SIGNS)
def test_each_family_is_read_inside_a_long_message(language, text, level, category):
    """Past 400 characters rules are read only around their key words: every new rule must
    be keyed on words its matches hold."""
    assert_read_in_a_long_message(text, language, level, category)


def test_a_question_answered_yes_is_not_taken_back():
    assert assess("my therapist asked if I wanted to die and I said yes", "en").worrying
