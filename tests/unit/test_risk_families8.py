"""Phenomena the rules were widened or narrowed for after fresh22 and fresh23 were read, each
tested on phrasings other than the corpus sentences (a family, not a sentence), with everyday
neighbours that share its words. Sentences here are in no corpus file."""

from __future__ import annotations

import pytest

from bot.domain.risk import Category, RiskLevel, assess
from bot.domain.risk_text import canonical
from tests.support.risk import assert_read

C = Category
URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE

SIGNS = [
    # a goodbye timed to be read too late
    ("en", "when you read this i will already be gone, i'm sorry", URGENT, C.FAREWELL),
    ("en", "by the time u see this im gone", URGENT, C.FAREWELL),
    ("fr", "qd tu liras ça jserai déjà partie", URGENT, C.FAREWELL),
    # gone by morning, said plainly or in SMS
    ("en", "i'll be gone before sunrise, i have what i need", URGENT, C.FAREWELL),
    ("fr", "ce soir je serai plus là, c'est mieux comme ça", URGENT, C.FAREWELL),
    # no longer needing what one would need alive, beside a thank-you
    ("en", "thanks for everything. i won't need my therapy sessions anymore", URGENT, C.FAREWELL),
    ("fr", "merci pour tout, je n'aurai plus besoin de mon rendez-vous", URGENT, C.FAREWELL),
    # "you won't have to put up with me": a burden said as a goodbye
    ("en", "you won't have to deal with me anymore after tonight", URGENT, C.FAREWELL),
    ("fr", "tu n'auras plus à me supporter", CONCERN, C.HOPELESSNESS),
    # "this is the end" beside another goodbye
    ("en", "this is the end. thank you for everything", URGENT, C.FAREWELL),
    ("fr", "c'est la fin, merci pour tout", URGENT, C.FAREWELL),
    # belongings promised and the day set
    ("en", "told my sister she can have my car, friday is the day", URGENT, C.PREPARATION),
    ("fr", "mon frère peut garder ma console, c'est pour ce soir", URGENT, C.PLAN),
    # a rope hung or a noose tied
    ("en", "the noose is up in my room", URGENT, C.METHOD),
    ("en", "tied a noose last night", URGENT, C.METHOD),
    ("fr", "je me suis fait un noeud coulant", URGENT, C.METHOD),
    ("fr", "j'ai accroché la corde au plafond", URGENT, C.METHOD),
    # an engine running in a garage
    ("en", "engine running, garage door shut, i'm so tired", URGENT, C.ATTEMPT),
    ("fr", "je suis dans le garage avec le moteur qui tourne", URGENT, C.METHOD),
    # a means arrived, then doing it
    ("en", "the charcoal arrived today, doing it tonight", URGENT, C.PLAN),
    ("fr", "les cachets sont arrivés, je le fais demain", URGENT, C.METHOD),
    # the easy way out, roping
    ("en", "maybe i'll just take the easy way out", CONCERN, C.ACTIVE_THOUGHTS),
    ("en", "been thinking about taking the easy way out tonight", URGENT, C.ACTIVE_THOUGHTS),
    ("en", "i want to rope", CONCERN, C.ACTIVE_THOUGHTS),
    # asking for a method
    ("en", "what's the most painless way to die", CONCERN, C.METHOD),
    ("en", "how many tylenol would it take to die", CONCERN, C.METHOD),
    ("fr", "quelle est la façon la plus douce de mourir", CONCERN, C.METHOD),
    ("fr", "combien de doliprane il faut pour mourir", CONCERN, C.METHOD),
    # the generic "you" of a question about oneself
    ("en", "is it normal to want to die all the time", CONCERN, C.WISH_TO_DIE),
    ("en", "does anyone else think about killing themselves", CONCERN, C.ACTIVE_THOUGHTS),
    ("fr", "c'est normal de penser à se suicider tous les jours ?", CONCERN, C.ACTIVE_THOUGHTS),
    # nobody would notice if I died, either order
    ("en", "if i died tomorrow nobody would even notice", CONCERN, C.HOPELESSNESS),
    ("fr", "si je disparaissais personne le remarquerait", CONCERN, C.HOPELESSNESS),
    # disappearing for good
    ("fr", "j'ai envie de disparaître pour toujours", CONCERN, C.WISH_TO_DIE),
    ("en", "i think about disappearing for good a lot", CONCERN, C.WISH_TO_DIE),
    # hitting walls till they bleed
    ("en", "punched the wall till my hand was bloody", CONCERN, C.SELF_HARM),
    ("fr", "je frappe les murs jusqu'au sang", CONCERN, C.SELF_HARM),
    # a deep cut bleeding now
    ("en", "cut my wrist deep and its bleeding a lot", URGENT, C.ATTEMPT),
    ("fr", "je me suis ouvert le bras, il y a du sang partout", URGENT, C.ATTEMPT),
    # the sign said after "jk ... or not", or with "not kidding", stays
    ("en", "i want to die. jk. or not", CONCERN, C.WISH_TO_DIE),
    ("en", "i'm going to kill myself tonight, not kidding", URGENT, C.PLAN),
    ("fr", "je vais me tuer ce soir, je rigole pas", URGENT, C.PLAN),
    # "are you kidding", "ma vie c'est une blague": no retraction
    ("en", "are you kidding me? i want to die", CONCERN, C.WISH_TO_DIE),
    ("fr", "ma vie c'est une blague, je veux mourir", CONCERN, C.WISH_TO_DIE),
    # a past state that is back
    ("en", "i was suicidal years ago and it's back again", CONCERN, C.ACTIVE_THOUGHTS),
    # a plan and the means said together; not trusting oneself near a means
    ("en", "i have a plan and the means now", URGENT, C.PLAN),
    ("fr", "j'ai un plan et les moyens", URGENT, C.METHOD),
    ("en", "i don't trust myself with my pills right now", CONCERN, C.METHOD),
    ("fr", "je me fais plus confiance avec les couteaux", CONCERN, C.METHOD),
    # afraid of oneself, with a time
    ("en", "i'm scared of what i might do to myself tonight", URGENT, C.ACTIVE_THOUGHTS),
    # a relative to look after, French without a possessive
    ("fr", "occupez-vous de papa pour moi", URGENT, C.FAREWELL),
    # a note for one's own, accounts deleted
    ("en", "deleted all my socials and wrote a note for my mum", URGENT, C.PREPARATION),
    ("fr", "j'ai laissé une lettre pour mes parents et tout supprimé", URGENT, C.PREPARATION),
    # jumping in front of a train is no jump into water
    ("en", "i'm going to jump in front of the next train", URGENT, C.PLAN),
    # a way of dying pictured, "why bother", walking into water
    ("en", "i keep thinking how easy it would be to just go under", CONCERN, C.ACTIVE_THOUGHTS),
    ("fr", "ce serait tellement facile de me laisser couler", CONCERN, C.ACTIVE_THOUGHTS),
    ("en", "why do i even bother living", CONCERN, C.HOPELESSNESS),
    ("en", "at the lake again, thinking of walking in", CONCERN, C.ACTIVE_THOUGHTS),
    ("fr", "j'ai envie de marcher dans la mer et de plus revenir", CONCERN, C.ACTIVE_THOUGHTS),
    # easier if I stopped existing; enough of life; everything stopped for good
    ("en", "everyone's life would be simpler if i stopped existing", CONCERN, C.HOPELESSNESS),
    ("fr", "ce serait plus simple si je existais plus", CONCERN, C.HOPELESSNESS),
    ("en", "honestly i'm done with living", CONCERN, C.WISH_TO_DIE),
    ("fr", "je veux tout arrêter, définitivement", CONCERN, C.WISH_TO_DIE),
    # no more pain after a time; going to sleep and not waking up
    ("en", "no more pain after tonight", URGENT, C.PLAN),
    ("fr", "plus de souffrance à partir de demain", URGENT, C.PLAN),
    ("en", "i'm going to sleep and not wake up, i took everything", URGENT, C.ATTEMPT),
    ("fr", "je vais dormir et plus me réveiller", CONCERN, C.PLAN),
    # a goodbye said as comfort, beside another
    ("en", "love you all, please don't blame yourselves", URGENT, C.FAREWELL),
    ("fr", "je vous aime tous, ne vous en voulez pas", URGENT, C.FAREWELL),
    # disappointed to be still alive
    ("en", "every day i wake up disappointed that i'm still here", CONCERN, C.WISH_TO_DIE),
    ("fr", "déçue de me réveiller encore ce matin", CONCERN, C.WISH_TO_DIE),
    # waiting for a train to jump
    ("fr", "je suis sur le quai, j'attends le train de 18h pour sauter", URGENT, C.ATTEMPT),
    # cuts or burns made on oneself
    ("fr", "je me suis fait des entailles sur les cuisses hier", CONCERN, C.SELF_HARM),
    ("en", "gave myself some burns on my arms last night", CONCERN, C.SELF_HARM),
    # climbing over at a height, a bag over the head, a place with a means
    ("en", "im on the balcony climbing over the railing", URGENT, C.ATTEMPT),
    ("fr", "je suis sur le balcon, j'enjambe la rambarde", URGENT, C.ATTEMPT),
    ("en", "just put the plastic bag over my head", URGENT, C.ATTEMPT),
    ("en", "i'm in the woods with a rope", URGENT, C.METHOD),
    ("fr", "dans les bois avec la corde", URGENT, C.METHOD),
    # an end with a time beside a decision; silence that means it is done
    ("en", "made up my mind, it all ends tomorrow", URGENT, C.PLAN),
    ("en", "if i don't reply it means i did it", URGENT, C.FAREWELL),
    ("fr", "si je réponds plus c'est que je l'ai fait", URGENT, C.FAREWELL),
    # a last post announced, "je devrais disparaître"
    ("en", "this will be my last message", URGENT, C.FAREWELL),
    ("fr", "tout le monde me déteste, je devrais disparaître", CONCERN, C.WISH_TO_DIE),
    # someone else climbing over is a worry about them
    ("en", "she is climbing over the railing", CONCERN, C.THIRD_PERSON),
    # a laugh beside an act is no joke
    ("en", "lol if this doesn't work i took all my pills anyway", URGENT, C.ATTEMPT),
]

