"""Chat text turned into the canonical form the risk rules are written against.

People in distress type fast: no accents, no apostrophes, SMS spellings ("jveu", "chui", "g
pri"), English contractions without their apostrophe ("dont", "im"), slang that dodges filters
("kms", "sewerslide", "ctb"). Rather than spelling every variant in every rule, the text is
rewritten once into one canonical spelling: lower case, no accents, French elisions expanded
("j'ai" → "je ai", "m'ouvrir" → "me ouvrir"), English contractions expanded ("don't" → "do
not"), SMS forms replaced by the words they stand for, and a few filler words dropped ("just",
"really", "lowkey") so that rules need not allow for them.

Clauses are kept apart by " | ": a negation or a subject only reaches as far as its clause
("I don't want to die, I want to get better"; "je ne sais pas, je veux mourir").
"""

from __future__ import annotations

import functools
import re
import unicodedata

SEP = "|"

# Ligatures have no decomposition: "nœud" would keep its "œ" through accent stripping.
_APOSTROPHES = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"}
)
# Punctuation that ends a clause. Apostrophes and hyphens stay inside words for now.
_CLAUSE_END = re.compile(r"[.!?;:,\n\r\t…()\[\]{}\"“”«»/]+|\s[-–—]+\s|\s\|\s")
_NOT_WORD = re.compile(r"[^\w']+")
# The characters _APOSTROPHES rewrites; str.translate looks up every character of a message.
_SPECIAL = re.compile("[’‘`´ʼœŒæÆ]")
_TWO = re.compile(r"\b(want|wanna|going|have|need|got|like|ready|deserve) 2 ")
_FOUR = re.compile(r"\b4 ?(me|you|good|u)\b")
_FOREVER = re.compile(r"\b4 ?ever\b")
_SA = re.compile(r"\bsa (sert|arrete|va|fait|suffit|me|te|marche|passe|ira|servira|vaut)\b")
_PARTICIPLE = re.compile(
    r"\b(ai|avons|avez|ont|suis|es|est|sommes|etes|sont|jai|g) (?!aller\b)([a-z]{2,})er\b"
)
_TROP_KEPT = re.compile(r"\btrop (?=pris\b|avale\b|bu\b|profond)")
_TROP_DE = re.compile(r"\btrop d(?:e |')")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Letters repeated for emphasis ("noooo", "pleaaase"): three or more become one.
_REPEATS = re.compile(r"(\w)\1{2,}")
_DIGIT_WORD = re.compile(r"(\d)([a-z])")

# Words that end one clause and start another for negation and subject purposes.
_CONJUNCTIONS = frozenset({"but", "mais", "though", "although", "cependant", "pourtant"})

_CONSONANTS = frozenset("bcdfghklmnpqrstvwxz")
# English SMS "ill" for "I'll" before a verb ("ill be gone by morning"); "ill" alone is sick.
_ILL_VERBS = frozenset(
    {"be", "do", "never", "end", "kill", "go", "take", "jump", "miss", "have", "make", "try"}
)
_ETRE = frozenset({"est", "etait", "sera", "serait", "ete", "etaient"})
_ENGLISH_SUBJECTS = frozenset({"i", "you", "we", "they", "people"})
_BEFORE_BUT = frozenset({"nothing", "all", "anything", "everything", "none", "rien", "last"})

