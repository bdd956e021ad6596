"""Phenomena the rules were widened or narrowed for after fresh24 and fresh25 were read, each
tested on phrasings other than the corpus sentences (a family, not a sentence), with everyday
neighbours that share its words. Sentences here are in no corpus file."""

from __future__ import annotations

import pytest

from bot.domain.risk import Category, RiskLevel, assess, assess_about_other
from bot.domain.risk_text import canonical
from tests.support.risk import assert_read, assert_read_in_a_long_message

C = Category
URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE

SIGNS = [
    # an emoji standing for a means, then a time
    ("en", "🪢 tomorrow", URGENT, C.METHOD),
    ("en", "the 🔫 tonight", URGENT, C.METHOD),
    ("fr", "🔫 demain", URGENT, C.METHOD),
    ("fr", "la 🪢 cette nuit", URGENT, C.METHOD),
    # a means "in my head" and "tonight's the one"
    ("en", "pills on my mind, tonight is the one", URGENT, C.PLAN),
    ("fr", "la corde en tête, demain c'est la bonne", URGENT, C.PLAN),
    # a decision and its time, with resolve or a time chosen for being alone
    ("en", "it's all sorted for friday. my mind is made up", URGENT, C.PLAN),
    ("en", "decided its gonna be tomorrow when my parents are out", URGENT, C.PLAN),
    ("fr", "tout est organisé pour samedi, je changerai pas d'avis", URGENT, C.PLAN),
    ("fr", "c'est prévu pour demain, quand mes colocs seront partis", URGENT, C.PLAN),
    # knowing where the means are, then "I'm doing it"
    ("en", "i know where dad keeps the bullets. i'm gonna do it", URGENT, C.METHOD),
    ("fr", "je sais où mon oncle range ses balles, je vais le faire", URGENT, C.METHOD),
    # driving into a tree on purpose, timed
    ("fr", "ce soir je fonce dans un arbre avec la voiture", URGENT, C.METHOD),
    ("fr", "j'ai envie de foncer dans un mur", CONCERN, C.ACTIVE_THOUGHTS),
    # not knowing why one is still here
    ("en", "honestly no idea why i'm still alive", CONCERN, C.WISH_TO_DIE),
    ("en", "why am i still here", CONCERN, C.WISH_TO_DIE),
    ("fr", "je comprends pas pourquoi je suis toujours en vie", CONCERN, C.WISH_TO_DIE),
    # wondering what it would be like to be dead
    ("en", "i wonder how people would react if i killed myself", CONCERN, C.ACTIVE_THOUGHTS),
    ("fr", "je me demande ce qui se passerait si je mourais", CONCERN, C.ACTIVE_THOUGHTS),
    # hoping not to wake up, or to be hit
    ("en", "praying i never wake up tomorrow", CONCERN, C.WISH_TO_DIE),
    ("fr", "j'espère ne pas me réveiller", CONCERN, C.WISH_TO_DIE),
    ("fr", "je voudrais dormir et plus jamais me réveiller", CONCERN, C.WISH_TO_DIE),
    ("en", "i wish a bus would hit me", CONCERN, C.WISH_TO_DIE),
    # "it's over" and "take care of each other", each a whole clause
    ("en", "i'm done. take care of each other", URGENT, C.FAREWELL),
    ("fr", "prenez soin les uns des autres. c'est fini", URGENT, C.FAREWELL),
    # a means in one's bag, and "tonight's the night"
    ("en", "got the rope in my backpack. tonight's the night", URGENT, C.METHOD),
    ("fr", "la corde est dans ma voiture, ce soir c'est la bonne", URGENT, C.PLAN),
    # "ending it" with no subject, then a time
    ("en", "so tired. ending it all tonight", URGENT, C.PLAN),
    ("en", "ending things after my shift", URGENT, C.PLAN),
    # nobody having to worry about me; no longer a weight
    ("en", "no one will have to worry about me after friday", URGENT, C.HOPELESSNESS),
    ("fr", "je serai plus un fardeau pour personne", CONCERN, C.HOPELESSNESS),
    # sorry for everything, then a bare goodbye
    ("en", "so sorry for everything. goodbye", URGENT, C.FAREWELL),
    ("fr", "désolée pour tout. adieu", URGENT, C.FAREWELL),
    # medicines set aside, whatever the noun
    ("fr", "j'ai mis de côté trois boîtes de somnifères", URGENT, C.PREPARATION),
    ("en", "been saving up my oxy for a while now", URGENT, C.PREPARATION),
]

