"""The risk model: which messages it flags, at which level, and which it leaves alone.

Sentences here are not in the corpus (``tests/data/risk/``): they check each warning sign and
each family of hard negatives by name, in French and English, the way people type in a chat.
"""

from __future__ import annotations

import ast
import hashlib
import re
import sys
from pathlib import Path

import pytest

from bench.risk import FRESH, LANGUAGES, TARGETS, load, score
from bot.domain import risk_rules
from bot.domain.risk import (
    NO_RISK,
    Category,
    RiskAssessment,
    RiskLevel,
    assess,
    normalise,
    strip_accents,
)
from bot.domain.risk_text import canonical

C = Category
CORPUS_PARTS = ("dev", "test", *FRESH)
URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE

# (language, text, level, a category that must be among those found)
SIGNS = [
    # wish to be dead or to disappear
    ("en", "I just wish I could disappear forever", CONCERN, C.WISH_TO_DIE),
    ("en", "i want to sleep forever and never wake up", CONCERN, C.WISH_TO_DIE),
    ("fr", "j'aimerais ne plus me réveiller", CONCERN, C.WISH_TO_DIE),
    ("fr", "jveu mourir", CONCERN, C.WISH_TO_DIE),
    # active thoughts
    ("en", "I keep thinking about killing myself", CONCERN, C.ACTIVE_THOUGHTS),
    ("en", "ngl sewerslide is on my mind a lot", CONCERN, C.ACTIVE_THOUGHTS),
    ("fr", "je pense à me foutre en l'air", CONCERN, C.ACTIVE_THOUGHTS),
    ("fr", "j'ai envie d'en finir", CONCERN, C.ACTIVE_THOUGHTS),
    # intent with a time
    ("en", "i'm going to kill myself tonight", URGENT, C.PLAN),
    ("en", "tomorrow morning I'll end it all", URGENT, C.PLAN),
    ("fr", "je vais me suicider ce soir", URGENT, C.PLAN),
    ("fr", "à 3h j'en finis", URGENT, C.PLAN),
    # means at hand
    ("en", "the gun is loaded", URGENT, C.METHOD),
    ("en", "I've got the pills right here in front of me", URGENT, C.METHOD),
    ("fr", "j'ai les cachets devant moi", URGENT, C.METHOD),
    ("fr", "le couteau est prêt à côté de moi", URGENT, C.METHOD),
    # preparation
    ("en", "I bought a rope today", URGENT, C.PREPARATION),
    ("en", "i've been saving up my sleeping pills", URGENT, C.PREPARATION),
    ("fr", "j'ai écrit ma lettre d'adieu", URGENT, C.PREPARATION),
    ("fr", "j'ai acheté une corde hier", URGENT, C.PREPARATION),
    # attempt under way or just made
    ("en", "I just swallowed 25 pills", URGENT, C.ATTEMPT),
    ("en", "i'm standing on the bridge", URGENT, C.ATTEMPT),
    ("fr", "g pri tout mes medocs", URGENT, C.ATTEMPT),
    ("fr", "je suis sur le toit de l'immeuble", URGENT, C.ATTEMPT),
    # self-harm
    ("en", "I cut myself again", CONCERN, C.SELF_HARM),
    ("en", "been burning myself with a lighter", CONCERN, C.SELF_HARM),
    ("fr", "je me scarifie depuis des mois", CONCERN, C.SELF_HARM),
    ("fr", "jme fais du mal exprès", CONCERN, C.SELF_HARM),
    # hopelessness, feeling trapped, a burden
    ("en", "everyone would be better off without me", CONCERN, C.HOPELESSNESS),
    ("en", "I'm a burden to my whole family", CONCERN, C.HOPELESSNESS),
    ("fr", "je suis un poids pour tout le monde", CONCERN, C.HOPELESSNESS),
    ("fr", "je vois aucun avenir", CONCERN, C.HOPELESSNESS),
    # farewells
    ("en", "this is my last message, take care of my cat for me", URGENT, C.FAREWELL),
    ("en", "goodbye everyone, I love you all", URGENT, C.FAREWELL),
    ("fr", "adieu à tous", URGENT, C.FAREWELL),
    ("fr", "c'est mon dernier message", URGENT, C.FAREWELL),
    # danger from someone else (urgent when it is now)
    ("en", "my boyfriend hits me when he's drunk", CONCERN, C.DANGER),
    ("en", "he's outside my door with a knife", URGENT, C.DANGER),
    ("fr", "mon mari me frappe", CONCERN, C.DANGER),
    ("fr", "il est devant ma porte avec un couteau", URGENT, C.DANGER),
    # someone else at risk: a concern the peer may want to hear
    ("en", "my friend says she wants to kill herself", CONCERN, C.THIRD_PERSON),
    ("fr", "mon frère m'a dit qu'il voulait se tuer", CONCERN, C.THIRD_PERSON),
]


@pytest.mark.parametrize(("language", "text", "level", "category"), SIGNS)
def test_each_warning_sign_is_found_at_its_level(language, text, level, category):
    found = assess(text, language)
    assert found.level is level, text
    assert category in found.categories, (text, found.categories)


HARD_NEGATIVES = {
    "idioms": [
        ("en", "this cake is to die for"),
        ("en", "my feet are killing me"),
        ("en", "I'm dying to see it"),
        ("en", "I could kill for a coffee"),
        ("en", "dead tired after work"),
        ("en", "just killing time at the station"),
        ("fr", "je meurs d'envie d'y aller"),
        ("fr", "mort de rire 😂"),
        ("fr", "ce boulot va me tuer"),
        ("fr", "je suis morte de fatigue"),
    ],
    "negations": [
        ("en", "I would never kill myself"),
        ("en", "not suicidal anymore, I promise"),
        ("en", "I don't want to die, I want to feel better"),
        ("fr", "je ne veux pas mourir"),
        ("fr", "j'ai jamais pensé au suicide"),
        ("fr", "je ne suis plus suicidaire"),
    ],
    "reported and educational speech": [
        ("en", "we had a suicide prevention training at work"),
        ("en", "my uncle died by suicide fifteen years ago"),
        ("en", "the character in the book kills himself"),
        ("fr", "on a vu un documentaire sur le suicide"),
        ("fr", "j'ai lu un article sur la prévention du suicide"),
    ],
    "medication schedules": [
        ("en", "I take my pills every evening"),
        ("en", "took two ibuprofen for my back"),
        ("fr", "j'ai pris mon doliprane"),
        ("fr", "je prends mes cachets le matin"),
    ],
    "games, films and songs": [
        ("en", "I died 10 times in this level"),
        ("en", "the boss fight killed me three times"),
        ("fr", "je suis mort 10 fois dans ce niveau"),
        ("fr", "à la fin du film il meurt"),
    ],
    "ordinary words near a sign": [
        ("en", "I bought a rope for rock climbing"),
        ("en", "see you tomorrow, bye!"),
        ("fr", "je donne mes vieux habits à une association"),
        ("fr", "au revoir, à demain"),
    ],
}