# Token rewrites: SMS and contracted forms → canonical words (several words allowed).
# fmt: off
_TOKENS: dict[str, str] = {
    # English contractions, with or without the apostrophe
    "i'm": "i am", "im": "i am", "i'am": "i am", "iam": "i am",
    "i've": "i have", "ive": "i have", "i'd": "i would", "id": "i would",
    "i'll": "i will", "ima": "i am going to", "imma": "i am going to",
    "don't": "do not", "doesn't": "does not", "doesnt": "does not",
    "didn't": "did not", "didnt": "did not", "can't": "cannot", "cant": "cannot",
    "won't": "will not", "wont": "will not", "wouldn't": "would not", "wouldnt": "would not",
    "isn't": "is not", "isnt": "is not", "aren't": "are not", "arent": "are not",
    "haven't": "have not", "havent": "have not", "hasn't": "has not", "hasnt": "has not",
    "wasn't": "was not", "wasnt": "was not", "weren't": "were not", "shouldn't": "should not",
    "shouldnt": "should not", "couldn't": "could not", "couldnt": "could not",
    "ain't": "am not", "aint": "am not",
    "it's": "it is", "its": "it is", "that's": "that is", "thats": "that is",
    "there's": "there is", "theres": "there is", "what's": "what is", "whats": "what is",
    "he's": "he is", "she's": "she is", "they're": "they are", "you're": "you are",
    "he'll": "he will", "she'll": "she will", "they'll": "they will", "you'll": "you will",
    "he'd": "he would", "she'd": "she would", "they'd": "they would", "you'd": "you would",
    "we'll": "we will", "we're": "we are", "let's": "let us",
    "gonna": "going to", "gona": "going to", "goin": "going", "wanna": "want to",
    "wana": "want to", "gotta": "have to", "tryna": "trying to", "finna": "going to",
    "u": "you", "ur": "your", "abt": "about", "bc": "because", "cuz": "because",
    "coz": "because", "cos": "because", "pls": "please", "plz": "please", "ppl": "people",
    "tonite": "tonight", "2nite": "tonight", "tn": "tonight", "2night": "tonight",
    "tmrw": "tomorrow", "tmr": "tomorrow", "tmrow": "tomorrow", "2morrow": "tomorrow",
    "2moro": "tomorrow", "tomoro": "tomorrow", "tommorow": "tomorrow", "tomorow": "tomorrow",
    "rn": "right now", "atm": "right now", "2day": "today", "b4": "before",
    "myslef": "myself", "mysefl": "myself", "meself": "myself", "mysel": "myself",
    "myselfe": "myself", "mysef": "myself",
    # Euphemisms and slang that dodge filters
    "kms": "kill myself", "kmys": "kill myself", "ctb": "catch the bus",
    "sewerslide": "suicide", "suicde": "suicide", "sucide": "suicide", "suiside": "suicide",
    "suicid": "suicide", "sucidal": "suicidal", "suicidle": "suicidal", "suisidal": "suicidal",
    "selfharm": "selfharm", "sh": "selfharm", "unaliving": "unalive", "unalived": "unalive",
    "od": "overdose", "oded": "overdosed", "od'd": "overdosed", "odd": "odd",
    "dissapear": "disappear", "disapear": "disappear", "dissappear": "disappear",
    "kil": "kill", "killl": "kill", "ded": "dead", "dieee": "die",
    "pils": "pills", "pillz": "pills",
    # French SMS
    "jveux": "je veux", "jveu": "je veux", "jveut": "je veux", "jvx": "je veux",
    "jvoudrais": "je voudrais", "jvais": "je vais", "jvai": "je vais", "jve": "je vais",
    "jvé": "je vais", "jvas": "je vais", "chui": "je suis", "chuis": "je suis",
    "jsui": "je suis", "jsuis": "je suis", "jss": "je suis", "jsu": "je suis",
    "jme": "je me", "jte": "je te", "jmen": "je me en", "jpense": "je pense",
    "jpeux": "je peux", "jpx": "je peux", "jpp": "je ne en peux plus", "jsp": "je sais pas",
    "jsais": "je sais", "jdois": "je dois", "jfais": "je fais", "jcrois": "je crois",
    "jai": "je ai", "jé": "je ai", "g": "je ai", "jaimerais": "je aimerais",
    "javais": "je avais", "jen": "je en", "jy": "je y", "jarrive": "je arrive",
    "jcompte": "je compte", "jprends": "je prends", "jprend": "je prends",
    "pri": "pris", "prie": "prie", "tt": "tout", "tte": "toute", "tts": "tous",
    "ttes": "toutes", "ts": "tous", "vx": "veux", "veu": "veux",
    "mourrir": "mourir", "mourire": "mourir", "mwourir": "mourir", "mouri": "mourir",
    "envi": "envie",
    "pk": "pourquoi", "pq": "pourquoi", "ds": "dans", "bcp": "beaucoup", "mtn": "maintenant",
    "mnt": "maintenant", "auj": "aujourd hui", "ajd": "aujourd hui", "2main": "demain",
    "dmain": "demain", "tkt": "te inquiete", "tqt": "te inquiete", "ct": "ce etait",
    "ya": "il y a", "pu": "plus", "medoc": "medocs", "cacheton": "cachets",
    "cachetons": "cachets", "ptn": "putain", "oklm": "tranquille", "ajourd": "aujourd",
    "suicidere": "suicidaire", "sucidaire": "suicidaire", "plu": "plus", "lair": "l air",
    # French elisions once the apostrophe is gone
    "j": "je", "m": "me", "t": "te", "s": "se", "n": "ne", "d": "de", "qu": "que", "w": "with",
    "tropde": "trop de", "tropk": "trop", "msg": "message", "msgs": "messages", "pr": "pour",
    "tjr": "toujours",
    "tjrs": "toujours", "jaimerai": "je aimerais", "jetais": "je etais", "davaler": "de avaler",
    "davoir": "de avoir", "detre": "de etre", "mendormir": "me endormir", "vien": "viens",
    "ke": "que", "ki": "qui", "qd": "quand", "kan": "quand", "mavaler": "me avaler",
    "menfuir": "me enfuir",
    "toujour": "toujours", "devan": "devant", "jle": "je le", "fai": "fais",
    "ecri": "ecrit", "dadieu": "de adieu", "fardo": "fardeau", "mfoutre": "me foutre",
    "mtuer": "me tuer", "mpendre": "me pendre", "regretere": "regretterait",
    "regreterait": "regretterait", "cuttin": "cutting", "bleedin": "bleeding",
    "thinkin": "thinking", "dyin": "dying", "killin": "killing", "feelin": "feeling",
    "tryin": "trying", "nothin": "nothing", "somethin": "something", "4ever": "forever",
    "every1": "everyone", "tellmt": "tellement",
}
# fmt: on
# Filler words that never change the meaning of a warning sign.
# English-only SMS forms ("dis" is a French word, "n" a French elision).
_EN_TOKENS: dict[str, str] = {
    "dis": "this",
    "dat": "that",
    "da": "the",
    "wud": "would",
    "cud": "could",
    "shud": "should",
    "wuz": "was",
    "luv": "love",
    "every1": "everyone",
    "some1": "someone",
    "any1": "anyone",
    "no1": "no one",
    "n": "and",
    "hav": "have",
    "gud": "good",
    "wat": "what",
    "cuz": "because",
}  # fmt: skip
_DROPPED = frozenset(
    {
        "just",
        "really",
        "literally",
        "honestly",
        "seriously",
        "lowkey",
        "highkey",
        "kinda",
        "actually",
        "ngl",
        "tbh",
        "fr",
        "lol",
        "lmao",
        "idk",
        "so",
        "fucking",
        "fuckin",
        "freaking",
        "damn",
        "vraiment",
        "juste",
        "franchement",
        "serieux",
        "serieusement",
        "genre",
        "grave",
        "trop",
        "tellement",
        "carrement",
        "putain",
        "sincerement",
        "bref",
        "bah",
        "ben",
        "euh",
        "oh",
        "hmm",
        "um",
        "uh",
    }
)  # fmt: skip


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower case, no accents, straight apostrophes, words separated by single spaces."""
    plain = strip_accents(text.translate(_APOSTROPHES)).casefold()
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def _special(match: re.Match[str]) -> str:
    return match.group().translate(_APOSTROPHES)


def _fold(text: str) -> str:
    """``normalise`` without joining words: lower case, no accents, no repeated letters. One
    pass over the whole message, with C-speed steps only (a message may be 4,096 characters)."""
    plain = _SPECIAL.sub(_special, text).casefold()
    if not plain.isascii():
        plain = _COMBINING.sub("", unicodedata.normalize("NFKD", plain))
    plain = _REPEATS.sub(r"\1", plain)
    # Each step below is skipped when the text lacks a string every one of its matches
    # holds: a substring test is far cheaper than an expression tried at every position.
    if "trop" in plain:
        # "trop de cachets" counts pills; "trop" alone is filler ("trop envie").
        plain = _TROP_KEPT.sub("tropk ", _TROP_DE.sub("tropde ", plain))
    # SMS numbers for words: "want 2 sleep", "4 me", "4ever".
    if "4" in plain:
        plain = _FOUR.sub(r"for \1", _FOREVER.sub("forever", plain))
    if " 2 " in plain:
        plain = _TWO.sub(r"\1 to ", plain)
    if "sa " in plain:
        # "sa sert a rien" is "ca"; "sa vie" stays a possessive.
        plain = _SA.sub(r"ca \1", plain)
    # "j'ai acheter", "je me suis couper": an infinitive for a participle after an auxiliary.
    return _PARTICIPLE.sub(r"\1 \2e", plain)


@functools.lru_cache(maxsize=16384)
def _alone(raw: str, english: bool) -> tuple[str, ...] | None:
    """The canonical words of one word of a message, or None for "trop" and "dont", which
    depend on the word before. Chat reuses few words, so each is worked out once."""
    word = raw.strip("'")
    if word in ("trop", "dont"):
        return None
    if not word or word in _DROPPED:
        return ()
    return _spelled(word, english)


def _spelled(word: str, english: bool) -> tuple[str, ...]:
    mapped = _TOKENS.get(word)
    if english and word in _EN_TOKENS:
        mapped = _EN_TOKENS[word]
    if mapped is not None:
        return tuple(mapped.split())
    if "'" in word:
        out: list[str] = []
        for index, part in enumerate(word.split("'")):
            # English possessive "mom's": the trailing "s" is no French "se".
            if part and part not in _DROPPED and not (index and part == "s"):
                out.extend(_TOKENS.get(part, part).split())
        return tuple(out)
    if not english and word[0] == "j" and len(word) > 2 and word[1] in _CONSONANTS:
        # French SMS glues the subject to its verb ("jserai", "jmourais", "jvien"): no
        # French word starts with "j" and a consonant.
        return ("je", *_spelled(word[1:], english))
    if word[0].isdigit():
        # "3am", "15h": a number glued to its unit reads as two words.
        return tuple(_DIGIT_WORD.sub(r"\1 \2", word).split())
    return (word,)


def _words(piece: str, english: bool) -> list[str]:
    out: list[str] = []
    for raw in _NOT_WORD.sub(" ", piece).split():
        tokens = _alone(raw, english)
        if tokens is not None:
            out.extend(tokens)
            continue
        # The two words whose reading depends on the word before them.
        word = raw.strip("'")
        # "je me sens de trop": after "de", "trop" is no filler.
        if word in _DROPPED and not (word == "trop" and out and out[-1] == "de"):
            continue
        # "dont" is a French word too ("le livre dont je parle"): expand it only in English.
        if word == "dont" and (english or not out or out[-1] in _ENGLISH_SUBJECTS):
            out.extend(("do", "not"))
            continue
        out.extend(_spelled(word, english))
    if english and "ill" in out:
        for i in range(len(out) - 2, -1, -1):
            if out[i] == "ill" and out[i + 1] in _ILL_VERBS:
                out[i : i + 1] = ["i", "will"]
    # SMS "c" for "c'est" ("c fini"): after elisions "c est" is already two words.
    if "c" in out:
        for i, each in enumerate(out):
            if each == "c":
                out[i] = "ce" if i + 1 < len(out) and out[i + 1] in _ETRE else "ce est"
        return " ".join(out).split()
    return out


# Emojis that stand for a means or a death, read as the word in the writer's language ("🪢
# ce soir", "🔫 tonight"); any other emoji is dropped with the other symbols.
_EMOJI_EN = str.maketrans(
    {"🪢": " rope ", "🔫": " gun ", "💊": " pills ", "⚰": " coffin ", "🔪": " knife "}
)
_EMOJI_FR = str.maketrans(
    {"🪢": " corde ", "🔫": " flingue ", "💊": " cachets ", "⚰": " cercueil ", "🔪": " couteau "}
)
_EMOJIS = ("🪢", "🔫", "💊", "⚰", "🔪")


def canonical(text: str, language: str = "") -> str:
    """Clauses in canonical spelling, separated by " | " (and a leading and trailing one, so
    that every clause, the first and last included, is bounded the same way)."""
    english = language == "en"
    if not text.isascii() and any(emoji in text for emoji in _EMOJIS):
        text = text.translate(_EMOJI_EN if english else _EMOJI_FR)
    clauses: list[str] = []
    for piece in _CLAUSE_END.split(_fold(text)):
        current: list[str] = []
        for word in _words(piece, english):
            # "nothing but a burden": "but" there joins nothing.
            if word in _CONJUNCTIONS and not (current and current[-1] in _BEFORE_BUT):
                if current:
                    clauses.append(" ".join(current))
                current = []
            else:
                current.append(word)
        if current:
            clauses.append(" ".join(current))
    return f" {SEP} " + f" {SEP} ".join(clauses) + f" {SEP} " if clauses else f" {SEP} "