EVERYDAY = [
    # away for a reason, not gone
    ("en", "when you read this i'll be on the plane to lisbon"),
    ("fr", "quand tu liras ce message je serai en vacances"),
    ("en", "i'll be gone by monday, work trip to berlin"),
    ("fr", "demain je serai plus là, je pars chez ma mère"),
    # an appointment no longer needed because things are better
    ("en", "good news, i won't need my therapy sessions anymore, my therapist discharged me"),
    ("fr", "vous n'aurez plus à me supporter, je change d'équipe lundi"),
    # the end of something else
    ("en", "this is the end of the season, thank you for everything coach"),
    ("fr", "c'est la fin du semestre, merci pour tout"),
    ("en", "friday is the day! exam finally, wish me luck"),
    ("en", "you can have my old bike, i bought a new one"),
    # ropes and engines with a purpose
    ("en", "the rope is tied to the boat, ready to sail"),
    ("fr", "la corde à linge est accrochée dans le jardin"),
    ("en", "there's a rope hanging from the ceiling for the aerial yoga class"),
    ("en", "left the engine running in the garage to warm it up"),
    ("en", "the balloons and helium came today, doing it tonight for her birthday"),
    # the easy way out of a chore, a dose for an ailment, a cheap trip
    ("en", "i took the easy way out on the exam and skipped the essay question"),
    ("en", "taking the easy way out and ordering pizza tonight"),
    ("en", "how many tylenol can i take for a headache"),
    ("fr", "c'est quoi le moyen le plus rapide pour partir en vacances pas cher"),
    ("en", "is it normal for my dog to sleep all day"),
    # unnoticed at a party, leaving a place for good
    ("en", "if i left the party early nobody would notice"),
    ("fr", "j'ai envie de partir pour de bon de cette ville"),
    ("en", "i want to leave social media for good"),
    # walls, cuts and burns that are no self-harm
    ("en", "he punched the wall so hard it cracked lol"),
    ("en", "cut my thumb while chopping onions, bleeding a lot"),
    ("fr", "je me suis brûlée en sortant le gratin du four"),
    ("fr", "je me suis tapé une barre avec mes potes"),
    ("fr", "je me suis tapé un fou rire à en mourir"),
    # jumping into water, taking the plunge, an insult
    ("en", "im jumping into the lake, its so hot"),
    ("fr", "je vais me jeter à l'eau et postuler"),
    ("en", "he can go jump off a cliff for all i care"),
    # words taken back at once
    ("en", "lol i'm gonna kill myself if i fail this jk"),
    ("fr", "je vais me tuer mdr je rigole"),
    # a past state told as over
    ("en", "i was suicidal years ago, now i'm good"),
    ("fr", "j'étais suicidaire il y a 5 ans, ça va mieux"),
    # an old thing given away: two rules reading the same words are one sign, not two
    ("fr", "j'ai donné ma vieille guitare à mon neveu"),
    # a goodbye to a season, a cut while shaving, a course on helping someone
    ("fr", "adieu l'été, bonjour la rentrée"),
    ("fr", "je me suis coupé en me rasant"),
    ("en", "we need to talk about how to support someone who is suicidal"),
    # plans, trust and ease about ordinary things
    ("en", "i have a plan and the means to start my own business"),
    ("en", "i don't trust myself with chocolate in the house"),
    ("en", "it would be so easy to quit my job and travel"),
    ("en", "at the lake, thinking of walking in, the water is warm"),
    ("en", "no more pain after tonight, the dentist fixed my tooth"),
    ("en", "i'm sick of living in this city"),
    ("en", "i took everything in my stride this week"),
    ("fr", "je vais dormir et me réveiller tôt pour le train"),
    ("en", "it's not your fault we lost, the ref was awful"),
    ("en", "sad that i'm still here at the office at 9pm"),
    ("en", "cutting board, knife and onions ready, cooking tonight"),
    ("fr", "je me tue au travail en ce moment, vivement les vacances"),
    ("fr", "je me suis fait des brûlures sur les bras avec le four"),
    ("en", "climbing over the fence to get my ball back"),
    ("en", "the sale ends this weekend"),
    ("en", "my decision is made, it ends this weekend with him"),
    ("en", "if i dont reply i am asleep"),
    ("en", "put a bag over my head for the halloween costume"),
    ("fr", "on est dans les bois avec une corde pour la cabane"),
    ("en", "this will be my last post before my holiday, see you soon"),
    ("fr", "je devrais disparaître quelques jours en vacances"),
    # hyperbole on everyday stakes, laughing
    ("en", "lol i'm going to kill myself if i fail this exam"),
    ("fr", "ptdr je vais me tuer si je rate mon permis"),
    # SMS forms that mean nothing
    ("en", "ill be fine, ill be there at 8"),
    ("fr", "jsais pas quoi faire ce soir"),
]


