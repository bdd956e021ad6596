"""The coordinator command set: one entry point, one function per command.

Only coordinators reach this module (the transport's ``coordinator_only`` guard answers anyone
else with the ordinary unknown-command reply). Every command writes to the audit log; wrong or
missing arguments get one usage line.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.domain.people import Person
from bot.services.coordination import lists as coord_lists
from bot.services.coordination import notes as coord_notes
from bot.services.coordination import pairs as coord_pairs
from bot.services.coordination import people as coord_people
from bot.services.coordination import reassign as coord_reassign
from bot.services.coordination import stats
from bot.services.escalations import claims, oncall, resources
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import Command, reply, usage
from bot.storage.uow import UnitOfWork

CommandFn = Callable[[UnitOfWork, ServiceContext, Person, Command], Awaitable[None]]


def _listing(name: str) -> CommandFn:
    async def show(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command) -> None:
        if cmd.words:
            await usage(uow, ctx, coordinator, name)
            return
        await coord_lists.show(uow, ctx, coordinator, name)

    return show


async def claim(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command) -> None:
    """/claim ESC"""
    if len(cmd.words) != 1:
        await usage(uow, ctx, coordinator, "claim")
        return
    esc = await uow.escalations.by_code(cmd.words[0])
    if esc is None:
        await _unknown_escalation(uow, ctx, coordinator, cmd.words[0], "esc.claim")
        return
    await claims.claim(uow, ctx, coordinator, esc)


async def resolve(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command) -> None:
    """/resolve ESC NOTE"""
    head, note = cmd.split(1)
    if not head or not note:
        await usage(uow, ctx, coordinator, "resolve")
        return
    esc = await uow.escalations.by_code(head[0])
    if esc is None:
        await _unknown_escalation(uow, ctx, coordinator, head[0], "esc.resolve")
        return
    await coord_people.resolve(uow, ctx, coordinator, esc, note[: coord_notes.NOTE_MAX])


async def _unknown_escalation(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, code: str, action: str
) -> None:
    # What was typed is not a known code and could be anything (a name, a Telegram id):
    # sealed in the detail, never in the clear targets.
    await audit.record(uow, coordinator, action, outcome="unknown", detail=code[:64])
    await reply(uow, ctx, coordinator, "coord.unknown_escalation", code=code.upper())


COMMANDS: dict[str, CommandFn] = {
    "queue": _listing("queue"),
    "pairs": _listing("pairs"),
    "peers": _listing("peers"),
    "escalations": _listing("escalations"),
    "audit": _listing("audit"),
    "match": coord_pairs.match,
    "reassign": coord_reassign.start,
    "endpair": coord_pairs.endpair,
    "why": coord_pairs.why,
    "claim": claim,
    "resolve": resolve,
    "oncall": oncall.command,
    "msg": coord_people.msg,
    "suspend": coord_people.suspend,
    "unsuspend": coord_people.unsuspend,
    "resources": resources.command,
    "broadcast": coord_people.broadcast,
    "stats": stats.command,
}


async def run(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, text: str) -> None:
    """A coordinator command, as typed (``/match ABC DEF``)."""
    cmd = Command.parse(text)
    handler = COMMANDS.get(cmd.name)
    if handler is not None:
        await handler(uow, ctx, coordinator, cmd)
