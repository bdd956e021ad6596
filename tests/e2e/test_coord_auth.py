"""Coordinator commands do not exist for anyone else: the authorization matrix, end to end."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.services.shared.replies import COORDINATOR
from bot.storage.orm import OutboxRow
from tests.support.context import make_ctx
from tests.support.e2e_coord import UNKNOWN_COMMAND, audit_actors, open_bot, seat, send
from tests.support.identity import assert_no_identity_leaks

pytestmark = pytest.mark.e2e
HELP = make_ctx(FakeClock()).t("en", "help.everyone")


def arguments(seeker_code: str, peer_code: str) -> dict[str, str]:
    """Plausible arguments for every coordinator command (an effect needs them)."""
    return {
        "approve": peer_code,
        "reject": peer_code,
        "invite": "peer",
        "match": f"{seeker_code} {peer_code}",
        "reassign": "PAAAAA",
        "endpair": "PAAAAA",
        "why": "PAAAAA",
        "claim": "EAAAAA",
        "resolve": "EAAAAA done",
        "msg": f"{seeker_code} hello",
        "suspend": f"{peer_code} test",
        "unsuspend": peer_code,
        "broadcast": "peers hello",
    }


async def test_only_coordinators_can_use_coordinator_commands(sandbox, make_bot, storage):
    coordinator = seat(sandbox, 1, "Coord", role="coordinator")
    seeker = seat(sandbox, 2, "Seeker", role="seeker")
    peer = seat(sandbox, 3, "Peer", role="peer")
    # Away, so the waiting seeker is not offered to them meanwhile: only commands speak here.
    peer.person.peer_away = True
    stranger = sandbox.user(880_000_000_004, first_name="RealStranger", language_code="en")
    await open_bot(make_bot, storage, coordinator, seeker, peer)
    args = arguments(seeker.code, peer.code)
    commands = [f"/{name} {args[name]}" if name in args else f"/{name}" for name in COORDINATOR]

    outsiders = [seeker.user, peer.user, stranger]
    for user in outsiders:
        for command in commands:
            send(user, command)
    for user in outsiders:
        answers = await user.wait_for(UNKNOWN_COMMAND, count=len(commands))
        assert len(answers) == len(commands)
    # Updates are processed in order: every outsider's command has been handled by now.
    async with storage.uow() as uow:
        for user in outsiders:
            who = await uow.people.by_telegram_id(user.id)
            rows = (
                await uow.session.execute(
                    select(func.count()).select_from(OutboxRow).where(OutboxRow.person_id == who.id)
                )
            ).scalar_one()
            assert rows == len(commands), f"{user!r} got something besides the unknown answer"
    for user in outsiders:
        assert [m.content for m in user.received] == [UNKNOWN_COMMAND] * len(commands)
    assert await audit_actors(storage) == [], "nothing is recorded for non-coordinators"

    for command in commands:
        send(coordinator.user, command)
    # /help last: answers come in order, so everything before it answers the commands above.
    coordinator.user.send_command("/help")
    help_answer = await coordinator.user.wait_for(lambda m: m.content.startswith(HELP))
    answers = [m for m in coordinator.user.received if m.message_id < help_answer.message_id]
    assert len(answers) >= len(commands)
    assert UNKNOWN_COMMAND not in [m.content for m in answers]
    actors = await audit_actors(storage)
    assert actors and set(actors) == {coordinator.person.id}
    assert_no_identity_leaks(sandbox)
