"""Phenomena the rules were widened or narrowed for after fresh26 and fresh27 were read, each
tested on phrasings other than the corpus sentences (a family, not a sentence), with everyday
neighbours that share its words. Sentences here are in no corpus file."""

from __future__ import annotations

import pytest

from bot.domain.risk import Category, RiskLevel, assess
from tests.support.risk import assert_read, assert_read_in_a_long_message

C = Category
URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE

SIGNS = [
    # survivor's guilt beside a sideways decision with a time
    ("en", "should have been me in that truck. I'm going to join my mates tonight", URGENT, C.PLAN),
    (
        "fr",
        "c'était à moi de mourir là-bas. je vais rejoindre mes collègues demain",
        URGENT,
        C.PLAN,
    ),
    ("en", "it should have been me. i'm going through with it tomorrow", URGENT, C.PLAN),
    ("fr", "j'aurais dû mourir à leur place. je vais aller au bout ce soir", URGENT, C.PLAN),
    # not deserving to be alive
    ("en", "honestly i don't deserve to live after what happened", CONCERN, C.WISH_TO_DIE),
    ("fr", "je mérite pas de vivre, pas après ça", CONCERN, C.WISH_TO_DIE),
    ("fr", "j'ai plus le droit d'exister", CONCERN, C.WISH_TO_DIE),
    # not minding not waking up
    ("en", "wouldn't mind never waking up tbh", CONCERN, C.WISH_TO_DIE),
    ("en", "it wouldn't be that bad if i didn't wake up", CONCERN, C.WISH_TO_DIE),
    ("fr", "ça m'arrangerait bien de plus me réveiller", CONCERN, C.WISH_TO_DIE),
    # better off never born
    ("en", "everyone would have been better off if i had never been born", CONCERN, C.WISH_TO_DIE),
    ("fr", "mes parents seraient mieux si j'avais pas existé", CONCERN, C.WISH_TO_DIE),
    # wishing the plane (train, car) would crash with one in it
    ("en", "kinda hoping the flight goes down tbh", CONCERN, C.WISH_TO_DIE),
    ("fr", "j'espère que le train déraille avec moi dedans", CONCERN, C.WISH_TO_DIE),
    # self-harm started again
    ("en", "a year clean from self harm and i relapsed last night", CONCERN, C.SELF_HARM),
    ("fr", "6 mois sans scarification et j'ai recommencé ce week-end", CONCERN, C.SELF_HARM),
    # trapped, and it will never end
    (
        "en",
        "i feel so stuck, the nightmares every night, it'll never stop",
        CONCERN,
        C.HOPELESSNESS,
    ),
    ("fr", "je suis coincée dans ma tête, ça s'arrêtera jamais", CONCERN, C.HOPELESSNESS),
    # an overdose that is "not a relapse"
    ("en", "used way more than i ever have. this is not a relapse", URGENT, C.ATTEMPT),
    ("fr", "j'ai pris le double de ma dose de méthadone, c'est pas une rechute", URGENT, C.ATTEMPT),
    # someone else's pills, to the last one
    ("en", "swallowed my mum's sleeping pills, the whole box", URGENT, C.ATTEMPT),
    ("fr", "j'ai avalé les cachets de ma grand-mère, toute la boîte", URGENT, C.ATTEMPT),
    # a gun one can open, beside a time
    (
        "en",
        "the rifle is in the cabinet and i have the key. tonight is the right time",
        URGENT,
        C.METHOD,
    ),
    (
        "fr",
        "le fusil est dans l'armoire, je connais la combinaison. ce soir c'est le bon moment",
        URGENT,
        C.METHOD,
    ),
    # a rope hung up
    ("fr", "j'ai une corde suspendue dans la grange", URGENT, C.METHOD),
    ("en", "the noose is hanging from the beam", URGENT, C.METHOD),
    # legs over the edge
    ("en", "sitting on the edge of the bridge now", URGENT, C.ATTEMPT),
    ("fr", "assise au bord du toit, les pieds dans le vide", URGENT, C.ATTEMPT),
    # a sideways decision and resolve
    ("en", "my mind is made up. i'm leaving for good this weekend", URGENT, C.PLAN),
    ("fr", "c'est décidé, je pars pour de bon ce soir", URGENT, C.PLAN),
    ("en", "saturday i'll do it. no one is stopping me", URGENT, C.PLAN),
    ("fr", "demain je le fais, personne ne m'arrêtera", URGENT, C.PLAN),
    ("en", "they'd be better off without me. it'll all be over tonight", URGENT, C.PLAN),
    # second pass: the same families in further phrasings
    (
        "en",
        "the kids are at their dad's this weekend, i've decided, saturday night i'm going "
        "for good. sorry to dump this on you",
        URGENT,
        C.PLAN,
    ),
    (
        "fr",
        "les enfants sont chez leur père ce week-end, c'est décidé, samedi soir je pars pour "
        "de bon. désolée de te balancer ça",
        URGENT,
        C.PLAN,
    ),
    (
        "en",
        "i keep replaying the convoy, it should have been me, i don't deserve to be here",
        CONCERN,
        C.WISH_TO_DIE,
    ),
    (
        "fr",
        "je revois le convoi en boucle, ça aurait dû être moi, je mérite pas d'être là",
        CONCERN,
        C.WISH_TO_DIE,
    ),
    ("en", "took my nan's morphine, all of it, about half an hour ago", URGENT, C.ATTEMPT),
    (
        "fr",
        "j'ai pris la morphine de ma mamie, tout le flacon, y a une demi-heure",
        URGENT,
        C.ATTEMPT,
    ),
    ("en", "been 3 months since i last cut and tonight i started again", CONCERN, C.SELF_HARM),
    ("fr", "ça faisait 3 mois sans me couper et ce soir j'ai recommencé", CONCERN, C.SELF_HARM),
    (
        "en",
        "this time it's not a relapse, i shot up twice my usual dose on purpose",
        URGENT,
        C.ATTEMPT,
    ),
    ("fr", "franchement ma famille serait mieux si j'étais pas née", CONCERN, C.WISH_TO_DIE),
    ("en", "wouldn't be the worst thing if i just didn't wake up", CONCERN, C.WISH_TO_DIE),
    ("fr", "ce serait pas plus mal si je me réveillais plus", CONCERN, C.WISH_TO_DIE),
    ("en", "out on the car park roof, feet dangling over the edge", URGENT, C.ATTEMPT),
    ("fr", "c'est décidé, je vais aller jusqu'au bout cette nuit", URGENT, C.PLAN),
]

