"""The learned complement to the rules (``bot/domain/risk_learned.py``): that it stays off
ordinary chat, what it reads when allowed to raise a message the rules found nothing in
(``risk.COMPLEMENT_RAISES_NONE``, off as shipped), where it must stay silent, and that the
shipped numbers are the ones the repository's sentences give.

Sentences here are in no corpus file, and the complement is not trained on them (their lists
are not among those ``bench/risk_train.py`` reads)."""

from __future__ import annotations

import pytest

from bench import risk_train
from bot.domain import risk, risk_learned
from bot.domain.risk import Category, RiskLevel, assess, assess_rules
from tests.support.risk import PADDING

C = Category
URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE

# Ordinary chat, written for this check: with raising from none allowed, the complement
# raised 10 of these 80 ("my sister is coming over tonight" as urgent), which is why it is off.
ORDINARY = [
    ("en", "morning! slept ok for once"),
    ("en", "just finished my shift, heading home"),
    ("en", "do you like cooking?"),
    ("en", "my sister is coming over tonight"),
    ("en", "I think I'll take a bath and read"),
    ("en", "work was boring but fine"),
    ("en", "what kind of music do you like?"),
    ("en", "I've been doing the breathing exercises you mentioned"),
    ("en", "sorry I disappeared yesterday, my phone died"),
    ("en", "the kids are finally asleep"),
    ("en", "had coffee with an old friend"),
    ("en", "I'm thinking of learning guitar"),
    ("en", "I don't really know how to start"),
    ("en", "it's my birthday next week"),
    ("en", "can we move our chat to thursday?"),
    ("en", "the appointment went better than I expected"),
    ("en", "I feel a bit anxious about the interview"),
    ("en", "my mum called, it was nice"),
    ("en", "I went back to the gym today"),
    ("en", "I'm still figuring things out"),
    ("en", "we had a picnic by the river"),
    ("en", "I had a long talk with my partner"),
    ("en", "I'll be away for a few days"),
    ("en", "is it normal to feel weird after therapy?"),
    ("en", "I'm sorry for going on and on"),
    ("en", "thanks for being patient with me"),
    ("en", "I got some good news at work"),
    ("en", "I watched the sunset from my balcony"),
    ("en", "trying to drink more water lol"),
    ("en", "I need to buy a birthday present"),
    ("en", "the new flatmate seems nice"),
    ("en", "I'm a bit down today, nothing serious"),
    ("en", "busy week, lots of meetings"),
    ("en", "I'd like to keep talking with you"),
    ("en", "I made it to the end of the week"),
    ("en", "finally cleaned my room"),
    ("en", "can I ask you something personal?"),
    ("en", "I started journaling"),
    ("en", "my cat knocked over a plant"),
    ("en", "talk soon"),
    ("fr", "bonjour ! j'ai bien dormi pour une fois"),
    ("fr", "je viens de finir ma journée, je rentre"),
    ("fr", "tu aimes cuisiner ?"),
    ("fr", "ma sœur passe ce soir"),
    ("fr", "je crois que je vais prendre un bain et lire"),
    ("fr", "le boulot était ennuyeux mais ça allait"),
    ("fr", "tu écoutes quoi comme musique ?"),
    ("fr", "j'ai fait les exercices de respiration dont tu parlais"),
    ("fr", "désolée d'avoir disparu hier, plus de batterie"),
    ("fr", "les enfants dorment enfin"),
    ("fr", "j'ai pris un café avec une vieille amie"),
    ("fr", "je pense me mettre à la guitare"),
    ("fr", "je sais pas trop par où commencer"),
    ("fr", "c'est mon anniversaire la semaine prochaine"),
    ("fr", "on peut décaler à jeudi ?"),
    ("fr", "le rendez-vous s'est mieux passé que prévu"),
    ("fr", "je stresse un peu pour l'entretien"),
    ("fr", "ma mère a appelé, c'était sympa"),
    ("fr", "je suis retournée à la salle aujourd'hui"),
    ("fr", "je cherche encore mes marques"),
    ("fr", "on a pique-niqué au bord de la rivière"),
    ("fr", "j'ai longuement parlé avec mon copain"),
    ("fr", "je serai absente quelques jours"),
    ("fr", "c'est normal de se sentir bizarre après la thérapie ?"),
    ("fr", "pardon je parle beaucoup"),
    ("fr", "merci d'être patiente avec moi"),
    ("fr", "j'ai eu une bonne nouvelle au travail"),
    ("fr", "j'ai regardé le coucher de soleil depuis mon balcon"),
    ("fr", "j'essaie de boire plus d'eau mdr"),
    ("fr", "faut que j'achète un cadeau d'anniversaire"),
    ("fr", "le nouveau coloc a l'air sympa"),
    ("fr", "un peu à plat aujourd'hui, rien de grave"),
    ("fr", "semaine chargée, plein de réunions"),
    ("fr", "j'aimerais continuer à parler avec toi"),
    ("fr", "j'ai tenu jusqu'à la fin de la semaine"),
    ("fr", "j'ai enfin rangé ma chambre"),
    ("fr", "je peux te poser une question perso ?"),
    ("fr", "j'ai commencé un journal"),
    ("fr", "mon chat a renversé une plante"),
    ("fr", "à bientôt"),
]


