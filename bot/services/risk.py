"""Screening seekers' messages for words of suicide, self-harm or immediate danger.

Texts and patterns are compared after normalisation (accents removed, case folded, curly
apostrophes straightened, punctuation turned into spaces), so "J’ai ENVIE de MOURIR…" and
"jai envie de mourir" read alike. Built-in French and English patterns cover common phrasings
and misspellings; ``escalation.risk_patterns`` adds more per language. Every language's patterns
apply to every seeker: people in distress often switch language. A match sends the seeker a
gentle message with crisis lines (at most once per ``escalation.auto_cooldown_hours``) and opens
an automatic escalation, unless one for this seeker is still unresolved.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from functools import lru_cache

from bot.domain.pairs import Pair
from bot.domain.people import Person
from bot.services import resources
from bot.services.context import ServiceContext
from bot.services.coord_store import CoordStore
from bot.services.escalations import open_escalation
from bot.services.outbox import say
from bot.storage.orm import RiskCooldownRow
from bot.storage.uow import UnitOfWork

AUTOMATIC = "automatic"
# Enough of the message for a coordinator to understand; never the whole conversation.
REASON_CHARS = 300

# Written against normalised text: lower case, no accents, "'" as the only apostrophe, and
# single spaces. "'?" and " ?" absorb the apostrophes and spaces people drop when typing fast.
_ME = r"(?:my ?s[e]?l[e]?f|mysefl|myslef|meself|my sel)"
# Hyperbole is left alone on purpose ("dead tired", "kill time", "this job is killing me",
# "mourir de rire", "ce boulot va me tuer"): a flood of false alarms would teach everyone to
# ignore the real ones.
_NOT_FIGURATIVE = (
    r"(?! (?:de rire|de faim|de soif|d'?ennui|de honte|de chaud|de froid|d'?envie|"
    r"avec (?!la vie|tout|moi|l'?existence)))"
)
_FR_WANT = (
    r"\b(?:j'?)?(?:veux|veu|veut|voudrais|aimerais|prefere|prefererais|pense a|penser a|"
    r"envie de|envie d'?|envi de|envi d'?|besoin de|besoin d'?)"
)
DEFAULT_PATTERNS: dict[str, tuple[str, ...]] = {
    "en": (
        r"\bsu[i]?[cs]i?d\w*",
        rf"\b(?:kill|kil|killing|end|ending|hang|hanging) ?{_ME}\b",
        rf"\b(?:hurting|harming|cutting) {_ME}\b",
        rf"\b(?:want to|wanna|urge to|urges to|going to|gonna|need to) (?:hurt|harm|cut) {_ME}\b",
        r"\bkms\b",
        r"\bunalive\w*",
        r"\bself ?(?:harm\w*|injur\w*|mutilat\w*)",
        r"\b(?:want|wanna|wants|wanting|ready|plan|planning|deserve) (?:to )?"
        r"(?:die|be dead|not exist|disappear forever)\b",
        r"\bwish (?:i|id|i'd) (?:was|were|had) (?:dead|never been born)\b",
        r"\bbetter off (?:dead|without me)\b",
        r"\b(?:end|ending|take|taking) my (?:own )?life\b",
        r"\bend it all\b",
        r"\b(?:don'?t|dont|do not|no longer) (?:want|wanna) (?:to )?(?:live|be alive|exist|"
        r"wake up)\b",
        r"\bno (?:reason|point) (?:to|in) (?:live|living|go on|going on|being alive)\b",
        r"\b(?:can'?t|cant|cannot) go on (?:any ?more|living)\b",
        r"\b(?:jump|jumping) (?:off|from|in front of) (?:a |the )?"
        r"(?:bridge|roof|building|balcony|train|cliff)\b",
        r"\bslit (?:my )?wrists?\b",
        r"\boverdos\w*",
        r"\b(?:take|swallow|taking) (?:all|the whole) (?:my |of my |the )?(?:pills|meds|bottle|"
        r"box)\b",
        r"\b(?:i'?m|i am|im) (?:in danger|not safe)\b",
        r"\b(?:don'?t|dont|do not) feel safe\b",
        r"\b(?:he|she|they|someone|somebody) (?:is |are |'s |s )?(?:going to|gonna|will|wants "
        r"to) (?:kill|hurt|beat) me\b",
    ),
    "fr": (
        r"\bsu[i]?[cs]i?d\w*",
        _FR_WANT + r" ?(?:mour?rir|crever|disparaitre|en finir)\b" + _NOT_FIGURATIVE,
        r"\bvais en finir\b" + _NOT_FIGURATIVE,
        _FR_WANT + r" ?(?:me (?:tuer|pendre|flinguer|jeter (?:sous|du|d'?un|par la)))\b",
        r"\bje (?:vais|veux) me (?:tuer|pendre|flinguer)\b",
        r"\bme foutre en l'?air\b",
        r"\b(?:m'?ouvrir|me couper|me taillader) les (?:veines|poignets)\b",
        r"\bmettre fin a (?:mes jours|ma vie)\b",
        r"\b(?:plus|pas) (?:envie|la force|le courage) de (?:vivre|continuer a vivre)\b",
        r"\b(?:ne )?veu[xt]? plus (?:vivre|exister|me reveiller)\b",
        r"\bmarre de (?:la vie|vivre|exister)\b",
        r"\bmieux (?:sans moi|mort|morte)\b",
        r"\b(?:scarifi\w*|automutil\w*|auto mutil\w*|me mutiler)",
        r"\bme faire du mal\b",
        r"\b(?:sauter|me jeter) (?:du|d'?un|de la|par la|sous le|sous un) "
        r"(?:pont|toit|fenetre|train|metro|balcon|immeuble|falaise)\b",
        r"\b(?:overdos\w*|surdos\w*)",
        r"\b(?:avaler|prendre) (?:tous|toutes|toute) (?:mes|les|la boite|ma boite)\b",
        r"\b(?:je suis|suis|j'?suis) en danger\b",
        r"\b(?:je ne suis|je suis|suis) pas en securite\b",
        r"\b(?:il|elle|ils|on|quelqu'?un) (?:va|veut|vont) me (?:tuer|frapper|faire du mal)\b",
    ),
}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_NOT_WORD = re.compile(r"[^\w']+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower case, no accents, straight apostrophes, words separated by single spaces."""
    plain = strip_accents(text.translate(_APOSTROPHES)).casefold()
    return " ".join(_NOT_WORD.sub(" ", plain).split())


