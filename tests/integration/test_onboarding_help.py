"""/help by role, and the command menus: both list real commands, and only those."""

from __future__ import annotations

import re

import pytest
from telegram.ext import CommandHandler

from bot.bootstrap import build_application
from bot.clock import FakeClock
from bot.config import Settings
from bot.services import greeting
from bot.services.context import ServiceContext
from bot.storage.uow import Storage
from tests.support.context import make_ctx
from tests.support.onboarding import Driver


def registered_commands() -> set[str]:
    app = build_application(Settings(), "123456:TESTTOKEN")
    return {
        command
        for handlers in app.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }


def listed(text: str) -> set[str]:
    return set(re.findall(r"^/(\w+) — ", text, flags=re.M))


async def help_for(storage: Storage, ctx: ServiceContext, telegram_id: int, **roles: object):
    d = Driver(storage, ctx, telegram_id)

    async def run(uow, person) -> None:
        for key, value in roles.items():
            setattr(person, key, value)
        await uow.people.save(person)
        await greeting.help_text(uow, ctx, person)

    await d.act(run)
    return (await d.new())[-1].text


async def test_help_grows_with_each_role(storage: Storage, services: ServiceContext) -> None:
    newcomer = await help_for(storage, services, 4001)
    seeker = await help_for(storage, services, 4002, seeker_state="waiting", is_seeker=True)
    peer = await help_for(storage, services, 4003, peer_state="approved", is_peer=True)
    coordinator = await help_for(storage, services, 4004, is_coordinator=True)
    assert {"start", "help", "sos", "language", "cancel", "apply"} <= listed(newcomer)
    assert not listed(newcomer) & {"end", "away", "pending"}
    assert {"pause", "end", "newpeer", "report", "block"} <= listed(seeker) - listed(newcomer)
    assert "apply" not in listed(peer)
    assert {"away", "back", "capacity", "with", "escalate"} <= listed(peer)
    assert "pause" not in listed(peer)
    assert {"pending", "approve", "reject", "invite", "claim", "stats"} <= listed(coordinator)
    assert "As a coordinator:" in coordinator and "As a coordinator:" not in peer


async def test_help_speaks_the_persons_language(storage: Storage, clock: FakeClock) -> None:
    text = await help_for(storage, make_ctx(clock), 4005, language="fr")
    assert text.startswith("Ce que vous pouvez faire ici :")
    assert "/sos — Aide urgente, à tout moment" in text


def test_help_and_menus_list_exactly_the_commands_the_bot_answers(
    services: ServiceContext,
) -> None:
    registered = registered_commands()
    menu = {c["command"] for c in greeting.command_menu(services, "en", coordinator=True)}
    # A command nobody has built yet (no description) is promised to no one; every command
    # the bot answers is listed for someone.
    assert menu == registered


@pytest.mark.parametrize("language", ["fr", "en"])
def test_menus_are_described_in_each_language_and_coordinators_get_more(
    services: ServiceContext, language: str
) -> None:
    everyone = greeting.command_menu(services, language, coordinator=False)
    coordinators = greeting.command_menu(services, language, coordinator=True)
    names = [c["command"] for c in everyone]
    assert names[:3] == ["start", "help", "sos"]
    assert not {"pending", "approve", "invite", "claim"} & set(names)
    assert {"pending", "approve", "reject", "invite"} <= {c["command"] for c in coordinators}
    for command in coordinators:
        assert 1 <= len(command["description"]) <= 256
        assert re.fullmatch(r"[a-z0-9_]{1,32}", command["command"])