def test_ordinary_chat_raises_nothing():
    raised = [(lang, text) for lang, text in ORDINARY if assess(text, lang).level is not NONE]
    assert raised == []


@pytest.fixture
def raising(monkeypatch: pytest.MonkeyPatch) -> None:
    """The complement allowed to raise messages the rules found nothing in."""
    monkeypatch.setattr(risk, "COMPLEMENT_RAISES_NONE", True)


# Phrasings no rule reads, which the complement raises when allowed to (it generalises over
# spellings and wordings the rules never named).
RAISED = [
    ("fr", "je vois plus pourquoi je continue à me lever chaque matin"),
    ("en", "honestly there's no reason left for me to keep getting up"),
]


@pytest.mark.usefixtures("raising")
@pytest.mark.parametrize(("language", "text"), RAISED)
def test_allowed_to_it_raises_what_no_rule_reads(language, text):
    assert assess_rules(text, language).level is NONE
    assert assess(text, language).worrying


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # a sign a rule read and set aside (a negation)
        ("fr", "je ne me scarifie plus"),
        ("en", "i wanted to kill myself. not now"),
        # reported or educational speech
        ("en", "our prevention course covered how people say they want to disappear"),
        # a question answered no
        ("fr", "l'infirmière m'a demandé si je voulais mourir, j'ai dit non"),
        # laughing hyperbole on everyday stakes
        ("en", "lol i'll kill myself if i fail this exam"),
    ],
)
@pytest.mark.usefixtures("raising")
def test_even_allowed_to_it_stays_silent_where_the_rules_know_better(language, text):
    assert assess(text, language).level is NONE


@pytest.mark.usefixtures("raising")
def test_a_plan_without_a_time_stays_a_concern():
    assert assess("c'est décidé, je le fais", "fr").level is CONCERN


def test_it_never_lowers_the_rules_verdict():
    for language, text in [("en", "I just swallowed 25 pills"), ("fr", "adieu à tous")]:
        assert assess(text, language).level is URGENT
        assert assess_rules(text, language).level is URGENT


@pytest.mark.usefixtures("raising")
def test_long_messages_are_read_by_the_rules_alone():
    text = PADDING["en"] + RAISED[1][1]
    assert len(text) > risk_learned.model().max_chars
    assert assess(text, "en") == assess_rules(text, "en")


@pytest.mark.usefixtures("raising")
def test_someone_elses_words_stay_a_third_person_concern():
    text = "ma coloc répète qu'elle voudrait ne plus jamais se réveiller"
    found = assess(text, "fr")
    assert found.level is CONCERN
    assert C.THIRD_PERSON in found.categories


def test_the_features_are_scikit_learns():
    """Character n-grams inside padded words, a short word counted once; word unigrams and
    bigrams of two-letter-or-longer tokens."""
    grams = risk_learned.char_grams("je ai", 2, 3)
    assert grams == [" j", "je", "e ", " je", "je ", " a", "ai", "i ", " ai", "ai "]
    assert risk_learned.char_grams("a", 2, 5) == [" a", "a ", " a "]
    assert risk_learned.word_grams("i want to go") == ["want", "to", "go", "want to", "to go"]


def test_the_features_match_scikit_learn_when_it_is_installed():
    text = pytest.importorskip("sklearn.feature_extraction.text")
    document = " | jveux plus etre la | c est fini | "
    chars = text.TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=False)
    words = text.TfidfVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=False)
    assert risk_learned.char_grams(document, 2, 5) == chars.build_analyzer()(document)
    assert risk_learned.word_grams(document) == words.build_analyzer()(document)


def test_the_shipped_weights_were_trained_on_the_repositorys_sentences():
    """The corpus (but the final held-out sets) and the unit tests' named sentences: a change
    to either needs ``python -m bench.risk_train --write``."""
    training = risk_train.training_set([])
    assert risk_learned.model().trained_on == risk_train.fingerprint(training), (
        "rebuild the weights: pip install scikit-learn; python -m bench.risk_train --write"
    )


def test_the_final_check_is_never_trained_on():
    parts = {s.part for s in risk_train.training_set([])}
    assert not parts & set(risk_train.FINAL)