@pytest.mark.parametrize(
    ("family", "language", "text"),
    [(family, lang, text) for family, cases in HARD_NEGATIVES.items() for lang, text in cases],
)
def test_hard_negatives_do_not_alert(family, language, text):
    assert assess(text, language) == NO_RISK, (family, text)


# Common ways people say it, from crisis-line guidance, in both languages: each must alert.
COMMON_PHRASINGS = [
    ("en", "I'm ready to die"),
    ("en", "i'm tempted to end it all"),
    ("en", "I don't see the point in living anymore"),
    ("en", "I can't do this anymore, I'm done with everything"),
    ("en", "i just want the pain to stop forever"),
    ("en", "nobody would care if i died"),
    ("en", "I'm planning my suicide"),
    ("en", "i have the rope ready"),
    ("en", "i'm going to hang myself"),
    ("en", "I'm gonna take all my meds tonight"),
    ("en", "i just want to end my life"),
    ("en", "it would be easier if i just died"),
    ("en", "i'm not going to be here much longer"),
    ("en", "I've decided to kill myself"),
    ("en", "the world would be better without me"),
    ("en", "i deserve to die"),
    ("en", "i hate myself so much i want to die"),
    ("en", "i want to go to sleep forever"),
    ("en", "I've been cutting again"),
    ("en", "i hurt myself last night"),
    ("en", "i'm scared i'm going to do something stupid tonight"),
    ("en", "I can't promise I'll be safe tonight"),
    ("en", "i don't think i'll make it through the night"),
    ("en", "i've been looking up ways to kill myself"),
    ("en", "i keep imagining jumping in front of a train"),
    ("en", "i want to overdose"),
    ("en", "everyone will be better off when i'm dead"),
    ("en", "i wrote a note for my parents to find"),
    ("en", "i'm saying goodbye to everyone"),
    ("en", "this is the end for me"),
    ("fr", "je suis prête à mourir"),
    ("fr", "j'ai envie de tout arrêter pour de bon"),
    ("fr", "je vois plus l'intérêt de vivre"),
    ("fr", "je peux plus, j'ai plus la force"),
    ("fr", "je veux que la douleur s'arrête pour toujours"),
    ("fr", "personne ne s'en rendrait compte si je mourais"),
    ("fr", "je prépare mon suicide"),
    ("fr", "la corde est prête"),
    ("fr", "je vais me pendre"),
    ("fr", "je vais prendre tous mes médicaments ce soir"),
    ("fr", "je veux mettre fin à ma vie"),
    ("fr", "ce serait plus simple si je mourais"),
    ("fr", "je serai bientôt plus là"),
    ("fr", "j'ai décidé de me tuer"),
    ("fr", "le monde serait mieux sans moi"),
    ("fr", "je mérite de mourir"),
    ("fr", "je me déteste tellement que je veux mourir"),
    ("fr", "je veux dormir pour toujours"),
    ("fr", "je me suis encore coupée"),
    ("fr", "je me suis fait du mal hier soir"),
    ("fr", "j'ai peur de faire une connerie ce soir"),
    ("fr", "je peux pas promettre que je serai en sécurité ce soir"),
    ("fr", "je crois pas que je vais passer la nuit"),
    ("fr", "j'ai cherché des moyens de me tuer"),
    ("fr", "j'imagine sauter sous un train"),
    ("fr", "je veux faire une overdose"),
    ("fr", "tout le monde ira mieux quand je serai mort"),
    ("fr", "j'ai laissé un mot pour mes parents"),
    ("fr", "je dis au revoir à tout le monde"),
    ("fr", "c'est la fin pour moi"),
    ("en", "i wanna die fr fr"),
    ("en", "kms tbh"),
    ("en", "ready to unalive myself ngl"),
    ("en", "gonna ctb tonight"),
    ("en", "i'm so done i want out of this life"),
    ("en", "i want out. permanently."),
    ("en", "can't keep going like this, i'm going to end it"),
    ("en", "idk how much longer i can hold on"),
    ("en", "i keep thinking everyone would be better off if i wasn't born"),
    ("en", "my life is over"),
    ("en", "i'm about to do it"),
    ("en", "i have a bottle of pills and a plan"),
    ("en", "i've been cutting my thighs every night"),
    ("en", "there's blood all over my bathroom floor"),
    ("en", "i just downed a bottle of vodka and a pack of painkillers"),
    ("en", "i'm sitting on the window ledge"),
    ("en", "pls tell my sister i'm sorry"),
    ("en", "i won't be around for christmas"),
    ("en", "i've made peace with dying"),
    ("en", "i've stopped eating and i want to disappear"),
    ("en", "I cant take this pain anymore i want to die"),
    ("en", "I feel like ending it all rn"),
    ("en", "going to walk into the sea tonight"),
    ("en", "i'm going to drive off a cliff"),
    ("en", "sometimes i think about crashing my car on purpose"),
    ("en", "i've thought about how i'd kill myself"),
    ("en", "i'm thinking of taking all my pills"),
    ("en", "im suicidal again 😭"),
    ("en", "i wish i had never been born"),
    ("en", "my dad is drunk and says he'll kill us all"),
    ("fr", "jveu plu vivre"),
    ("fr", "jme sens tellement vide, jveux disparaitre"),
    ("fr", "g envi de me tuer"),
    ("fr", "chui plus capable de continuer"),
    ("fr", "jsais pas combien de temps je vais tenir"),
    ("fr", "ma vie est finie"),
    ("fr", "je suis sur le point de le faire"),
    ("fr", "j'ai une boîte de cachets et un plan"),
    ("fr", "je me coupe les cuisses tous les soirs"),
    ("fr", "y a du sang partout dans la salle de bain"),
    ("fr", "j'ai bu une bouteille de vodka et pris une plaquette de cachets"),
    ("fr", "je suis assise sur le rebord de la fenêtre"),
    ("fr", "svp dites à ma soeur que je suis désolée"),
    ("fr", "je serai plus là pour noël"),
    ("fr", "j'ai fait la paix avec l'idée de mourir"),
    ("fr", "j'arrête de manger et je veux disparaître"),
    ("fr", "jpp de cette douleur jveux mourir"),
    ("fr", "j'ai envie d'en finir là maintenant"),
    ("fr", "je vais marcher dans la mer ce soir"),
    ("fr", "je vais jeter ma voiture contre un arbre"),
    ("fr", "des fois je pense à me crasher en voiture exprès"),
    ("fr", "j'ai réfléchi à comment je me tuerais"),
    ("fr", "je pense à prendre tous mes cachets"),
    ("fr", "je suis suicidaire encore 😭"),
    ("fr", "j'aurais préféré ne jamais naître"),
    ("fr", "mon père est bourré et il dit qu'il va tous nous tuer"),
    ("fr", "je veux me foutre en lair"),
    ("fr", "jai envie de crever"),
    ("fr", "je veux plus me réveiller le matin"),
    ("fr", "je veux me jeter sous le métro"),
    ("en", "i'm gonna off myself"),
    ("en", "i want to yeet myself off a bridge"),
    ("en", "bout to end it all"),
    ("en", "im so done w life"),
    ("en", "life's not worth it anymore"),
    ("en", "i feel like i'm suffocating and i want it to end"),
    ("en", "i'm so tired of being a burden"),
    ("en", "it's too much, i just want to die already"),
    ("en", "i want to hurt myself really bad right now"),
    ("en", "i need to cut, i can't stop thinking about it"),
    ("en", "i've been hitting myself again"),
    ("en", "i took a bunch of sleeping pills and drank"),
    ("en", "i swallowed a lot of pills"),
    ("en", "i'm writing my suicide letter"),
    ("en", "this will be the last time you hear from me"),
    ("en", "i'm going to throw myself in front of a train"),
    ("en", "i'm not safe right now"),
    ("en", "i can't keep myself safe"),
    ("en", "i'm scared of what i might do to myself"),
    ("en", "my husband has a gun and said he'd use it on me"),
    ("en", "my brother told me he's going to end it tonight"),
    ("en", "i want to go to sleep and never wake up again"),
    ("en", "nobody would miss me if i was gone"),
    ("en", "i'm thinking about suicide a lot lately"),
    ("en", "i don't want to be alive anymore"),
    ("fr", "jvai me tuer"),
    ("fr", "jsuis a bout jen peux plu"),
    ("fr", "jme sens de trop partout"),
    ("fr", "je veux plus être en vie"),
    ("fr", "j'ai envie de me faire du mal là tout de suite"),
    ("fr", "j'ai besoin de me couper, j'arrête pas d'y penser"),
    ("fr", "je me suis encore frappée"),
    ("fr", "j'ai pris plein de somnifères et j'ai bu"),
    ("fr", "j'ai avalé beaucoup de cachets"),
    ("fr", "j'écris ma lettre de suicide"),
    ("fr", "c'est la dernière fois que vous aurez de mes nouvelles"),
    ("fr", "je vais me jeter sous un train"),
    ("fr", "je suis pas en sécurité là"),
    ("fr", "j'arrive plus à me protéger de moi-même"),
    ("fr", "j'ai peur de ce que je pourrais me faire"),
    ("fr", "mon mari a une arme et il a dit qu'il s'en servirait contre moi"),
    ("fr", "mon frère m'a dit qu'il allait en finir ce soir"),
    ("fr", "je veux dormir et ne jamais me réveiller"),
    ("fr", "personne me regretterait si je partais"),
    ("fr", "je pense beaucoup au suicide ces temps-ci"),
    ("fr", "j'ai plus envie d'être en vie"),
    ("fr", "je suis au bout du rouleau, je veux mourir"),
    ("fr", "je veux en finir une bonne fois pour toutes"),
    ("fr", "ma vie ne vaut rien, je veux partir"),
    ("fr", "j'en ai marre de vivre"),
    ("en", "i can't see myself living past this year"),
    ("en", "i won't make it to my birthday"),
    ("en", "there's no reason for me to be here"),
    ("en", "i'm thinking of ending everything"),
    ("en", "i think the world would be better without me in it"),
    ("en", "i want to fall asleep forever"),
    ("en", "i just want to be with my mom in heaven"),
    ("en", "i've been collecting pills for a while now"),
    ("en", "i bought a lot of paracetamol today"),
    ("en", "i looked up the tallest bridge near me"),
    ("en", "i have a noose in my closet"),
    ("en", "i wrote a will last night"),
    ("en", "my goodbye video is recorded"),
    ("en", "i took some pills, idk how many, everything is spinning"),
    ("en", "i can't feel my legs after the pills"),
    ("en", "i cut too deep this time i think"),
    ("en", "i burned my arm with the iron on purpose"),
    ("en", "i punched the wall until my hand broke, i wanted it to hurt"),
    ("en", "i'm having an urge to hurt myself"),
    ("en", "my boyfriend choked me and i'm scared he'll come back"),
    ("en", "my mom's boyfriend touches me and i'm scared"),
    ("en", "someone is trying to get into my flat"),
    ("en", "my friend posted a goodbye message and isn't answering"),
    ("en", "my dad said he doesn't want to live anymore"),
    ("en", "i'm done fighting, i'm letting go"),
    ("en", "i wanna go to sleep and never wake up fr"),
    ("en", "i hope i don't make it through tonight"),
    ("en", "life would be so much easier if i wasn't alive"),
    ("en", "i think i'm going to kill myself"),
    ("fr", "je me vois pas vivre encore longtemps"),
    ("fr", "je serai plus là pour mon anniversaire"),
    ("fr", "j'ai aucune raison d'être là"),
    ("fr", "je crois que le monde serait mieux sans moi"),
    ("fr", "je veux m'endormir pour toujours"),
    ("fr", "je veux juste rejoindre ma mère au ciel"),
    ("fr", "je collectionne des cachets depuis un moment"),
    ("fr", "j'ai acheté plein de doliprane aujourd'hui"),
    ("fr", "j'ai cherché le pont le plus haut près de chez moi"),
    ("fr", "j'ai une corde dans mon placard"),
    ("fr", "j'ai écrit mon testament hier soir"),
    ("fr", "ma vidéo d'adieu est enregistrée"),
    ("fr", "j'ai pris des cachets, je sais pas combien, tout tourne"),
    ("fr", "je sens plus mes jambes après les cachets"),
    ("fr", "je crois que j'ai coupé trop profond cette fois"),
    ("fr", "je me suis brûlé le bras avec le fer exprès"),
    ("fr", "j'ai frappé le mur jusqu'à me casser la main, je voulais avoir mal"),
    ("fr", "j'ai une envie de me faire du mal"),
    ("fr", "mon copain m'a étranglée et j'ai peur qu'il revienne"),
    ("fr", "le copain de ma mère me touche et j'ai peur"),
    ("fr", "quelqu'un essaie d'entrer chez moi"),
    ("fr", "mon ami a posté un message d'adieu et répond plus"),
    ("fr", "mon père dit qu'il veut plus vivre"),
    ("fr", "j'arrête de me battre, je lâche prise"),
    ("fr", "je veux dormir et jamais me réveiller"),
    ("fr", "j'espère que je passerai pas la nuit"),
    ("fr", "la vie serait tellement plus simple si j'étais pas en vie"),
    ("fr", "je crois que je vais me tuer"),
    ("en", "i'm going to disappear tonight and no one will find me"),
    ("en", "i have everything i need to do it"),
    ("en", "it's all planned out, the note, the pills, everything"),
    ("en", "i don't want to be saved this time"),
    ("en", "please don't call anyone, it's my choice"),
    ("en", "i'm not scared of dying anymore"),
    ("en", "i've said my goodbyes"),
    ("en", "i'm tired of existing"),
    ("en", "i keep thinking about my funeral and who would come"),
    ("en", "what if i just didn't wake up tomorrow"),
    ("en", "i cut myself to feel something"),
    ("en", "i started hurting myself again"),
    ("en", "i'm standing on my balcony and thinking of jumping"),
    ("en", "i'm at the train station and i want to jump"),
    ("en", "i think i took too many pills"),
    ("en", "i accidentally on purpose took too many"),
    ("en", "i drank a lot and took my pills, all of them"),
    ("en", "i need help, i'm going to do something bad to myself"),
    ("en", "my girlfriend locked herself in the bathroom with a knife"),
    ("en", "i feel like dying"),
    ("en", "i'd be better off gone"),
    ("en", "i'm a useless waste of life"),
    ("en", "everyone hates me and i hate myself, i should just die"),
    ("en", "i should kill myself"),
    ("en", "maybe i should just end it"),
    ("en", "i might as well be dead"),
    ("en", "no one cares if i live or die"),
    ("en", "i'm losing the will to live"),
    ("en", "i've lost all hope"),
    ("fr", "je vais disparaître ce soir et personne me retrouvera"),
    ("fr", "j'ai tout ce qu'il faut pour le faire"),
    ("fr", "tout est prévu, la lettre, les cachets, tout"),
    ("fr", "je veux pas qu'on me sauve cette fois"),
    ("fr", "appelez personne, c'est mon choix"),
    ("fr", "j'ai plus peur de mourir"),
    ("fr", "j'ai fait mes adieux"),
    ("fr", "je suis fatiguée d'exister"),
    ("fr", "je pense à mon enterrement et à qui viendrait"),
    ("fr", "et si je me réveillais juste pas demain"),
    ("fr", "je me coupe pour ressentir quelque chose"),
    ("fr", "j'ai recommencé à me faire du mal"),
    ("fr", "je suis sur mon balcon et je pense à sauter"),
    ("fr", "je suis à la gare et j'ai envie de sauter"),
    ("fr", "je crois que j'ai pris trop de cachets"),
    ("fr", "j'ai bu beaucoup et pris mes cachets, tous"),
    ("fr", "j'ai besoin d'aide, je vais faire une bêtise"),
    ("fr", "ma copine s'est enfermée dans la salle de bain avec un couteau"),
    ("fr", "j'ai envie de mourir là"),
    ("fr", "je serais mieux partie"),
    ("fr", "je suis un déchet inutile"),
    ("fr", "tout le monde me déteste et je me déteste, je devrais juste mourir"),
    ("fr", "je devrais me tuer"),
    ("fr", "peut-être que je devrais juste en finir"),
    ("fr", "autant être mort"),
    ("fr", "personne s'en fiche que je vive ou que je meure"),
    ("fr", "je perds l'envie de vivre"),
    ("fr", "j'ai perdu tout espoir"),
    ("fr", "j'en ai marre d'être en vie"),
    ("fr", "jvai mfoutre en lair ce soir"),
    ("fr", "g pri tt la boite de doliprane"),
    ("fr", "chui sur le pont la"),
    ("fr", "jsui sur le toi"),
    ("fr", "jai acheter une corde"),
    ("fr", "jai ecri ma lettre dadieu"),
    ("fr", "c mon dernier msg"),
    ("fr", "adieu a tous ❤️"),
    ("fr", "occupé vous de mon chat pr moi"),
    ("fr", "jveu en finir"),
    ("fr", "jme sens tellmt mal jveu mourir"),
    ("fr", "jpp jveu partir pr de bon"),
    ("fr", "jvé me tuer 2main matin"),
    ("fr", "jai les cachet devan moi"),
    ("fr", "jme suis couper profon sa sarrete pa"),
    ("fr", "jai avaler tt mes somnifere"),
    ("fr", "jsuis a bout jveu plu vivre"),
    ("fr", "personne me regreteré"),
    ("fr", "jme scarifi tt les soir"),
    ("fr", "jveu dormir pr tjr"),
    ("fr", "jaimerai ne plu me reveiller"),
    ("fr", "jsui un fardo pr ma famille"),
    ("fr", "sa sert a rien de vivre"),
    ("fr", "jai envi de me tuer"),
    ("en", "im gonna kms tonite"),
    ("en", "i jus took like 30 pills"),
    ("en", "ive cut deep n it wont stop bleedin"),
    ("en", "im on the bridge rn"),
    ("en", "bought a rope 2day"),
    ("en", "wrote my goodbye letter"),
    ("en", "dis is my last msg"),
    ("en", "bye every1, luv u all"),
    ("en", "pls look after my cat 4 me"),
    ("en", "i wanna die so bad"),
    ("en", "i wanna unalive myself"),
    ("en", "thinkin bout sewerslide again"),
    ("en", "gonna ctb"),
    ("en", "i should just kys lmao im so done"),
    ("en", "the guns loaded"),
    ("en", "i hav the pills in front of me"),
    ("en", "i want 2 sleep 4ever"),
    ("en", "nobody wud miss me"),
    ("en", "im a burden 2 every1"),
    ("en", "i cant do dis anymore"),
    ("en", "i wanna end it all 2nite"),
    ("en", "i want to kill my self"),
    ("en", "im suicidal af"),
    ("en", "i keep cuttin myself"),
    ("en", "i wish i wuz dead"),
    ("en", "I'm gonna end my life"),
    ("en", "I don't see a way out except death"),
    ("en", "I keep writing goodbye letters in my head"),
    ("en", "I've been planning how to do it"),
    ("en", "I'll do it when everyone's asleep"),
    ("en", "i'm about to swallow all of these pills"),
    ("en", "help me i took too much"),
    ("en", "i can't breathe, i took too many pills"),
    ("en", "i've got the rope around my neck"),
    ("en", "i am cutting deeper every time"),
    ("en", "i need to disappear for good"),
    ("en", "i don't deserve to live"),
    ("en", "i feel like killing myself"),
    ("en", "can't do this anymore. goodbye"),
    ("en", "everyone will be happier when i'm gone"),
    ("fr", "je vais mettre fin à ma vie"),
    ("fr", "je vois pas d'autre issue que la mort"),
    ("fr", "j'écris des lettres d'adieu dans ma tête"),
    ("fr", "je planifie comment le faire"),
    ("fr", "je le ferai quand tout le monde dormira"),
    ("fr", "je suis sur le point d'avaler tous ces cachets"),
    ("fr", "aidez moi j'en ai trop pris"),
    ("fr", "j'arrive plus à respirer, j'ai pris trop de cachets"),
    ("fr", "j'ai la corde autour du cou"),
    ("fr", "je me coupe de plus en plus profond"),
    ("fr", "j'ai besoin de disparaître pour de bon"),
    ("fr", "je mérite pas de vivre"),
    ("fr", "j'ai envie de me tuer là"),
    ("fr", "j'en peux plus. adieu"),
    ("fr", "tout le monde sera plus heureux quand je serai parti"),
    ("en", "there's a loaded pistol on my bed"),
    ("en", "i have a sharp knife right here"),
    ("en", "i keep a full bottle of pills next to me"),
    ("en", "i wish i had never been born"),
    ("en", "i wish i was never born"),
    ("en", "he hit me again yesterday"),
    ("en", "my dad beat me again"),
    ("en", "i left a goodbye note on the table"),
    ("en", "i've taken a whole lot of pills"),
    ("en", "i'm sat on the edge of the roof"),
    ("en", "i've already taken the tablets"),
    ("en", "honestly i don't see the point of living anymore"),
    ("en", "i've been secretly planning my suicide"),
    ("en", "i just really want to stop living"),
    ("fr", "j'ai un pistolet chargé sur mon lit"),
    ("fr", "j'ai un couteau bien aiguisé à côté de moi"),
    ("fr", "j'ai une boîte pleine de cachets à côté de moi"),
    ("fr", "j'aurais voulu ne jamais naître"),
    ("fr", "il m'a encore frappée hier"),
    ("fr", "mon père m'a encore battue"),
    ("fr", "j'ai laissé une lettre d'adieu sur la table"),
    ("fr", "j'ai déjà pris les comprimés"),
    ("fr", "je suis assise au bord du toit"),
    ("fr", "franchement je vois plus l'intérêt de vivre"),
    ("fr", "je prépare mon suicide en secret"),
    ("fr", "je veux juste arrêter de vivre"),
    ("fr", "il m'a déjà menacée de me tuer"),
    ("fr", "je me suis encore ouvert les veines"),
]
# Their everyday neighbours: none may alert.
EVERYDAY_NEIGHBOURS = [
    ("en", "I'm ready to go to the party"),
    ("en", "I want the pain in my knee to stop"),
    ("en", "I'm done with my exams, finally free"),
    ("en", "I'm going to do something fun tonight"),
    ("en", "I wrote a note to remind myself to buy milk"),
    ("en", "the end of the film was sad"),
    ("en", "my phone died again"),
    ("en", "I hate myself for missing the bus lol"),
    ("en", "I'm saying goodbye to my colleagues, last day at work"),
    ("en", "I'm not going to do anything stupid"),
    ("fr", "je suis prête à partir en vacances"),
    ("fr", "je veux que la douleur au genou s'arrête"),
    ("fr", "j'ai fini mes exams, enfin libre"),
    ("fr", "je vais faire un truc sympa ce soir"),
    ("fr", "j'ai laissé un mot à ma coloc pour les courses"),
    ("fr", "la fin du film était triste"),
    ("fr", "mon téléphone est encore mort"),
    ("fr", "je me déteste d'avoir raté le bus mdr"),
    ("fr", "je dis au revoir à mes collègues, dernier jour au travail"),
    ("fr", "je vais pas faire de connerie"),
    ("en", "I'm about to do my homework"),
    ("en", "my life is over if my mom finds out I failed lol"),
    ("en", "going to walk by the sea tonight"),
    ("en", "i want out of this group chat lol"),
    ("en", "I'm sitting by the window reading"),
    ("en", "i downed a bottle of water after the run"),
    ("en", "i can't keep going to this gym, too expensive"),
    ("en", "he said he'll kill me in fortnite"),
    ("en", "the plan for tonight is to chill"),
    ("en", "I wish I had never bought this phone"),
    ("fr", "je suis sur le point de finir mes devoirs"),
    ("fr", "je vais marcher au bord de la mer ce soir"),
    ("fr", "ma vie est finie si ma mère voit mon bulletin mdr"),
    ("fr", "je suis assise près de la fenêtre et je lis"),
    ("fr", "j'ai bu une bouteille d'eau après le footing"),
    ("fr", "j'ai réfléchi à comment je vais organiser mon anniversaire"),
    ("fr", "je pense à prendre des vacances"),
    ("fr", "il dit qu'il va me tuer à fortnite"),
    ("fr", "j'aurais préféré ne jamais acheter ce téléphone"),
    ("fr", "je veux disparaître sous la couette ce week-end"),
    ("en", "i'm gonna kill you lol"),
    ("en", "killing me softly is on repeat"),
    ("en", "i'm going to jump on the trampoline"),
    ("en", "I'm so done with this week, need a beer"),
    ("en", "my laptop died during the exam"),
    ("en", "I took a bunch of photos at the concert"),
    ("en", "I swallowed my pride and apologised"),
    ("en", "my last text was about dinner"),
    ("en", "I feel safe with my therapist"),
    ("en", "I'm going to end the call, talk soon"),
    ("fr", "je vais me pendre à ton cou quand je te vois"),
    ("fr", "je me jette à l'eau, je lui dis demain"),
    ("fr", "je vais sauter le pas et déménager"),
    ("fr", "ça me fait mourir de rire"),
    ("fr", "je suis au bout du rouleau avec ce projet mais ça ira"),
    ("fr", "j'ai avalé mon café trop vite"),
    ("fr", "j'ai pris plein de photos au concert"),
    ("fr", "je suis en sécurité chez mes parents"),
    ("fr", "j'en ai marre de ce prof"),
    ("fr", "je vais te tuer si tu spoiles la série mdr"),
    ("en", "i can't see myself living in this city forever"),
    ("en", "i took some pills for my cold"),
    ("en", "my legs are dead after leg day"),
    ("en", "i bought a lot of paracetamol for the family first aid kit"),
    ("en", "i looked up the tallest buildings in the world"),
    ("en", "i recorded a goodbye video for my coworker who is leaving"),
    ("en", "i'm letting go of my old habits"),
    ("en", "i hope i make it through this exam week"),
    ("en", "my friend posted a funny message and isn't answering"),
    ("en", "i burned my arm on the iron, ouch"),
    ("fr", "je me vois pas vivre dans cette ville toute ma vie"),
    ("fr", "j'ai pris des cachets pour mon rhume"),
    ("fr", "j'ai acheté du doliprane pour la pharmacie de la maison"),
    ("fr", "j'ai cherché les plus hauts immeubles du monde"),
    ("fr", "j'ai enregistré une vidéo d'adieu pour ma collègue qui part"),
    ("fr", "je lâche prise sur mes vieilles habitudes"),
    ("fr", "j'espère que je passerai la semaine d'exams"),
    ("fr", "je me suis brûlée le bras avec le fer, aïe"),
    ("fr", "je pense à tout arrêter sur insta, trop de pression"),
    ("fr", "j'ai une corde à sauter dans mon placard"),
    ("en", "i'm going to disappear for a week, camping trip!"),
    ("en", "i have everything i need for the trip"),
    ("en", "i'm ready to go to the airport"),
    ("en", "i took too many photos lol"),
    ("en", "i'm tired of existing on coffee alone lol"),
    ("en", "i'm at the train station waiting for my mom"),
    ("en", "i should kill this spider"),
    ("en", "maybe i should just end the relationship"),
    ("en", "i lost all hope for my team this season lol"),
    ("en", "i'm standing on my balcony watering the plants"),
    ("fr", "je vais disparaître une semaine en camping !"),
    ("fr", "j'ai tout ce qu'il faut pour le gâteau"),
    ("fr", "je suis prête à partir en vacances"),
    ("fr", "j'ai pris trop de photos mdr"),
    ("fr", "je suis à la gare et j'attends ma mère"),
    ("fr", "je devrais tuer cette araignée"),
    ("fr", "peut-être que je devrais juste en finir avec cette relation"),
    ("fr", "j'ai perdu tout espoir pour mon équipe cette saison mdr"),
    ("fr", "je suis sur mon balcon à arroser les plantes"),
    ("fr", "j'ai fait mes adieux à mes collègues hier"),
    ("en", "as ever, I'm late for class"),
    ("en", "I'm in a bad mood n tired"),
    ("fr", "sa va, et toi ?"),
    ("fr", "je suis sur le canapé avec toi"),
    ("fr", "j'ai manger une pizza hier soir"),
    ("en", "this workout is killing me"),
    ("en", "I'm dying of laughter"),
    ("en", "that movie was killer"),
    ("en", "I'd die for her, she's my best friend"),
    ("en", "I nearly died when I saw my grade, it was so good"),
    ("en", "my phone battery is dead again"),
    ("en", "the plant is dying, it needs water"),
    ("en", "I'm going to kill my sister lol"),
    ("en", "we killed it at the concert"),
    ("en", "he's a lady killer"),
    ("en", "I killed two hours at the mall"),
    ("en", "you're killing me with these puns"),
    ("en", "over my dead body will I wear that"),
    ("en", "I'm dead serious"),
    ("en", "I'm bored to death"),
    ("en", "scared to death of spiders"),
    ("en", "I'm sick to death of this rain"),
    ("en", "my dad is going to kill me when he sees the car"),
    ("en", "if I fail this exam I'm dead"),
    ("en", "I want to disappear from this party lol"),
    ("en", "I'm not suicidal, I'm just tired"),
    ("en", "no I don't want to hurt myself"),
    ("en", "I used to cut but I've been clean for two years"),
    ("en", "my uncle died by suicide when I was a kid, it still affects me"),
    ("en", "I'm studying the psychology of suicide"),
    ("en", "13 Reasons Why is a show about suicide"),
    ("en", "the Samaritans helped my friend a lot"),
    ("en", "I take sertraline and it helps"),
    ("en", "I took my pills this morning"),
    ("en", "I need to buy a rope for my tent"),
    ("en", "I'm on the bridge, traffic is terrible"),
    ("en", "I'm on the roof fixing the antenna"),
    ("en", "goodbye, have a nice evening"),
    ("en", "I gave my old phone to my brother"),
    ("en", "I'm writing a letter to my pen pal"),
    ("en", "my last day at work is Friday, goodbye party!"),
    ("en", "I wish I could disappear to a beach somewhere"),
    ("en", "I want to sleep for a whole day"),
    ("en", "I shot a great photo"),
    ("en", "cut the crap"),
    ("fr", "cette séance me tue"),
    ("fr", "je suis morte de rire"),
    ("fr", "j'ai failli mourir de honte"),
    ("fr", "je mourrais pour elle, c'est ma meilleure amie"),
    ("fr", "mon téléphone est mort"),
    ("fr", "la plante est en train de mourir, faut l'arroser"),
    ("fr", "je vais tuer ma soeur mdr"),
    ("fr", "on a tout déchiré au concert"),
    ("fr", "j'ai tué deux heures au centre commercial"),
    ("fr", "tu me tues avec tes jeux de mots"),
    ("fr", "plutôt crever que de porter ça"),
    ("fr", "je m'ennuie à mourir"),
    ("fr", "mon père va me tuer quand il verra la voiture"),
    ("fr", "si je rate cet exam je suis morte"),
    ("fr", "je suis pas suicidaire, juste fatiguée"),
    ("fr", "non je veux pas me faire de mal"),
    ("fr", "je me scarifiais avant mais ça fait deux ans que j'ai arrêté"),
    ("fr", "mon oncle s'est suicidé quand j'étais petite, ça me marque encore"),
    ("fr", "j'étudie la psychologie du suicide"),
    ("fr", "13 Reasons Why c'est une série sur le suicide"),
    ("fr", "le 3114 a beaucoup aidé mon amie"),
    ("fr", "je prends de la sertraline et ça m'aide"),
    ("fr", "j'ai pris mes cachets ce matin"),
    ("fr", "je dois acheter une corde pour ma tente"),
    ("fr", "je suis sur le pont, ça bouchonne"),
    ("fr", "je suis sur le toit pour réparer l'antenne"),
    ("fr", "au revoir, bonne soirée"),
    ("fr", "j'ai donné mon vieux téléphone à mon frère"),
    ("fr", "j'écris une lettre à ma correspondante"),
    ("fr", "mon dernier jour au boulot c'est vendredi, pot de départ !"),
    ("fr", "j'aimerais disparaître sur une plage quelque part"),
    ("fr", "je veux dormir toute une journée"),
    ("fr", "j'ai tué le game"),
    ("fr", "je me jette à l'eau, je lui parle demain"),
    ("en", "we're driving to the cliffs for a hike this weekend"),
    ("en", "i'm never coming back to this restaurant"),
    ("en", "there's a rope hanging from the ceiling for the aerial yoga class"),
    ("en", "i left my passwords with my sister in case i lose my phone"),
    ("en", "i injected my insulin like every evening"),
    ("en", "i'd be relieved if the exam was cancelled"),
    ("en", "i'd be fine if i didn't wake up early tomorrow"),
    ("en", "it was nice knowing you, see you at the reunion"),
    ("en", "i'm not coming back to work until monday"),
    ("en", "i gave my stuff away to my little sister when i moved"),
    ("en", "i deleted everything from my old phone before selling it"),
    ("en", "it's time for dinner"),
    ("en", "i'm done with this game"),
    ("en", "what's the point of this meeting"),
    ("en", "i'm ready to go to sleep"),
    ("en", "nobody will find me in this hiding spot lol"),
    ("en", "i've got everything i need for the party"),
    ("en", "i don't want to be saved from this spoiler lol"),
    ("en", "this is my goodbye post before leaving twitter"),
    ("en", "tell my mom i'm sorry i'll be late"),
    ("fr", "on roule vers les falaises pour une rando ce week-end"),
    ("fr", "je reviendrai jamais dans ce resto"),
    ("fr", "y a une corde accrochée au plafond pour le cours de yoga aérien"),
    ("fr", "j'ai laissé mes mots de passe à ma soeur au cas où je perds mon téléphone"),
    ("fr", "je me suis injecté mon insuline comme tous les soirs"),
    ("fr", "je serais soulagée si l'exam était annulé"),
    ("fr", "ça me dérangerait pas de pas me réveiller tôt demain"),
    ("fr", "c'était bien de te connaître, on se voit à la réunion"),
    ("fr", "je reviens pas au travail avant lundi"),
    ("fr", "j'ai donné mes affaires à ma petite soeur quand j'ai déménagé"),
    ("fr", "j'ai tout supprimé de mon vieux téléphone avant de le vendre"),
    ("fr", "c'est l'heure de manger"),
    ("fr", "j'en ai fini avec ce jeu"),
    ("fr", "à quoi ça sert cette réunion"),
    ("fr", "je suis prête à aller dormir"),
    ("fr", "personne me trouvera dans cette cachette mdr"),
    ("fr", "j'ai tout ce qu'il faut pour la fête"),
    ("fr", "c'est mon post d'adieu avant de quitter twitter"),
    ("fr", "dis à ma mère que je suis désolée, je serai en retard"),
    ("fr", "je vais sauter dans le train de 8h"),
    ("en", "I took too many photos at the wedding"),
    ("en", "I had too much coffee today"),
    ("fr", "j'ai pris trop de temps pour répondre"),
    ("en", "i wrote a note for my mum to buy milk"),
    ("en", "i left a note on the table for the cleaner"),
    ("en", "my dad beat me at chess again"),
    ("en", "he hit me with a pillow lol"),
    ("en", "i have a sharp knife for cooking"),
    ("fr", "j'ai écrit un mot pour ma mère pour qu'elle achète du lait"),
    ("fr", "il m'a encore battue aux échecs"),
    ("fr", "j'ai un couteau bien aiguisé pour cuisiner"),
    ("fr", "je prépare mon exposé en secret"),
    ("fr", "j'ai laissé un mot sur la table pour la femme de ménage"),
]


