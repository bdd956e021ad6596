"""First contact, help by role, crisis resources, and what to say to a message with nowhere to go.

The command lists here are the one source for /help and for the command menus Telegram shows
(``command_menu``), so the two never disagree.
"""

from __future__ import annotations

from typing import Any

from bot.domain.people import IDLE, PeerState, Person
from bot.services.escalations import alerts as escalations
from bot.services.onboarding import invites
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import Keyboard, say
from bot.storage.repositories import OutgoingMessage
from bot.storage.uow import UnitOfWork

# The welcome's buttons: [role] with "s" (find support) or "p" (apply as a peer).
BEGIN_ACTION = "ob.begin"

EVERYONE = ("start", "help", "sos", "language", "cancel")
NEWCOMER = ("apply",)
SEEKER = ("pause", "resume", "end", "newpeer", "report", "block", "schedule")
PEER = ("with", "away", "back", "capacity", "escalate")
PRIVACY = ("mydata", "forgetme")
COORDINATOR = (
    "pending",
    "approve",
    "reject",
    "invite",
    "queue",
    "pairs",
    "peers",
    "match",
    "reassign",
    "endpair",
    "why",
    "escalations",
    "claim",
    "resolve",
    "oncall",
    "msg",
    "suspend",
    "unsuspend",
    "resources",
    "broadcast",
    "stats",
    "audit",
)
# Not a peer and not applying: offered to become one ("onboarding" without a flow in progress:
# they left it).
PEER_NEWCOMER = frozenset({PeerState.NONE, PeerState.ONBOARDING})
# Everyone's menu: a command that does not apply to someone answers them kindly.
MENU = (*EVERYONE, *NEWCOMER, *SEEKER, *PEER, *PRIVACY)


def crisis_lines(ctx: ServiceContext, language: str | None) -> str:
    lang = language or ctx.settings.network.default_language
    return "\n".join(
        ctx.t(lang, "resource.line", name=r.name, contact=r.contact)
        for r in ctx.settings.crisis_resources(lang)
    )


def describe(ctx: ServiceContext, language: str | None, command: str) -> str | None:
    """A command's description; None while no catalogue describes it (not a real command yet:
    it is then left out of /help and of the menus rather than shown without a word)."""
    try:
        return ctx.t(language, f"commands.{command}")
    except KeyError:
        return None


def command_menu(ctx: ServiceContext, language: str | None, *, coordinator: bool) -> list[Any]:
    """Bot API ``BotCommand`` objects (as JSON) for a menu in ``language``."""
    names = (*MENU, *COORDINATOR) if coordinator else MENU
    described = ((n, describe(ctx, language, n)) for n in names)
    return [{"command": n, "description": d} for n, d in described if d]


async def publish_own_menu(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """A coordinator's chat gets the coordinator commands too, in their language."""
    params = {
        "commands": command_menu(ctx, person.language, coordinator=True),
        "scope": {"type": "chat", "chat_id": person.telegram_id},
    }
    await uow.outbox.add(OutgoingMessage(person.id, "setMyCommands", params))


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
        text += "\n\n" + ctx.t(lang, "start.crisis_reminder", crisis=crisis_lines(ctx, lang))
    else:
        text = ctx.t(
            lang,
            "start.welcome",
            network=ctx.settings.network.name,
            crisis=crisis_lines(ctx, lang),
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
    if person.is_coordinator and not person.suspended:
        sections.append(_section(ctx, lang, "help.coordinator", COORDINATOR))
    await say(uow, person, "\n\n".join(sections))


async def nowhere_to_go(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, message_id: int
) -> None:
    """A message outside any conversation is answered, never silently dropped."""
    await say(uow, person, ctx.t(person.language, "relay.no_conversation"), reply_to=message_id)


async def unknown_command(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """The one answer to any command this person may not use, coordinator commands included."""
    await say(uow, person, ctx.t(person.language, "errors.unknown_command"))


async def button_expired(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    await say(uow, person, ctx.t(person.language, "errors.button_expired"))


async def apologise(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    await say(uow, person, ctx.t(person.language, "errors.internal"))


async def sos(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """Crisis lines are the very next message; then an urgent escalation for coordinators."""
    await escalations.sos(uow, ctx, person, crisis_lines(ctx, person.language))
