"""Words about someone else, retold as that person's own: for rating a /report or /escalate
reason by the signs of the person it is about.

The rules of ``risk_rules`` describe the writer's own signs ("I swallowed all my pills", "je
veux me tuer"). A reason describes someone else's ("he says he swallowed all his pills",
"elle a acheté une corde hier"). Rather than a second set of rules in the third person, the
canonical text is retold in the first person: third-person pronouns and the people a reason
names ("my friend", "mon fils") become "i" / "je", their reflexives and possessives "myself",
"my", "me", "mon"…, and the verb right after a retold subject takes the first-person form
("he is" → "i am", "il a" → "je ai", "elle voulait" → "je voulais"). The writer's own
first-person words are left as they are, so they still count.

It is a rewrite of words, not a parse: with two third persons in one clause ("he hits her")
both become the writer, so a danger can read as self-harm; the level stays a concern, which is
what a coordinator needs to see.
"""

from __future__ import annotations

from bot.domain.risk_text import SEP

# Subject pronouns.
_SUBJECT_EN = frozenset({"he", "she", "they"})
_SUBJECT_FR = frozenset({"il", "elle", "ils", "elles", "iel"})
# People a reason is about, after "my", "mon", "a", "the"…: "my friend took all her pills".
_PEOPLE_EN = frozenset(
    {
        "friend", "boyfriend", "girlfriend", "bf", "gf", "brother", "sister", "mom", "mum",
        "mother", "dad", "father", "son", "daughter", "cousin", "uncle", "aunt", "roommate",
        "flatmate", "colleague", "coworker", "partner", "husband", "wife", "ex", "kid", "child",
        "teen", "student", "neighbour", "neighbor", "classmate", "mate", "bestie", "bff",
        "seeker", "peer", "member", "person", "guy", "girl", "boy", "patient", "client",
    }
)  # fmt: skip
_PEOPLE_FR = frozenset(
    {
        "ami", "amie", "pote", "copain", "copine", "frere", "soeur", "mere", "pere", "fils",
        "fille", "cousin", "cousine", "oncle", "tante", "coloc", "collegue", "mari", "femme",
        "conjoint", "conjointe", "compagnon", "compagne", "enfant", "ado", "eleve", "voisin",
        "voisine", "camarade", "maman", "papa", "personne", "membre", "mec", "meuf",
        "gars", "patient", "patiente", "beneficiaire", "aidee", "interlocuteur",
        "interlocutrice",
    }
)  # fmt: skip
# Not "his", "her", "son"…: "her husband hits her" is about her, and he stays someone else.
_DETERMINERS_EN = frozenset({"my", "our", "a", "the", "this", "that"})
_DETERMINERS_FR = frozenset({"mon", "ma", "notre", "un", "une", "le", "la", "cette", "ce"})
# "il y a", "il faut", "il pleut": an impersonal "il" is nobody.
_IMPERSONAL = frozenset(
    {"y", "faut", "fallait", "faudrait", "pleut", "neige", "parait", "semble", "reste", "suffit"}
)
# Plain replacements wherever the word stands.
_SAME_PLACE = {
    "himself": "myself",
    "herself": "myself",
    "themselves": "myself",
    "themself": "myself",
    "his": "my",
    "their": "my",
    "theirs": "mine",
    "him": "me",
    "them": "me",
    "se": "me",
    "son": "mon",
    "sa": "ma",
    "ses": "mes",
    "leurs": "mes",
    "soi": "moi",
}
# Words that may stand between a retold subject and its verb.
_CLITICS = frozenset(
    {
        "ne", "me", "te", "en", "y", "le", "la", "les", "l", "lui", "leur", "do", "did", "not",
        "just", "also", "really", "never", "always", "already", "still", "deja", "aussi",
        "vraiment", "finally", "enfin",
    }
)  # fmt: skip
_VERBS_EN = {
    "is": "am",
    "are": "am",
    "were": "was",
    "has": "have",
    "does": "do",
    "goes": "go",
    "says": "say",
    "tries": "try",
    "cries": "cry",
}
_VERBS_FR = {
    "a": "ai",
    "est": "suis",
    "va": "vais",
    "veut": "veux",
    "peut": "peux",
    "fait": "fais",
    "dit": "dis",
    "sait": "sais",
    "doit": "dois",
    "prend": "prends",
    "ont": "ai",
    "sont": "suis",
    "vont": "vais",
    "veulent": "veux",
    "peuvent": "peux",
    "font": "fais",
    "disent": "dis",
    "doivent": "dois",
    "prennent": "prends",
    "avaient": "avais",
    "etaient": "etais",
    "voulaient": "voulais",
    "allaient": "allais",
    "pensent": "pense",
    "parlent": "parle",
}


def _first_person_verb(word: str, french: bool) -> str:
    if french:
        if word in _VERBS_FR:
            return _VERBS_FR[word]
        if word.endswith("ait") or word.endswith("rait"):
            return word[:-1] + "s"  # "voulait" → "voulais", "pourrait" → "pourrais"
        if word.endswith("it") and len(word) > 3:
            return word[:-1] + "s"  # "finit" → "finis"
        return word
    if word in _VERBS_EN:
        return _VERBS_EN[word]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]  # "wants" → "want", "keeps" → "keep"
    return word


def as_writer(msg: str) -> str:
    """The canonical text ``msg`` retold with the person it is about as the writer."""
    words = msg.split(" ")
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        subject: str | None = None
        following = words[index + 1] if index + 1 < len(words) else SEP
        if word in _SUBJECT_EN:
            subject = "i"
        elif word in _SUBJECT_FR and not (word == "il" and following in _IMPERSONAL):
            subject = "je"
        elif index + 1 < len(words) and (
            (word in _DETERMINERS_EN and words[index + 1] in _PEOPLE_EN)
            or (word in _DETERMINERS_FR and words[index + 1] in _PEOPLE_FR)
        ):
            subject = "je" if word in _DETERMINERS_FR else "i"
            index += 1  # the determiner and the noun become one pronoun
        elif word == "her":
            # "her pills" is a possessive, "hits her" / "told her" an object.
            out.append("me" if following in {SEP, "", "to", "that", "and"} else "my")
            index += 1
            continue
        else:
            out.append(_SAME_PLACE.get(word, word))
            index += 1
            continue
        out.append(subject)
        index += 1
        # The verb after the subject, past clitics and adverbs ("il ne se est pas", "he
        # does not").
        while index < len(words) and words[index] in _CLITICS | {"se"}:
            out.append(_SAME_PLACE.get(words[index], words[index]))
            index += 1
        if index < len(words) and words[index] != SEP:
            out.append(_first_person_verb(words[index], subject == "je"))
            index += 1
    return " ".join(out)
