"""Risk screening: which words raise the alarm, in French and English, and which do not."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.services.risk import looks_at_risk, normalise
from tests.integration.test_coord_support import make_ctx

CTX = make_ctx(FakeClock())

AT_RISK = [
    # English, plain, mixed case, slang and misspellings
    "I want to kill myself",
    "i wanna kil myself",
    "Sometimes I think I'll KILL MY SELF",
    "kms",
    "I keep thinking about suicide",
    "i feel suicidal tonight",
    "thinking about sucide again",
    "I want to die",
    "i just wanna die",
    "I don't want to live anymore",
    "dont want to wake up tomorrow",
    "I've been cutting myself again",
    "I self-harm when it gets bad",
    "I'm going to end my life",
    "I want to end it all",
    "everyone would be better off without me",
    "there's no point in living",
    "I can't go on anymore",
    "I'm going to take all my pills",
    "I'm thinking of jumping off a bridge",
    "I wish I was dead",
    "He is going to kill me",
    "I'm not safe at home",
    "I want to unalive myself",
    # French, with and without accents, apostrophes of every kind, misspellings
    "Je veux mourir",
    "j'ai envie de mourir",
    "J’AI ENVIE DE MOURIR…",
    "jai envi de mourrir",
    "je pense au suicide",
    "je vais me suicider ce soir",
    "je suis suicidaire",
    "J'ai envie d'en finir",
    "je veux en finir avec la vie",
    "je veux me tuer",
    "Je ne veux plus vivre",
    "j'ai plus envie de vivre",
    "je vais mettre fin à mes jours",
    "je vais mettre fin a mes jours",
    "je me scarifie depuis des mois",
    "j'ai envie de disparaître",
    "je vais sauter du pont",
    "Je suis en danger",
    "il va me tuer",
    "je vais prendre toutes mes pilules",
    "tout le monde serait mieux sans moi",
    "je ne suis pas en sécurité chez moi",
    "je veux me foutre en l'air",
]

ORDINARY = [
    "I'm dead tired after the night shift",
    "we played cards to kill time",
    "this job is killing me",
    "I could kill for a coffee",
    "I'm dying to see my kids this weekend",
    "We're going to die laughing at this",
    "I hurt my back at work",
    "I need to take my pills at 8",
    "This deadline will be the death of me",
    "I feel safe with you",
    "I can't go on like this at work, I need a holiday",
    "J'ai failli mourir de rire hier soir",
    "j'ai envie de mourir de rire quand je le vois",
    "on est morts de rire",
    "je suis mort de fatigue",
    "ce boulot va me tuer",
    "je veux en finir avec ce dossier",
    "j'ai hâte d'en finir avec cette semaine",
    "je n'en peux plus de ce boulot",
    "mon grand-père est mort l'an dernier",
    "je dois prendre mes médicaments ce soir",
    "je me tue à te le dire",
    "Bonjour, merci pour hier",
]


@pytest.mark.parametrize("text", AT_RISK)
def test_risk_phrasings_trigger(text):
    assert looks_at_risk(CTX, text), normalise(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_sentences_do_not(text):
    assert not looks_at_risk(CTX, text), normalise(text)


def test_normalisation_ignores_accents_case_and_curly_apostrophes():
    assert normalise("J’AI  Envie de DISPARAÎTRE !!") == "j'ai envie de disparaitre"


def test_configured_patterns_add_to_the_defaults_and_lose_their_accents():
    ctx = make_ctx(
        FakeClock(), escalation={"risk_patterns": {"fr": ["\\bj'?en peux plus\\b", "épuisée"]}}
    )
    assert looks_at_risk(ctx, "J’en peux plus")
    assert looks_at_risk(ctx, "je suis EPUISEE")
    assert looks_at_risk(ctx, "je veux mourir")  # the built-in ones still apply
    assert not looks_at_risk(CTX, "J’en peux plus")  # not a default: burnout talk is common