EVERYDAY = [
    ("en", "should have been me who got the promotion, honestly"),
    ("fr", "ça aurait dû être moi au volant, il conduit trop mal"),
    ("en", "i don't deserve this cake but i'm eating it anyway"),
    ("en", "wouldn't mind a lie-in tomorrow"),
    ("fr", "ça m'arrangerait de pas me réveiller trop tôt demain"),
    ("en", "hope the flight doesn't get delayed"),
    ("fr", "j'espère que le train sera à l'heure"),
    ("en", "started again at the gym after a year off"),
    ("fr", "j'ai recommencé la guitare après 6 mois"),
    ("en", "stuck in traffic and it will never end"),
    ("fr", "coincée dans la file d'attente, ça finira jamais"),
    ("en", "relapsed on sugar this week, this is not a relapse of the drinking"),
    ("fr", "c'est pas une rechute, juste un verre au mariage"),
    ("en", "took my sister's vitamins, the whole box, by mistake"),
    ("en", "the gun safe is in the garage and i know the code, dad is teaching me to clean it"),
    ("fr", "la corde à linge est accrochée dans le garage"),
    ("en", "the rope is up for the climbing class"),
    ("en", "legs dangling over the edge of the pool"),
    ("fr", "je pars pour de bon au Canada en juin"),
    ("en", "i'm leaving for good to move in with my partner"),
    ("en", "tonight i'm going to join them at the pub"),
    ("fr", "je vais rejoindre les autres au resto ce soir"),
    ("en", "going through with the surgery tomorrow, wish me luck"),
    ("en", "nobody's stopping me from eating this whole pizza"),
    ("en", "the plumber comes tomorrow, by tomorrow night it'll be sorted"),
    ("fr", "adieu veau vache cochon couvée, on a raté le train"),
    ("en", "bought a rope for the canyoning trip"),
    ("fr", "aux urgences on a eu deux tentatives de suicide pendant ma garde"),
    ("en", "i miss my grandpa, i think about my grandpa's suicide every spring"),
    ("fr", "j'ai cassé le vase de ma mère, elle va me tuer"),
    ("en", "i broke my brother's headphones, he is going to kill me"),
    # second pass
    ("en", "it should have been me presenting at the conference, they picked tom instead"),
    ("fr", "ça aurait dû être moi qui fasse la présentation, mais bon"),
    ("en", "i'm going for good this time - to the gym every morning!"),
    ("fr", "je pars pour de bon ce soir en Bretagne, enfin les vacances"),
    ("en", "started again with the blade sharpening course, loving it"),
    ("en", "nobody is stopping me this time, i'm running the marathon"),
]


@pytest.mark.parametrize(("language", "text", "level", "category"), SIGNS)
def test_each_family_is_read_in_other_words(language, text, level, category):
    assert_read(text, language, level, category)


@pytest.mark.parametrize(("language", "text"), EVERYDAY)
def test_the_everyday_neighbours_raise_nothing(language, text):
    assert assess(text, language).level is NONE


def test_a_threat_after_a_mischief_is_still_danger_when_blows_are_told():
    result = assess("j'ai cassé son téléphone, il m'a frappée et il dit qu'il va me tuer", "fr")
    assert C.DANGER in result.categories


def test_not_now_but_one_day_is_not_taken_back():
    assert assess("i will kill myself i know it, not now, but one day", "en").worrying


def test_not_now_alone_still_takes_back():
    assert assess("i wanted to kill myself. not now", "en").level is NONE


@pytest.mark.parametrize(("language", "text", "level", "category"), SIGNS)
def test_each_family_is_read_inside_a_long_message(language, text, level, category):
    """Past 400 characters rules are read only around their key words: every new rule must
    be keyed on words its matches hold, and reach the clause before when it needs to."""
    assert_read_in_a_long_message(text, language, level, category)
