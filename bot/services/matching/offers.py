"""Offers as people see them: the question a peer answers, what they see once it is settled,
and the introductions once a pair is made. Only pseudonyms and topics, never an identity."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.domain.matching import shared_languages
from bot.domain.offers import Offer
from bot.domain.pairs import Pair
from bot.domain.people import Person
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.repositories import OutgoingMessage, new_id
from bot.storage.uow import UnitOfWork

ACCEPT = "offer.accept"
DECLINE = "offer.decline"


def label(ctx: ServiceContext, language: str | None, key: str, fallback: str) -> str:
    """A catalogue text that may not exist (labels of configured topics): the fallback then."""
    try:
        return ctx.t(language, key)
    except KeyError:
        return fallback


def topic_label(ctx: ServiceContext, language: str | None, tag: str) -> str:
    return label(ctx, language, f"experience.{tag}", tag.replace("_", " ").capitalize())


def language_label(ctx: ServiceContext, language: str | None, code: str) -> str:
    return label(ctx, language, f"matching.language.{code}", code.upper())


async def make_offer(
    uow: UnitOfWork, ctx: ServiceContext, seeker: Person, peer: Person, parts: dict[str, Any]
) -> Offer:
    """Records the offer and asks the peer; the caller holds the peer's row lock."""
    offer = Offer.new(
        new_id(),
        seeker.id,
        peer.id,
        ctx.clock.now(),
        timedelta(minutes=ctx.settings.matching.offer_timeout_minutes),
        parts,
    )
    await uow.offers.add(offer)
    lang = peer.language
    experiences = seeker.seeker_profile.experiences if seeker.seeker_profile else []
    topics = ", ".join(topic_label(ctx, lang, tag) for tag in experiences)
    languages = ", ".join(language_label(ctx, lang, c) for c in shared_languages(seeker, peer))
    text = ctx.t(
        lang,
        "matching.offer",
        seeker=seeker.display_name,
        topics=topics or ctx.t(lang, "matching.no_topics"),
        languages=languages,
        minutes=ctx.settings.matching.offer_timeout_minutes,
    )
    keyboard = [
        [
            ctx.buttons.button(peer.id, ctx.t(lang, "matching.accept_button"), ACCEPT, offer.id),
            ctx.buttons.button(peer.id, ctx.t(lang, "matching.decline_button"), DECLINE, offer.id),
        ]
    ]
    await say(uow, peer, text, keyboard=keyboard)
    return offer


async def settle_message(uow: UnitOfWork, peer: Person, message_id: int | None, text: str) -> None:
    """Replaces the offer the peer pressed on (its buttons go with it), or says it anew when
    the press came without its message."""
    if message_id is None:
        await say(uow, peer, text)
        return
    await uow.outbox.add(
        OutgoingMessage(
            person_id=peer.id,
            method="editMessageText",
            params={"message_id": message_id, "text": text},
        )
    )


async def introduce(
    uow: UnitOfWork, ctx: ServiceContext, pair: Pair, seeker: Person, peer: Person
) -> None:
    """Both sides learn the other's pseudonym, and that they can simply write from now on."""
    await say(
        uow,
        seeker,
        ctx.t(seeker.language, "matching.paired_seeker", peer=peer.display_name),
    )
    text = ctx.t(peer.language, "matching.paired_peer", seeker=seeker.display_name)
    if pair.handover_note:
        text += "\n\n" + ctx.t(peer.language, "matching.handover_note", note=pair.handover_note)
    await say(uow, peer, text)
