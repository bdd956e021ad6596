"""First contact, help by role, and /sos (the command lists and general answers are in
``bot.services.shared.replies``)."""

from __future__ import annotations

from bot.domain.people import IDLE, PeerState, Person
from bot.services.escalations import alerts
from bot.services.onboarding import invites
from bot.services.shared import directory
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import Keyboard, say
from bot.services.shared.replies import (
    CIRCLES,
    COORDINATOR,
    EVERYONE,
    NEWCOMER,
    PEER,
    PEER_NEWCOMER,
    PRIVACY,
    SEEKER,
    describe,
)
from bot.storage.uow import UnitOfWork

# The welcome's buttons: [role] with "s" (find support) or "p" (apply as a peer).
BEGIN_ACTION = "ob.begin"


def _seeker_status(person: Person) -> str | None:
    if person.seeker_state not in IDLE:
        return f"status.seeker.{person.seeker_state}"
    return None


def _peer_status(person: Person) -> str | None:
    if person.peer_state in (PeerState.APPLICANT, PeerState.APPROVED):
        return f"status.peer.{person.peer_state}"
    return None


async def start(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """The welcome (or welcome back, with where they stand) and what they can begin here."""
    lang = person.language
    statuses = [key for key in (_seeker_status(person), _peer_status(person)) if key]
    if person.is_coordinator:
        statuses.append("status.coordinator")
    if statuses and person.pseudonym:
        text = ctx.t(lang, "start.back", name=person.display_name)
        text += "\n\n" + "\n".join(ctx.t(lang, key) for key in statuses)
        crisis = await directory.crisis_lines(uow, ctx, lang)
        text += "\n\n" + ctx.t(lang, "start.crisis_reminder", crisis=crisis)
    else:
        text = ctx.t(
            lang,
            "start.welcome",
            network=ctx.settings.network.name,
            crisis=await directory.crisis_lines(uow, ctx, lang),
        )
        if person.is_coordinator:
            text += "\n\n" + ctx.t(lang, "status.coordinator")
    row: list[dict[str, str]] = []
    # "onboarding" without a flow in progress: they left it; they may begin again.
    if person.seeker_state in IDLE:
        if await may_enrol_as_seeker(uow, ctx, person):
            row.append(
                ctx.buttons.button(person.id, ctx.t(lang, "start.find_support"), BEGIN_ACTION, "s")
            )
        else:
            text += "\n\n" + ctx.t(lang, "start.closed")
    if person.peer_state in PEER_NEWCOMER:
        row.append(ctx.buttons.button(person.id, ctx.t(lang, "start.apply"), BEGIN_ACTION, "p"))
    keyboard: Keyboard | None = [[button] for button in row] if row else None
    await say(uow, person, text, keyboard=keyboard)


async def may_enrol_as_seeker(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> bool:
    """Open networks take anyone; closed ones only holders of a seeker invite."""
    if ctx.settings.network.open_enrollment or person.is_seeker:
        return True
    return await invites.used_by(uow, person.id, "seeker")


def _section(ctx: ServiceContext, lang: str | None, header: str, names: tuple[str, ...]) -> str:
    lines = [ctx.t(lang, header)]
    for name in names:
        description = describe(ctx, lang, name)
        if description:
            lines.append(ctx.t(lang, "help.line", command=name, description=description))
    return "\n".join(lines)


async def help_text(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """What this person can do, by role: everyone, seeker, peer, coordinator."""
    lang = person.language
    newcomer = NEWCOMER if person.peer_state in PEER_NEWCOMER else ()
    everyone = EVERYONE + newcomer + PRIVACY
    sections = [_section(ctx, lang, "help.everyone", everyone)]
    if person.seeker_state not in IDLE:
        sections.append(_section(ctx, lang, "help.seeker", SEEKER))
    if person.approved_peer:
        sections.append(_section(ctx, lang, "help.peer", PEER))
    if person.is_seeker or person.is_peer:
        sections.append(_section(ctx, lang, "help.circles", CIRCLES))
    if person.is_coordinator and not person.suspended:
        sections.append(_section(ctx, lang, "help.coordinator", COORDINATOR))
    await say(uow, person, "\n\n".join(sections))


async def sos(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """Crisis lines are the very next message; then an urgent escalation for coordinators."""
    await alerts.sos(uow, ctx, person, await directory.crisis_lines(uow, ctx, person.language))