@pytest.mark.parametrize(("language", "text"), COMMON_PHRASINGS)
def test_common_phrasings_alert(language, text):
    assert assess(text, language).worrying, text


@pytest.mark.parametrize(("language", "text"), EVERYDAY_NEIGHBOURS)
def test_their_everyday_neighbours_do_not(language, text):
    assert assess(text, language) == NO_RISK, text


@pytest.mark.parametrize(
    ("plain", "variant"),
    [
        ("j'ai envie de mourir", "J’AI ENVIE DE MOURIR…"),
        ("j'ai envie de mourir", "jai envi de mourrir"),
        ("je veux me tuer", "jveux me tuer"),
        ("je suis suicidaire", "chui suicidaire"),
        ("je suis suicidaire", "jsuis suicidère"),
        ("j'ai pris tous mes médicaments", "g pri tt mes medocs"),
        ("I want to kill myself", "i wanna kms"),
        ("I'm going to kill myself tonight", "im gonna kill my self tn"),
        ("I don't want to live anymore", "i dont wanna live anymore"),
        ("I want to kill myself", "I WANT TO KILL MYSELF!!!"),
    ],
)
def test_spelling_accents_case_and_sms_do_not_change_the_reading(plain, variant):
    assert assess(plain, "fr").level is not NONE
    assert assess(variant, "fr").level is assess(plain, "fr").level