@lru_cache(maxsize=8)
def _compiled(configured: tuple[tuple[str, tuple[str, ...]], ...]) -> list[re.Pattern[str]]:
    patterns = [p for group in DEFAULT_PATTERNS.values() for p in group]
    # Configured patterns lose their accents as the texts do; regex syntax is plain ASCII.
    patterns += [strip_accents(p) for _lang, group in configured for p in group]
    return [re.compile(p, re.IGNORECASE) for p in patterns]


def patterns_for(ctx: ServiceContext) -> list[re.Pattern[str]]:
    configured = ctx.settings.escalation.risk_patterns
    return _compiled(tuple(sorted((k, tuple(v)) for k, v in configured.items())))


def looks_at_risk(ctx: ServiceContext, text: str) -> bool:
    plain = normalise(text)
    return any(p.search(plain) for p in patterns_for(ctx))


async def screen_seeker_text(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, pair: Pair | None, text: str
) -> bool:
    """Called by the relay for every seeker text before it is passed on; True if it raised an
    automatic escalation (the relay then tells the peer that coordinators were alerted)."""
    if not text or not looks_at_risk(ctx, text):
        return False
    await _gentle_message(uow, ctx, seeker)
    if await uow.repo(CoordStore).unresolved_for(seeker.id, AUTOMATIC):
        # Coordinators already have this seeker in hand; another alert would only be noise.
        return False
    await open_escalation(
        uow,
        ctx,
        kind=AUTOMATIC,
        subject=seeker,
        opened_by=None,
        reason=text[:REASON_CHARS],
        pair_id=pair.id if pair else None,
    )
    return True


async def _gentle_message(uow: UnitOfWork, ctx: ServiceContext, seeker: Person) -> None:
    """At most once per cooldown: a single hard conversation must not fill with the same text."""
    now = ctx.clock.now()
    row = await uow.session.get(RiskCooldownRow, seeker.id)
    cooldown = timedelta(hours=ctx.settings.escalation.auto_cooldown_hours)
    if row is not None and now - row.last_at < cooldown:
        return
    if row is None:
        uow.session.add(RiskCooldownRow(person_id=seeker.id, last_at=now))
    else:
        row.last_at = now
    lines = await resources.crisis_lines(uow, ctx, seeker.language)
    await say(uow, seeker, ctx.t(seeker.language, "risk.gentle", crisis=lines))
