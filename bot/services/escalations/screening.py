"""Every voice screened: what the risk assessment of someone's words sets off.

The verdict is the domain's (``bot.domain.risk.assess``: none, concern or urgent), raised to at
least *concern* by ``escalation.risk_patterns`` (extra regular expressions per language; every
language's patterns apply to every text, since people in distress often switch language).
Screened: seekers' and peers' relayed texts and captions, comments after ``/end``, and the
reasons given with ``/report`` and ``/escalate`` (about someone else: they set the level of that
escalation instead of alerting about the writer).

For the writer's own words: **urgent** → crisis lines as their very next message (ahead of
anything queued) and an urgent escalation; **concern** → a gentle message with crisis lines (at
most once per ``escalation.auto_cooldown_hours``) and an escalation. A signal from someone with
an unresolved escalation joins it (see ``escalations``). This is a safety net, never a
diagnosis: a missed message is still read by a human.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from functools import lru_cache

from bot.domain.escalations import gentle_message_due
from bot.domain.pairs import Pair
from bot.domain.people import Person
from bot.domain.risk import (
    NO_RISK,
    Category,
    RiskAssessment,
    RiskLevel,
    assess,
    assess_about_other,
)
from bot.services.escalations.alerts import Opened, open_escalation, urgent_lines
from bot.services.shared import directory
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.uow import UnitOfWork

AUTOMATIC = "automatic"
# Enough of the message for a coordinator to understand; never the whole conversation.
REASON_CHARS = 300

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
    # Configured patterns lose their accents as the texts do; regex syntax is plain ASCII.
    patterns = [strip_accents(p) for _lang, group in configured for p in group]
    return [re.compile(p, re.IGNORECASE) for p in patterns]


def patterns_for(ctx: ServiceContext) -> list[re.Pattern[str]]:
    configured = ctx.settings.escalation.risk_patterns
    return _compiled(tuple(sorted((k, tuple(v)) for k, v in configured.items())))


def verdict(
    ctx: ServiceContext,
    text: str,
    language: str | None,
    *,
    writer: bool = False,
    about_other: bool = False,
) -> RiskAssessment:
    """The domain's assessment, at least *concern* when a configured pattern matches. With
    ``writer``, for someone's own words: signs only about someone else ("my friend says she
    wants to die", category ``third_person``) are not the writer's crisis (docs/risk.md).
    With ``about_other``, the signs of the person the text is about."""
    if not text:
        return NO_RISK
    rate = assess_about_other if about_other else assess
    found = rate(text, language or ctx.settings.network.default_language)
    if writer and found.worrying and found.categories <= {Category.THIRD_PERSON}:
        found = NO_RISK
    if found.level < RiskLevel.CONCERN:
        plain = normalise(text)
        if any(p.search(plain) for p in patterns_for(ctx)):
            return RiskAssessment(RiskLevel.CONCERN, found.categories)
    return found


def looks_at_risk(ctx: ServiceContext, text: str, language: str | None = None) -> bool:
    return verdict(ctx, text, language).worrying


def level_of_reason(ctx: ServiceContext, text: str, language: str | None) -> RiskLevel:
    """A /report or /escalate reason is about someone else: its level becomes the level of
    that escalation, and nobody is alerted about the writer. The signs are rated as the
    signs of the person the reason is about (``assess_about_other``): "he says he swallowed
    all his pills" is urgent, as the same words in the first person would be."""
    return verdict(ctx, text, language, about_other=True).level


async def screen_text(
    uow: UnitOfWork, ctx: ServiceContext, writer: Person, text: str, pair: Pair | None
) -> Opened | None:
    """The writer's own words (a relayed text or caption, a comment); what it set off."""
    found = verdict(ctx, text, writer.language, writer=True)
    return await react(uow, ctx, writer, found, text[:REASON_CHARS], pair)


async def screen_relayed(
    uow: UnitOfWork, ctx: ServiceContext, writer: Person, pair: Pair | None, text: str
) -> bool:
    """Called by the relay for every text and caption, a seeker's or a peer's, before it is
    passed on. True when the partner should be told coordinators were alerted: only about a
    seeker (a peer's distress is not their seeker's burden), and only when the alert is news
    (a new escalation, or a higher level)."""
    if not text:
        return False
    done = await screen_text(uow, ctx, writer, text, pair)
    if done is None or pair is None or pair.seeker_id != writer.id:
        return False
    return done.opened or done.raised


async def screen_seeker_text(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, pair: Pair | None, text: str
) -> bool:
    """The earlier name of ``screen_relayed``."""
    return await screen_relayed(uow, ctx, seeker, pair, text)


async def react(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    found: RiskAssessment,
    reason: str | None,
    pair: Pair | None,
) -> Opened | None:
    """What a verdict about ``person``'s own words sets off; None when nothing (level none)."""
    if found.level is RiskLevel.NONE:
        return None
    lang = person.language
    if found.level >= RiskLevel.URGENT:
        lines = await directory.crisis_lines(uow, ctx, lang)
        await urgent_lines(uow, ctx, person, ctx.t(lang, "risk.urgent", crisis=lines))
        await _cooldown(uow, ctx, person, force=True)
    elif await _cooldown(uow, ctx, person, force=False):
        lines = await directory.crisis_lines(uow, ctx, lang)
        await say(uow, person, ctx.t(lang, "risk.gentle", crisis=lines))
    return await open_escalation(
        uow,
        ctx,
        kind=AUTOMATIC,
        subject=person,
        opened_by=None,
        reason=reason,
        level=found.level,
        pair_id=pair.id if pair else None,
    )


async def _cooldown(uow: UnitOfWork, ctx: ServiceContext, person: Person, force: bool) -> bool:
    """True when the gentle message may go (at most once per cooldown: a single hard
    conversation must not fill with the same text); the time is noted when it does."""
    now = ctx.clock.now()
    cooldown = timedelta(hours=ctx.settings.escalation.auto_cooldown_hours)
    last = await uow.escalations.gentle_sent_at(person.id)
    if not force and not gentle_message_due(last, now, cooldown):
        return False
    await uow.escalations.note_gentle_sent(person.id, now)
    return True