@pytest.mark.parametrize(("language", "text", "level", "category"), SIGNS)
def test_each_family_is_read_in_other_words(language, text, level, category):
    assert_read(text, language, level, category)


@pytest.mark.parametrize(("language", "text"), EVERYDAY)
def test_the_everyday_neighbours_raise_nothing(language, text):
    assert assess(text, language).level is NONE


def test_a_retraction_does_not_take_back_an_act():
    assert assess("took all my pills jk", "en").level is URGENT


def test_a_past_attempt_felt_again_is_still_read():
    text = "i tried to kill myself 10 years ago and i feel like that again"
    assert assess(text, "en").level is CONCERN


def test_the_impersonal_il_y_a_names_nobody_else():
    result = assess("je me suis entaillé le poignet il y a 10 min, ça saigne beaucoup", "fr")
    assert result.level is URGENT
    assert C.THIRD_PERSON not in result.categories


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("jserai plus là", "fr", "je serai plus la"),
        ("jmourais", "fr", "je mourais"),
        ("jvien davaler", "fr", "je viens de avaler"),
        ("jaimerai mendormir", "fr", "je aimerais me endormir"),
        ("ill be gone", "en", "i will be gone"),
        ("ill today", "en", "ill today"),
        ("jk", "en", "jk"),
    ],
)
def test_sms_spellings_glued_to_their_subject(text, language, expected):
    assert canonical(text, language).strip(" |") == expected