def test_normalisation_folds_accents_case_and_apostrophes():
    assert strip_accents("Désespérée") == "Desesperee"
    assert normalise("J’AI  envie… d’en FINIR") == "j'ai envie d'en finir"
    assert canonical("jsuis à bout, jveux plus être là") == (
        " | je suis a bout | je veux plus etre la | "
    )
    assert canonical("I'm not gonna kms", "en") == " | i am not going to kill myself | "


@pytest.mark.parametrize(
    ("negated", "affirmed"),
    [
        ("I'm not going to kill myself", "I'm going to kill myself"),
        ("je vais pas me foutre en l'air", "je vais me foutre en l'air"),
        ("I haven't self harmed in a year", "I self harmed last night"),
        ("je ne me scarifie plus", "je me scarifie"),
    ],
)
def test_a_negation_in_the_clause_cancels_the_sign(negated, affirmed):
    assert assess(negated, "en") == NO_RISK
    assert assess(affirmed, "en").level is not NONE


def test_a_negation_does_not_reach_into_the_next_clause():
    found = assess("I don't know, I want to die", "en")
    assert found.level is CONCERN


def test_the_first_person_is_what_counts():
    assert C.THIRD_PERSON in assess("she wants to die", "en").categories
    assert C.WISH_TO_DIE in assess("part of me wants to die", "en").categories
    assert assess("I want to die", "en").categories == {C.WISH_TO_DIE}
    assert assess("ma soeur se scarifie", "fr").categories == {C.THIRD_PERSON}


