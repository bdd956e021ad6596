"""/resources: coordinators show, add and remove entries of the referral directory (read by
everyone through ``bot.services.shared.directory``)."""

from __future__ import annotations

from typing import get_args

from bot.config import ResourceKind
from bot.domain.people import Person
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import Command, reply, usage
from bot.services.shared.directory import SHORT_ID, entries
from bot.storage.uow import UnitOfWork

KINDS: tuple[str, ...] = get_args(ResourceKind)
NAME_MAX, CONTACT_MAX = 120, 200


async def command(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command) -> None:
    """/resources, /resources add LANG KIND NAME | CONTACT, /resources remove ID."""
    words = cmd.words
    if not words:
        await show(uow, ctx, coordinator)
    elif words[0].lower() == "add":
        await add(uow, ctx, coordinator, cmd)
    elif words[0].lower() == "remove" and len(words) == 2:
        await remove(uow, ctx, coordinator, words[1])
    else:
        await usage(uow, ctx, coordinator, "resources")


async def show(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person) -> None:
    lang = coordinator.language
    lines = []
    for e in await entries(uow, ctx):
        key = "resources.entry" if e.short_id else "resources.entry_config"
        lines.append(
            ctx.t(
                lang,
                key,
                id=e.short_id or "",
                lang=e.language,
                kind=ctx.t(lang, f"resources.kind.{e.kind}"),
                name=e.name,
                contact=e.contact,
                note=f" — {e.note}" if e.note else "",
            )
        )
    await audit.record(uow, coordinator, "resources.list")
    await reply(uow, ctx, coordinator, "resources.list", entries="\n".join(lines))


async def add(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command) -> None:
    head, rest = cmd.split(3)
    name, bar, contact = rest.partition("|")
    name, contact = name.strip(), contact.strip()
    if len(head) < 3 or not bar or not name or not contact:
        await usage(uow, ctx, coordinator, "resources")
        return
    language, kind = head[1].lower(), head[2].lower()
    if language not in ctx.settings.network.languages:
        await reply(
            uow,
            ctx,
            coordinator,
            "resources.bad_language",
            lang=language,
            languages=", ".join(ctx.settings.network.languages),
        )
        return
    if kind not in KINDS:
        await reply(uow, ctx, coordinator, "resources.bad_kind", kinds=", ".join(KINDS))
        return
    if len(name) > NAME_MAX or len(contact) > CONTACT_MAX:
        await reply(uow, ctx, coordinator, "resources.too_long", name=NAME_MAX, contact=CONTACT_MAX)
        return
    resource_id = uow.coord.add_resource(
        language=language, kind=kind, name=name, contact=contact, now=ctx.clock.now()
    )
    short = resource_id[:SHORT_ID]
    await audit.record(uow, coordinator, "resources.add", targets=[short], detail=name)
    await reply(uow, ctx, coordinator, "resources.added", id=short, name=name)


async def remove(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, short: str) -> None:
    short = short.lower()
    rows = [r for r in await uow.coord.resources() if r.id.startswith(short)]
    if len(short) < SHORT_ID or len(rows) != 1:
        # Not a known id: what was typed is sealed in the detail, not shown in clear.
        await audit.record(
            uow, coordinator, "resources.remove", outcome="unknown", detail=short[:64]
        )
        await reply(uow, ctx, coordinator, "resources.unknown", id=short)
        return
    await uow.coord.delete_resource(rows[0].id)
    await audit.record(uow, coordinator, "resources.remove", targets=[short], detail=rows[0].name)
    await reply(uow, ctx, coordinator, "resources.removed", id=short, name=rows[0].name)
