"""Risk assessment of one message: a pure function, no I/O.

``assess(text, language)`` says how worrying a message is (``RiskLevel``) and which warning
signs fired (``Category``), after the Columbia Suicide Severity Rating Scale's screener and the
public warning-sign guidance of crisis lines. It is a safety net for coordinators, never a
diagnosis: a message it misses is still read by a human peer.

How it reads a message: the text is rewritten into one canonical spelling (``risk_text``:
accents, SMS forms, contractions, clauses), then the rules of ``risk_rules`` look for the
warning signs. A sign only counts when it is not negated in its clause ("I would never kill
myself", "je ne suis plus suicidaire"), when its subject is the writer (a friend's words are a
``THIRD_PERSON`` concern; a death long ago, a film, a course or the news is none), and when it
is not an idiom ("to die for", "mort de rire"). Measured on a held-out corpus by
``bench/risk.py``; what it cannot do is in ``docs/risk.md``.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.domain import risk_learned, risk_other, risk_prefilter, risk_rules
from bot.domain.risk_rules import Person, Rule
from bot.domain.risk_text import SEP, canonical, normalise, strip_accents


class RiskLevel(enum.IntEnum):
    """Ordered, so levels compare: ``URGENT > CONCERN > NONE``."""

    NONE = 0
    CONCERN = 1
    URGENT = 2


class Category(enum.Enum):
    WISH_TO_DIE = "wish_to_die"  # wish to be dead, to disappear, not to wake up
    ACTIVE_THOUGHTS = "active_thoughts"  # thinking of killing oneself
    METHOD = "method"  # a method or means named, or at hand
    PLAN = "plan"  # intent or plan, with or without a time
    PREPARATION = "preparation"  # goodbye letter, belongings given away, pills stockpiled…
    ATTEMPT = "attempt"  # an act under way or just made
    SELF_HARM = "self_harm"  # cutting, burning, hitting oneself
    HOPELESSNESS = "hopelessness"  # no way out, trapped, a burden
    FAREWELL = "farewell"  # goodbye messages
    DANGER = "danger"  # in danger from someone else, not safe
    THIRD_PERSON = "third_person"  # someone else at risk ("my friend wants to die")


@dataclass(frozen=True)
class RiskAssessment:
    level: RiskLevel
    categories: frozenset[Category] = frozenset()

    @property
    def worrying(self) -> bool:
        return self.level is not RiskLevel.NONE


NO_RISK = RiskAssessment(RiskLevel.NONE)

__all__ = [
    "NO_RISK",
    "Category",
    "RiskAssessment",
    "RiskLevel",
    "assess",
    "assess_about_other",
    "assess_rules",
    "normalise",
    "reading",
    "strip_accents",
]

_BOUND = f" {SEP} "
# Words that cancel a warning sign before it in its clause ("never", "ne … pas", "used to",
# "clean from self-harm"). "cannot" is not one: "I can't stop thinking about dying".
_NEGATORS = frozenset(
    {
        "not", "never", "no", "nor", "without", "ne", "pas", "jamais", "aucun", "aucune",
        "sans", "used", "stopped", "quit", "clean", "free", "plus", "pu", "nope", "arrete",
    }
)  # fmt: skip
# "de plus en plus envie de mourir", "encore plus": "plus" that is no negation.
_NOT_NEGATING_PLUS = frozenset({"de", "en", "encore", "toujours", "le", "bien", "beaucoup"})
# A negation does not reach across these ("I don't know why I want to die").
_SCOPE_ENDS = frozenset(
    {
        "i", "je", "that", "because", "why", "if", "when", "who", "which", "and", "que",
        "qui", "parce", "car", "pourquoi", "si", "quand", "et", "ou", "or",
    }
)  # fmt: skip
_FRONT_NEGATORS = frozenset({"jamais", "never"})
_AUXILIARIES = frozenset({"would", "will", "could", "shall"})


def _negation_first(before_subject: list[str]) -> bool:
    """ "jamais je", "never would I": a negation opening the clause, before its subject."""
    if before_subject[-1:] and before_subject[-1] in _FRONT_NEGATORS:
        return True
    return (
        len(before_subject) > 1
        and before_subject[-1] in _AUXILIARIES
        and before_subject[-2] in _FRONT_NEGATORS
    )


# "ce serait plus simple de partir": a comparison, not a negation.
_COMPARED = frozenset(
    {"simple", "facile", "rapide", "doux", "logique", "heureux", "heureuse", "calme", "que"}
)
# "je n'arrete pas de penser au suicide": "not stop" insists, it does not negate.
_CEASELESS = frozenset({"arret", "cesse", "fin", "relache"})
_WONDERING = frozenset(
    {"devrais", "devrait", "faudrait", "vaudrait", "pourrais", "arrete", "arrive", "empeche"}
)
_NEGATORS_AFTER_TOPIC = frozenset({"never", "not", "jamais", "pas", "no"})
_NEGATION_AFTER = frozenset({"pas", "plus", "jamais", "pu"})
_FIRST = frozenset({"i", "me", "my", "myself", "je", "moi", "mon", "ma", "mes", "mine"})
_POSSESSIVE = frozenset({"my", "mon", "ma", "mes"})
_THIRD = frozenset(
    {
        "he", "she", "they", "him", "her", "his", "their", "them", "il", "elle", "ils",
        "elles", "lui", "leur", "se", "sa", "son", "ses", "someone", "somebody", "quelqu",
        "friend", "friends", "boyfriend", "girlfriend", "bf", "gf", "brother", "sister", "mom",
        "mum", "mother", "dad", "father", "daughter", "cousin", "uncle", "aunt", "grandfather",
        "grandmother", "grandma", "grandpa", "roommate", "flatmate", "colleague", "coworker",
        "partner", "husband", "wife", "ex", "guy", "man", "woman", "girl", "boy", "kid",
        "child", "teen", "student", "people", "character", "person", "patient", "neighbour",
        "neighbor", "classmate", "mate", "bestie", "bff", "ami", "amie", "amis", "pote",
        "potes", "copain", "copine", "frere", "soeur", "mere", "pere", "fils", "fille",
        "cousine", "oncle", "tante", "grand", "coloc", "collegue", "mari", "femme", "conjoint",
        "conjointe", "mec", "gars", "type", "meuf", "homme", "garcon", "enfant", "ado",
        "eleve", "personnage", "voisin", "voisine", "camarade", "maman", "papa", "stepdad",
        "stepmom", "stepmum", "parents", "family", "famille", "singer", "chanteur", "chanteuse",
        "hero",
        "heros", "heroine", "actor", "actress", "acteur", "actrice", "juliet", "romeo",
    }
)  # fmt: skip
# A clinician's patient ("le patient de la 12 a fait une overdose"): work told by a doctor or a
# nurse, not a peer's worry; still someone acting on the writer for danger ("a patient hit me").
_PATIENTS = frozenset({"patient", "patients", "patiente", "patientes"})
# "il y a", "il faut", "il faudrait": an impersonal "il", nobody.
_IMPERSONAL = frozenset({"y", "faut", "faudrait", "faudra", "suffit", "suffirait", "reste"})
# The writer takes back what they said, explicitly: "gonna kms lol jk", "je rigole". Read on
# the normalised raw text; "not kidding", "je rigole pas" keep the sign.
_RETRACTED = re.compile(
    r"(?<!not )(?<!no )(?<!never )\b(?:jk|j k|just kidding|only kidding|im kidding|"
    r"i m kidding|je rigole|je plaisante|je blague|je deconne|c est pour rire)\b"
    r"(?! (?:pas|not|no|only half|or not|ou pas)\b)"
)
# Hyperbole on everyday stakes, told laughing: "lol i'll kill myself if i fail this exam",
# "ptdr je vais me tuer si je rate mon permis". Read on canonical text, beside a laugh.
_IF_STAKES = re.compile(
    r"\b(?:if (?:i|we) (?:fail|flunk|lose|miss|have to|get|do not get|see|hear|am late|eat|"
    r"lose)|if (?:this|that|the|my|one more|they|he|she) |si je (?:rate|perds|dois|loupe|vois|"
    r"entends|suis en retard|ai pas|ne ai pas|mange|reprends)|si (?:ce|cette|le|la|les|mon|ma|"
    r"mes|encore|il|elle|ils|on) )"
)
# What a retraction cannot take back: an act, a means, a goodbye.
_NOT_RETRACTABLE = frozenset(
    {"attempt", "method", "preparation", "farewell", "self_harm", "danger", "third_person"}
)
# A first-person state told as past and over: "I was suicidal years ago", "j'ai été
# suicidaire il y a longtemps". Kept when it is back ("again", "encore").
_WAS = frozenset({"was", "were", "been", "etais", "ete", "had"})
_BACK = re.compile(
    r"\b(?:again|back|returned|since then|still|encore|de nouveau|revenu\w*|reviennent|toujours)\b"
)
_METHOD_WORDS = re.compile(
    r"\b(?:hang|jump|pills|tablets|meds|gun|shoot|rope|bridge|pends|pendre|saute|sauter|"
    r"jeter|cachets|pilules|medocs|comprimes|veines|balle|overdose|wrists|noose)\b"
)


# What an answer "no" cannot take back: an act, a means, a goodbye, a danger.
_NOT_DENIABLE = frozenset({"attempt", "method", "preparation", "farewell", "danger"})
# A clinician's or someone's question about dark thoughts, answered no in the same message.
_DENIED = re.compile(
    r"\b(?:asked|demande) (?:me |moi )?(?:if|si) [^|]*(?:\b(?:and i have not|and i did not|"
    r"and i said no)\b|\| (?:je ai dit non|i said no|non|no)\b)"
)
# Read on the raw text: canonical spelling drops "lol" as filler.
_JOKING = re.compile(r"(?i)\b(?:lol|lmao|mdr|ptdr|haha\w*|jk)\b|[😂🤣😆]")


@dataclass(frozen=True)
class _Hit:
    rule: Rule
    third_person: bool
    words: str = ""  # what the rule matched
    # False when the rule matched but set the sign aside (a negation, someone else's words, an
    # exclusion): the learned complement must then stay silent too.
    counted: bool = True


def _negated(before: list[str], after: list[str]) -> bool:
    window = before[-6:]
    skip = skip_ne = -1
    for index in range(len(window) - 1, -1, -1):
        word = window[index]
        if index in (skip, skip_ne):
            continue
        if word in _NEGATORS:
            # "sans arret", "sans cesse": without a pause, which insists.
            if word == "sans" and index + 1 < len(window) and window[index + 1] in _CEASELESS:
                continue
            if word == "plus" and (
                (index and window[index - 1] in _NOT_NEGATING_PLUS)
                or (index + 1 < len(window) and window[index + 1] in _COMPARED)
            ):
                continue
            # "je devrais pas en finir ?" wonders aloud, "j'arrete pas de" insists: the "pas"
            # negates nothing.
            if word == "pas" and index and window[index - 1] in _WONDERING:
                skip = index - 1  # "arrete" here is no "stopped" either
                if index > 1 and window[index - 2] == "ne":
                    skip_ne = index - 2  # nor is the "ne" of "je ne arrete pas de"
                continue
            return True
        if word in _SCOPE_ENDS:
            # "jamais je me tuerais", "never would I": the negation put first, before the
            # subject, still reaches the verb.
            if word in ("je", "i") and _negation_first(window[:index]):
                return True
            break
    # French puts the second half of a negation after the verb: "je ne me tuerais jamais".
    if after and after[0] in _NEGATION_AFTER:
        return not (after[0] == "plus" and len(after) > 1 and after[1] in {"que", "de", "en"})
    return False


def _subject(before: list[str], told: bool = False) -> str | None:
    """ "self", "other", or None when the clause names nobody before the sign. In reported
    speech a possessive alone ("mon cours de psycho parle du risque suicidaire") names a
    thing, not the writer. An impersonal "il" ("il y a 10 min", "il faut") names nobody."""
    for index in range(len(before) - 1, -1, -1):
        word = before[index]
        if word in _FIRST:
            if told and word in _POSSESSIVE:
                continue
            return "self"
        if word in _PATIENTS:
            return "patient"
        if word in _THIRD:
            if word == "il" and before[index + 1 : index + 2] and before[index + 1] in _IMPERSONAL:
                continue
            return "other"
    return None


@functools.lru_cache(maxsize=8)
def _told(msg: str) -> bool:
    """Whether the message is about suicide rather than from someone at risk (a course, a
    film, the news) or tells the past; read once per message, not once per match."""
    return bool(risk_rules.MARKERS.search(msg) or risk_rules.DISTANCE.search(msg))


# "not now | one day": put off, not over.
_LATER = re.compile(r" (?:but |mais )?(?:one day|some day|someday|un jour|plus tard|later)\b")


def _clause_after(window: str, clause_end: int) -> str:
    """The clause after the one following the clause that ends at ``clause_end``."""
    if clause_end < 0:
        return ""
    next_end = window.find(_BOUND, clause_end + 1)
    if next_end < 0:
        return ""
    stop = window.find(_BOUND, next_end + 1)
    return window[next_end + len(_BOUND) - 1 : stop if stop >= 0 else len(window)]


def _read(rule: Rule, window: str, match: re.Match[str], msg: str) -> _Hit | None:
    """One match of one rule in a window of the message: does it count, and about whom?"""
    start, end = match.span()
    if SEP in match.group():
        before: list[str] = []
        after: list[str] = []
        next_clause = clause = ""
    else:
        clause_start = window.rfind(_BOUND, 0, start) + len(_BOUND)
        clause_end = window.find(_BOUND, end)
        before = window[clause_start:start].split()
        after = window[end:clause_end].split()
        next_clause = window[clause_end + len(_BOUND) - 1 : window.find(_BOUND, clause_end + 1)]
        clause = window[clause_start:clause_end]
    if rule.negatable and (
        _negated(before, after)
        or (
            risk_rules.RECOVERED.match(next_clause) is not None
            and not _LATER.match(_clause_after(window, clause_end))
        )
    ):
        return None
    told = _told(msg)
    if (
        rule.negatable
        and _WAS.intersection(before)
        and risk_rules.DISTANCE.search(clause)
        and not _BACK.search(msg)
    ):
        # "I was suicidal years ago": told as past and over, in its own clause.
        return None
    subject = _subject(before, told)
    if rule.person is Person.OTHER:
        # "He is going to kill me": the subject may open the match itself.
        subject = subject or _subject([match.group().split(" ", 1)[0]])
        subject = "other" if subject == "patient" else subject
        # Someone named must act on the writer: "il me frappe" is danger, "je me frappe" is
        # self-harm (its own rule) and "ce boulot va me tuer" is an idiom.
        return _Hit(rule, False) if subject == "other" else None
    if rule.person is Person.SELF:
        return _Hit(rule, False)
    if rule.person is Person.THIRD and subject == "self":
        # "I want to die" is the writer's own wish, read by its own rule.
        return None
    if subject == "patient":
        return None
    if subject == "other":
        return None if told else _Hit(rule, True)
    if rule.person is Person.TOPIC:
        # "suicide has never crossed my mind": the negation follows the word.
        if told or any(word in _NEGATORS_AFTER_TOPIC for word in after[:3]):
            return None
    elif told and subject is None:
        # "la formation sur le risque suicidaire": said of nobody, in a course.
        return None
    return _Hit(rule, False)


@functools.lru_cache(maxsize=8192)
def _rules_of_word(word: str) -> frozenset[int]:
    """The rules one of whose key words starts ``word``. Chat reuses few words, so each is
    looked up once, not once per length of key word each time it appears."""
    opened: set[int] = set()
    for length in risk_rules.STEM_LENGTHS:
        if length > len(word):
            break
        rules = risk_rules.STEMS.get(word[:length])
        if rules is not None:
            opened |= rules
    return frozenset(opened)


def _rules_by_clause(clauses: list[str]) -> dict[int, list[int]]:
    """Rule index → the clauses holding one of its key words (a word starting with it)."""
    found: dict[int, list[int]] = {}
    for position, clause in enumerate(clauses):
        opened: set[int] = set()
        for word in set(clause.split()):
            opened |= _rules_of_word(word)
        for rule in opened:
            found.setdefault(rule, []).append(position)
    return found


def _windows(clauses: list[str], positions: list[int], back: int) -> Iterator[str]:
    """Each clause holding a key word with the clause after it (whose "plus maintenant" may
    take the sign back) and, for the few rules that reach back over a comma ("I jumped, but
    I'm still alive"), the clause before; touching windows merged. Running a rule over these
    rather than the whole message keeps a 4,096-character message cheap."""
    start, stop = positions[0] - back, positions[0] + 1
    for position in positions[1:]:
        if position - back > stop + 1:
            yield _BOUND + _BOUND.join(clauses[max(start, 0) : stop + 1]) + _BOUND
            start = position - back
        stop = position + 1
    yield _BOUND + _BOUND.join(clauses[max(start, 0) : stop + 1]) + _BOUND


# Up to this length every rule reads the whole message, key words or not: a phrasing whose
# words no key word announces is then still found in a chat-length message. Longer messages
# are read through the key words only, which keeps a 4,096-character message cheap.
WHOLE_READ_CHARS = 400


def _hits(msg: str) -> list[_Hit]:
    if len(msg) <= WHOLE_READ_CHARS:
        # Every rule whose required strings are in the message reads all of it.
        return _collect(
            ((index, (msg,)) for index, strings in enumerate(_REQUIRED) if _can(strings, msg)),
            msg,
        )
    clauses = msg.strip(" " + SEP).split(_BOUND)
    return _collect(
        (
            (index, readable)
            for index, positions in sorted(_rules_by_clause(clauses).items())
            # Only the windows around its key words that hold one of its required strings.
            if (
                readable := [
                    window
                    for window in _windows(clauses, positions, risk_rules.RULES[index].reaches_back)
                    if _can(_REQUIRED[index], window)
                ]
            )
        ),
        msg,
    )


# Per rule, strings one of which each of its matches holds (``risk_prefilter``): a rule is
# not run over text holding none of them, since it could not match there.
_REQUIRED = tuple(risk_prefilter.required(rule.pattern.pattern) for rule in risk_rules.RULES)
_can = risk_prefilter.can_match


def _collect(work: Iterable[tuple[int, Iterable[str]]], msg: str) -> list[_Hit]:
    hits: list[_Hit] = []
    for index, windows in work:
        rule = risk_rules.RULES[index]
        hit = _first_hit(rule, windows, msg)
        # The exclusion is read only once the rule has matched: most rules do not.
        if hit is not None and hit.counted and rule.exclude is not None:
            if rule.exclude.search(msg):
                hit = dataclasses.replace(hit, counted=False)
        if hit is not None:
            hits.append(hit)
    return hits


def _first_hit(rule: Rule, windows: Iterable[str], msg: str) -> _Hit | None:
    """The first match that counts, else an uncounted hit when some match was set aside."""
    set_aside = False
    for window in windows:
        for match in rule.pattern.finditer(window):
            hit = _read(rule, window, match, msg)
            if hit is not None:
                return dataclasses.replace(hit, words=match.group().strip(" |"))
            set_aside = True
    return _Hit(rule, False, counted=False) if set_aside else None


# Words quoted from a song, a film or a meme, when the message says so: the quote is not the
# writer's own ("« je veux mourir » passe en boucle, trop belle cette chanson").
_MEDIA = re.compile(
    r"(?i)\b(?:songs?|chansons?|lyrics?|paroles|titre|track|album|playlist|film|movie|meme|"
    r"refrain|chorus|chante|sings?|singing|rap|tiktok|book|livre|quote|citation)\b"
)
_QUOTED = re.compile(r"«[^»]{1,200}»|\"[^\"]{1,200}\"|“[^”]{1,200}”")


def _unquoted(text: str) -> str:
    if ("«" in text or '"' in text or "“" in text) and _MEDIA.search(text):
        return _QUOTED.sub(" , ", text)
    return text


def assess(text: str, language: str) -> RiskAssessment:
    """How worrying ``text`` is, written by someone whose language is ``language``.

    Every language's rules apply to every text (people in distress switch language); the
    language only settles spellings that mean different things in French and English
    ("dont").

    The rules decide whenever they find a sign; when they find none, or only a concern, the
    learned complement (``risk_learned``) may raise the level (``_complemented``)."""
    text = _unquoted(text)
    msg = _prepared(canonical(text, language))
    hits = _hits(msg)
    found = _verdict([hit for hit in hits if hit.counted], msg, text, about_other=False)
    set_aside = any(not hit.counted and not hit.rule.weak for hit in hits)
    return _complemented(found, msg, text, set_aside=set_aside)


def assess_rules(text: str, language: str) -> RiskAssessment:
    """``assess`` by the rules alone, without the learned complement: for the benchmarks
    that measure what the complement adds."""
    text = _unquoted(text)
    return _assess(_prepared(canonical(text, language)), text, about_other=False)


def reading(text: str, language: str) -> str:
    """The canonical text ``assess`` reads (idioms removed): what the learned complement is
    trained on and applied to."""
    return _prepared(canonical(_unquoted(text), language))


def assess_about_other(text: str, language: str) -> RiskAssessment:
    """How worrying the state of the person ``text`` is about: a /report or /escalate reason
    ("he says he swallowed all his pills", "elle a acheté une corde hier").

    The person the text is about (he, she, they, il, elle, "my friend", "mon fils"…) counts as
    the subject, and the writer's own first-person signs count too; the levels and categories
    are those of ``assess``, never ``THIRD_PERSON``. Reported, educational or past speech and
    idioms are read as in ``assess``."""
    text = _unquoted(text)
    msg = _prepared(risk_other.as_writer(canonical(text, language)))
    return _assess(msg, text, about_other=True)


_IDIOM_STRINGS = risk_prefilter.required(risk_rules.IDIOMS.pattern)


def _prepared(msg: str) -> str:
    if risk_prefilter.can_match(_IDIOM_STRINGS, msg):
        msg = risk_rules.IDIOMS.sub(" ", msg)
    return " " + " ".join(msg.split()) + " "


# Strings one of which every retraction holds, looked for before the expression is run.
_RETRACTION_STRINGS = ("jk", "j k", "kidding", "rigol", "plaisant", "blague", "conne", "rire")


def _retracted(text: str) -> bool:
    folded = text.casefold()
    return any(s in folded for s in _RETRACTION_STRINGS) and bool(
        _RETRACTED.search(normalise(text))
    )


def _distinct_weak_signs(weak: list[_Hit]) -> set[str]:
    """The weak rules that saw different words: two rules reading the same words ("donné ma
    guitare à", "donné ma guitare") are one sign, not two."""
    distinct: set[str] = set()
    for hit in weak:
        if not any(
            other is not hit
            and other.words
            and other.words in hit.words
            and (other.words != hit.words or other.rule.name < hit.rule.name)
            for other in weak
        ):
            distinct.add(hit.rule.name)
    return distinct


def _assess(msg: str, text: str, *, about_other: bool) -> RiskAssessment:
    return _verdict([hit for hit in _hits(msg) if hit.counted], msg, text, about_other=about_other)


def _verdict(hits: list[_Hit], msg: str, text: str, *, about_other: bool) -> RiskAssessment:
    strong = [hit for hit in hits if not hit.rule.weak]
    weak_rules = _distinct_weak_signs([hit for hit in hits if hit.rule.weak])
    # A weak sign ("I've decided", "thank you for everything") counts beside a strong one,
    # or when two different weak signs come together ("c'est décidé, je le fais ce soir").
    counted = hits if strong or len(weak_rules) > 1 else []
    if not counted:
        return NO_RISK
    level = RiskLevel.CONCERN
    categories: set[Category] = set()
    timed = risk_rules.TIME.search(msg) is not None
    for hit in counted:
        if hit.third_person and not about_other:
            categories.add(Category.THIRD_PERSON)
            continue
        if about_other and hit.rule.person is Person.THIRD:
            # Someone the retelling did not reach ("le type d'en face parle de se tuer"):
            # talk of killing oneself, rated as thoughts.
            categories.add(Category.ACTIVE_THOUGHTS)
            continue
        categories.update(Category(name) for name in hit.rule.categories)
        hit_level = RiskLevel(hit.rule.level)
        if hit.rule.timed and timed:
            hit_level = RiskLevel.URGENT
        level = max(level, hit_level)
    if not {c.value for c in categories} & _NOT_RETRACTABLE and _retracted(text):
        # "gonna kms lol jk": words taken back at once, with no act, means or goodbye.
        return NO_RISK
    if not {c.value for c in categories} & _NOT_DENIABLE and _DENIED.search(msg):
        # "my therapist asked if I'd had thoughts of ending my life and I haven't".
        return NO_RISK
    if (
        not {c.value for c in categories} & _NOT_RETRACTABLE
        and _JOKING.search(text)
        and _IF_STAKES.search(msg)
    ):
        # "lol i'll kill myself if i fail this exam": hyperbole on everyday stakes, laughing.
        return NO_RISK
    if Category.DANGER in categories and risk_rules.IMMEDIATE.search(msg):
        level = RiskLevel.URGENT
    elif categories == {Category.DANGER} and _JOKING.search(text):
        # "he said he'd kill me if I ate his fries lol": a threat told laughing, nothing now.
        return NO_RISK
    if Category.PLAN in categories and _METHOD_WORDS.search(msg):
        categories.add(Category.METHOD)
    return RiskAssessment(level, frozenset(categories))


# The learned complement may raise a message in which the rules found nothing, but only one of
# at least this many words. Terse messages ("done", "why", "merci pour tout") are everyday
# chat far more often than veiled farewells, and a bag of n-grams cannot tell them apart: they
# are left to the rules, which read the few terse signs they know ("adieu", "kms").
# Measured figures and false alarms: docs/risk.md, "The learned complement".
COMPLEMENT_MIN_WORDS = 4


def _words(msg: str) -> int:
    return sum(word != SEP for word in msg.split())


def _complemented(found: RiskAssessment, msg: str, text: str, *, set_aside: bool) -> RiskAssessment:
    """The rules' verdict, raised when the learned complement is sure enough: from concern to
    urgent, or from none to concern or urgent (``COMPLEMENT_MIN_WORDS``). It never
    lowers a verdict, and it stays
    silent where the rules know better than word statistics: a sign a rule read and set
    aside (a negation, someone else, an exclusion: "je ne me scarifie plus"), a plan whose
    timing the rules judged, a message about a course, a film or the past, a retraction,
    laughing hyperbole on everyday stakes."""
    concern = found.level is RiskLevel.CONCERN
    if (
        (found.level is RiskLevel.NONE and _words(msg) < COMPLEMENT_MIN_WORDS)
        or found.level is RiskLevel.URGENT
        or Category.THIRD_PERSON in found.categories
        or (concern and Category.PLAN in found.categories)
        or (not concern and set_aside)
        or _told(msg)
        or _retracted(text)
        or _DENIED.search(msg)
        or (_JOKING.search(text) and _IF_STAKES.search(msg))
    ):
        return found
    second = risk_learned.complement(msg, concern=concern)
    if second is None:
        return found
    category = Category(second.category)
    if category is Category.THIRD_PERSON:
        # Someone else's words: a concern for the peer, never the writer's crisis.
        return found if concern else RiskAssessment(RiskLevel.CONCERN, frozenset({category}))
    level = RiskLevel.URGENT if second.urgent else RiskLevel.CONCERN
    return RiskAssessment(level, found.categories | {category})