def test_levels_are_ordered_and_named_as_the_interface_says():
    assert URGENT > CONCERN > NONE
    assert [level.name.lower() for level in RiskLevel] == ["none", "concern", "urgent"]
    assert max(CONCERN, URGENT) is URGENT
    assert NO_RISK == RiskAssessment(NONE)
    assert not NO_RISK.worrying
    assert assess("I want to die", "en").worrying


def test_a_time_makes_an_intent_urgent():
    assert assess("I've decided to end my life", "en").level is URGENT
    assert assess("c'est décidé, je le fais ce soir", "fr").level is URGENT
    assert assess("c'est décidé, je le fais", "fr").level is CONCERN


def test_long_and_adversarial_messages_are_read_whole():
    filler = "we talked about the weather and the train was late again. " * 80
    assert assess(filler[:4000] + " I just took all my pills", "en").level is URGENT
    for text in ("a" * 4096, "kill " * 819, "je me " * 682, "not want to " * 341, ""):
        assert assess(text, "en") == NO_RISK


def test_the_model_imports_only_the_domain_and_the_standard_library():
    domain = Path(__file__).resolve().parents[2] / "bot" / "domain"
    for path in sorted(domain.glob("risk*.py")):
        name = path.name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                assert module.startswith("bot.domain") or top in sys.stdlib_module_names, (
                    name,
                    module,
                )


