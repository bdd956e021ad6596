"""The learned complement to the rules (``bot/domain/risk_learned.py``): what it reads that no
rule names, how rarely it raises ordinary chat it was never trained on, where it must stay
silent, and that the shipped numbers are the ones the repository's sentences give.

Sentences written here are in no corpus file, and the complement is not trained on them (their
lists are not among those ``bench/risk_train.py`` reads)."""

from __future__ import annotations

import pytest

from bench import risk_train
from bench.risk import Sentence, load
from bot.domain import risk_learned
from bot.domain.risk import Category, RiskLevel, assess, assess_rules
from tests.support.risk import PADDING

C = Category
URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE

# At most this share of ordinary chat may be raised. Where worrying messages are a small share
# of the traffic, false alarms bury the real ones; the figure measured is in docs/risk.md.
MAX_FALSE_ALARMS = 0.05


def ordinary_chat() -> list[Sentence]:
    """``ordinary*.tsv``: chat written to count false alarms, never trained on."""
    return [s for part in risk_train.ORDINARY for s in load(part)]


def test_ordinary_chat_it_never_saw_is_rarely_raised():
    sentences = ordinary_chat()
    raised = [s.text for s in sentences if assess(s.text, s.language).worrying]
    assert len(sentences) >= 300
    assert len(raised) / len(sentences) <= MAX_FALSE_ALARMS, raised


def test_the_rules_alone_raise_almost_no_ordinary_chat():
    """Two of 500 lines ("I feel worthless since I got laid off", docs/risk.md)."""
    sentences = ordinary_chat()
    raised = [s.text for s in sentences if assess_rules(s.text, s.language).worrying]
    assert len(raised) / len(sentences) <= 0.01, raised


# Phrasings no rule reads, which the complement raises when allowed to (it generalises over
# spellings and wordings the rules never named).
RAISED = [
    ("fr", "je vois plus pourquoi je continue à me lever chaque matin"),
    ("en", "honestly there's no reason left for me to keep getting up"),
]


@pytest.mark.parametrize(("language", "text"), RAISED)
def test_it_raises_what_no_rule_reads(language, text):
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
def test_it_stays_silent_where_the_rules_know_better(language, text):
    assert assess(text, language).level is NONE


def test_a_plan_without_a_time_stays_a_concern():
    assert assess("c'est décidé, je le fais", "fr").level is CONCERN


def test_it_never_lowers_the_rules_verdict():
    for language, text in [("en", "I just swallowed 25 pills"), ("fr", "adieu à tous")]:
        assert assess(text, language).level is URGENT
        assert assess_rules(text, language).level is URGENT


def test_long_messages_are_read_by_the_rules_alone():
    text = PADDING["en"] * 2 + RAISED[1][1]
    assert len(text) > risk_learned.model().max_chars
    assert assess(text, "en") == assess_rules(text, "en")


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
    assert not parts & {"test", *risk_train.FINAL, *risk_train.ORDINARY}
