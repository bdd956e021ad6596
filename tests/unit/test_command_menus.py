"""The command menus list real commands, and only those (/help by role is in
tests/integration/test_onboarding_help.py)."""

from __future__ import annotations

import re

import pytest
from telegram.ext import CommandHandler

from bot.bootstrap import build_application
from bot.config import Settings
from bot.services.shared import replies
from bot.services.shared.context import ServiceContext


def registered_commands() -> set[str]:
    app = build_application(Settings(), "123456:TESTTOKEN")
    return {
        command
        for handlers in app.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }


def test_help_and_menus_list_exactly_the_commands_the_bot_answers(
    services: ServiceContext,
) -> None:
    registered = registered_commands()
    menu = {c["command"] for c in replies.command_menu(services, "en", coordinator=True)}
    # A command nobody has built yet (no description) is promised to no one; every command
    # the bot answers is listed for someone.
    assert menu == registered


@pytest.mark.parametrize("language", ["fr", "en"])
def test_menus_are_described_in_each_language_and_coordinators_get_more(
    services: ServiceContext, language: str
) -> None:
    everyone = replies.command_menu(services, language, coordinator=False)
    coordinators = replies.command_menu(services, language, coordinator=True)
    names = [c["command"] for c in everyone]
    assert names[:3] == ["start", "help", "sos"]
    assert not {"pending", "approve", "invite", "claim"} & set(names)
    assert {"pending", "approve", "reject", "invite"} <= {c["command"] for c in coordinators}
    for command in coordinators:
        assert 1 <= len(command["description"]) <= 256
        assert re.fullmatch(r"[a-z0-9_]{1,32}", command["command"])
