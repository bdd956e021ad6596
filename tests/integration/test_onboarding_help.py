"""/help by role, and the command menus: both list real commands, and only those."""

from __future__ import annotations

import re

from bot.clock import FakeClock
from bot.services.onboarding import greeting
from bot.services.shared.context import ServiceContext
from bot.storage.uow import Storage
from tests.support.context import make_ctx
from tests.support.onboarding import Driver


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