# --- the corpus


def test_the_corpus_is_split_by_the_hash_it_declares():
    dev, test = load("dev"), load("test")
    for part, sentences in (("dev", dev), ("test", test)):
        for s in sentences:
            digest = hashlib.sha256(f"{s.language}\t{s.text}".encode()).digest()
            assert ("test" if digest[0] % 2 else "dev") == part, s.text
    everything = dev + test
    assert len({(s.language, s.text) for s in everything}) == len(everything)
    assert len(everything) >= 600
    for language in LANGUAGES:
        assert sum(s.language == language for s in everything) >= 250
    assert sum(s.level == "none" for s in everything) / len(everything) >= 0.40
    assert {s.level for s in everything} == {"none", "concern", "urgent"}
    categories = {c.value for c in Category}
    assert all(set(s.categories) <= categories for s in everything)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_test_part_meets_the_targets(language):
    scores = score([s for s in load("test") if s.language == language])
    assert scores.recall >= TARGETS["recall"], scores.wrong
    assert scores.precision >= TARGETS["precision"], scores.wrong
    assert scores.urgent_recall >= TARGETS["urgent_recall"], scores.wrong


def test_every_match_carries_one_of_its_rule_key_words():
    """Rules are only tried where one of their key words starts a word: a phrasing that
    matches without any of them would be skipped silently."""
    sentences = [s for part in CORPUS_PARTS for s in load(part)]
    texts = [s.text for s in sentences] + [text for _, text, _, _ in SIGNS]
    for text in texts:
        msg = " " + " ".join(risk_rules.IDIOMS.sub(" ", canonical(text)).split()) + " "
        for rule in risk_rules.RULES:
            for match in rule.pattern.finditer(msg):
                assert rule.gate.search(match.group()), (rule.name, match)


def test_no_rule_nests_unbounded_repeats():
    """Catastrophic backtracking needs a repeat inside a repeat: no group that holds an
    unbounded repeat is itself repeated without bound. (Bounded gaps such as "(?:\\w+ ){0,3}"
    are also unambiguous: each word ends at its space.)"""
    nested = re.compile(r"\((?:[^()]|\([^()]*\))*[+*]\)(?:[+*]|\{\d*,\})")
    for rule in risk_rules.RULES:
        assert not nested.search(rule.pattern.pattern), rule.name
