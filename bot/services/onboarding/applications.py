"""Peer applications: announced to coordinators, listed by /pending, approved or rejected.

The applicant is told either way; every decision is in the audit log.
"""

from __future__ import annotations

from bot.domain.events import PeerHasRoom
from bot.domain.people import PeerState, Person
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.uow import UnitOfWork

APPLICANT = PeerState.APPLICANT
APPROVED = PeerState.APPROVED
REJECTED = PeerState.REJECTED


def experience_label(ctx: ServiceContext, language: str | None, tag: str) -> str:
    """The catalogue's label for a configured experience tag, else the tag made readable."""
    try:
        return ctx.t(language, f"experience.{tag}")
    except KeyError:
        return tag.replace("_", " ").capitalize()


def language_label(ctx: ServiceContext, language: str | None, code: str) -> str:
    try:
        return ctx.t(language, f"language.{code}")
    except KeyError:
        return code


async def announce(uow: UnitOfWork, ctx: ServiceContext, applicant: Person) -> None:
    """A new application: every coordinator hears of it, by code and pseudonym only."""
    for coordinator in await uow.people.coordinators():
        if coordinator.id == applicant.id or coordinator.suspended:
            continue
        await say(
            uow,
            coordinator,
            ctx.t(
                coordinator.language,
                "applications.new",
                code=applicant.code,
                name=applicant.display_name,
            ),
        )


async def pending(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person) -> None:
    """/pending: every application waiting for a decision, oldest first."""
    lang = coordinator.language
    entries = []
    for person_id in await uow.people.applicant_ids():
        applicant = await uow.people.get(person_id)
        if applicant is not None:
            entries.append(_describe(ctx, lang, applicant))
    if entries:
        text = ctx.t(lang, "applications.pending", count=len(entries)) + "\n\n"
        text += "\n\n".join(entries)
    else:
        text = ctx.t(lang, "applications.none")
    await say(uow, coordinator, text)
    await audit.record(uow, coordinator, "pending", detail=str(len(entries)))


def _describe(ctx: ServiceContext, lang: str | None, applicant: Person) -> str:
    profile = applicant.peer_profile
    none = ctx.t(lang, "applications.nothing")

    def labels(tags: list[str]) -> str:
        return ", ".join(experience_label(ctx, lang, t) for t in tags) or none

    return ctx.t(
        lang,
        "applications.entry",
        code=applicant.code,
        name=applicant.display_name,
        experiences=labels(profile.experiences if profile else []),
        cannot_take=labels(profile.cannot_take if profile else []),
        languages=", ".join(
            language_label(ctx, lang, c) for c in (profile.languages if profile else [])
        )
        or none,
        capacity=applicant.peer_capacity,
    )


async def _applicant(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, code: str | None, action: str
) -> Person | None:
    lang = coordinator.language
    if not code:
        await say(uow, coordinator, ctx.t(lang, f"applications.usage_{action}"))
        await audit.record(uow, coordinator, action, outcome="usage")
        return None
    applicant = await uow.people.by_code(code.strip())
    if applicant is None or applicant.peer_state is not APPLICANT:
        shown = code.strip().upper()[:16]
        await say(uow, coordinator, ctx.t(lang, "applications.not_found", code=shown))
        # Only something shaped like a code goes in the log's targets, never free text.
        targets = [shown] if shown.isalnum() and len(shown) <= 16 else None
        await audit.record(uow, coordinator, action, targets=targets, outcome="none")
        return None
    return applicant


async def admit(uow: UnitOfWork, ctx: ServiceContext, peer: Person) -> None:
    """The peer may now be matched; they are told, and waiting seekers may be offered to them."""
    peer.approve_peer()
    await uow.people.save(peer)
    await say(uow, peer, ctx.t(peer.language, "applications.welcome_peer", name=peer.display_name))
    await ctx.publish(uow, PeerHasRoom(peer))


async def approve(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, code: str | None
) -> None:
    """/approve CODE."""
    applicant = await _applicant(uow, ctx, coordinator, code, "approve")
    if applicant is None:
        return
    await admit(uow, ctx, applicant)
    await say(
        uow,
        coordinator,
        ctx.t(coordinator.language, "applications.approved", code=applicant.code),
    )
    await audit.record(uow, coordinator, "approve", targets=[applicant.code])


async def reject(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, code: str | None
) -> None:
    """/reject CODE."""
    applicant = await _applicant(uow, ctx, coordinator, code, "reject")
    if applicant is None:
        return
    applicant.reject_peer()
    await uow.people.save(applicant)
    await say(uow, applicant, ctx.t(applicant.language, "applications.rejected_applicant"))
    await say(
        uow,
        coordinator,
        ctx.t(coordinator.language, "applications.rejected", code=applicant.code),
    )
    await audit.record(uow, coordinator, "reject", targets=[applicant.code])