EVERYDAY = [
    ("en", "🔫 emoji is a water pistol now lol"),
    ("fr", "la 🪢 ce soir pour l'escalade en salle"),
    ("en", "pills on my mind, forgot to take them this morning"),
    ("en", "everything is planned for saturday's party, im not changing my mind about the menu"),
    ("en", "decided it's gonna be this weekend, the party when my parents are away"),
    ("fr", "tout est prévu pour ce weekend, le déménagement avance"),
    ("fr", "je changerai pas d'avis sur ce film"),
    ("en", "i know where the key is, i'll do it tomorrow, the shed needs cleaning"),
    ("en", "ok i'll do it tonight after dinner, promise"),
    ("en", "i know where the ammo is kept at the hunting club, i'm doing it saturday"),
    ("fr", "j'ai failli foncer dans un arbre à cause du verglas"),
    ("en", "why am i still here at 9pm, this meeting never ends"),
    ("fr", "je sais pas pourquoi je suis encore là au bureau à 20h"),
    ("en", "i wonder what it would be like if i moved to lisbon"),
    ("en", "hope i don't wake up the baby"),
    ("en", "i hope i don't wake up with a hangover"),
    ("fr", "j'espère ne pas me réveiller en retard demain"),
    ("en", "i hope a car doesn't hit me on this bike lane"),
    ("fr", "c'est fini pour aujourd'hui, prenez soin de vous, à lundi"),
    ("en", "pills in my bag for the trip, tonight's the night we leave!"),
    ("en", "rope in my bag for the climbing gym, tonight's the night i try the wall"),
    ("en", "ending it with him tonight, wish me luck"),
    ("en", "ending things after the season, the team knows"),
    ("en", "you won't have to worry about me anymore once i get the job"),
    ("fr", "je serai plus un poids pour mes parents quand j'aurai un boulot"),
    ("en", "sorry for everything today. bye, see you tomorrow"),
    ("en", "session's done. take care everyone, see you next week"),
    ("en", "stocked up on tylenol for flu season"),
    ("fr", "on a mis de côté des boîtes de doliprane pour l'hiver"),
    # a clinician's patients and colleagues
    ("en", "we lost a colleague to suicide in the spring, the whole unit is grieving"),
    ("fr", "on a perdu une patiente par overdose cette nuit, dure garde"),
    ("en", "my patient in bed 3 took an overdose, he is stable now"),
    ("fr", "la patiente de la 8 a fait une TS, on la surveille"),
    # a quote from a song or a film, said to be one
    ("en", 'the chorus goes "i want to die tonight" and everyone sings along'),
    ("fr", "le refrain « je veux en finir » est trop triste mais la chanson est belle"),
    # idioms: working oneself to death, hanging on the phone
    ("fr", "elle se tue au travail depuis des mois"),
    ("fr", "il va encore se pendre au téléphone toute la soirée"),
    # a death long past, told with an age
    ("fr", "mon père s'est suicidé quand j'avais douze ans, j'en parle enfin"),
    ("en", "my cousin killed himself when i was fifteen years old"),
]


@pytest.mark.parametrize(("language", "text", "level", "category"), SIGNS)
def test_each_family_is_read_in_other_words(language, text, level, category):
    assert_read(text, language, level, category)


@pytest.mark.parametrize(("language", "text"), EVERYDAY)
def test_the_everyday_neighbours_raise_nothing(language, text):
    assert assess(text, language).level is NONE


def test_a_patient_acting_on_the_writer_is_still_danger():
    result = assess("the patient in room 4 hit me and he's coming back with a knife", "en")
    assert result.level is URGENT
    assert C.DANGER in result.categories


def test_a_quote_without_a_song_is_still_read():
    assert assess('i keep thinking "i want to die"', "en").level is CONCERN


def test_a_quote_is_dropped_for_a_reason_about_someone_else_too():
    assert assess_about_other("elle chante « je veux mourir » sur tiktok", "fr").level is NONE


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("🪢 ce soir", "fr", "corde ce soir"),
        ("🪢 tonight", "en", "rope tonight"),
        ("💊⚰️", "en", "pills coffin"),
        ("🙂 ok", "en", "ok"),
        ("jveux mwourir", "fr", "je veux mourir"),
    ],
)
def test_emojis_for_a_means_read_as_words(text, language, expected):
    assert canonical(text, language).strip(" |") == expected


@pytest.mark.parametrize(("language", "text", "level", "category"), SIGNS)
def test_each_family_is_read_inside_a_long_message(language, text, level, category):
    """Past 400 characters rules are read only around their key words: every new rule must
    be keyed on words its matches hold, and reach the clause before when it needs to."""
    assert_read_in_a_long_message(text, language, level, category)
