"""What any feature says to a person in general terms: the crisis lines, the command lists and
menus, and the answers to a message with nowhere to go, an unknown command, an expired button.

The command lists here are the one source for /help and for the command menus Telegram shows
(``command_menu``), so the two never disagree.
"""

from __future__ import annotations

from typing import Any

from bot.domain.people import PeerState, Person
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.repositories import OutgoingMessage
from bot.storage.uow import UnitOfWork

EVERYONE = ("start", "help", "sos", "language", "cancel")
NEWCOMER = ("apply",)
SEEKER = ("pause", "resume", "end", "newpeer", "report", "block", "schedule")
PEER = ("with", "away", "back", "capacity", "escalate", "training", "debrief")
PRIVACY = ("mydata", "forgetme")
# Group circles: members' commands, then the facilitator's (who answer others kindly).
CIRCLES = ("circles", "leave", "here", "who", "mute", "unmute", "remove", "breathe", "close")
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
    "newcircle",
    "circleinvite",
)
# Not a peer and not applying: offered to become one ("onboarding" without a flow in progress:
# they left it).
PEER_NEWCOMER = frozenset({PeerState.NONE, PeerState.ONBOARDING})
# Everyone's menu: a command that does not apply to someone answers them kindly.
MENU = (*EVERYONE, *NEWCOMER, *SEEKER, *PEER, *PRIVACY, *CIRCLES)


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
    button = dashboard_button(ctx, person.language)
    if button is not None:
        chat = {"chat_id": person.telegram_id}
        await uow.outbox.add(
            OutgoingMessage(person.id, "setChatMenuButton", {**chat, "menu_button": button})
        )


def dashboard_button(ctx: ServiceContext, language: str | None) -> dict[str, Any] | None:
    """The menu button that opens the dashboard (a Mini App), for coordinators' chats only;
    None when the dashboard is off."""
    dash = ctx.settings.dashboard
    if not dash.enabled:
        return None
    return {
        "type": "web_app",
        "text": ctx.t(language, "dash.menu"),
        "web_app": {"url": dash.public_url + dash.path},
    }


async def withdraw_dashboard_button(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """A coordinator suspended: their chat's menu button goes back to the default one."""
    if ctx.settings.dashboard.enabled:
        params = {"chat_id": person.telegram_id, "menu_button": {"type": "default"}}
        await uow.outbox.add(OutgoingMessage(person.id, "setChatMenuButton", params))


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
