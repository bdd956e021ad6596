"""The coordinators' paginated lists: /queue, /pairs, /peers, /escalations and /audit.

A list is sent as one message with Prev / Next buttons; turning a page edits that message.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.domain.escalations import by_severity
from bot.domain.people import Person
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import label, pager, reply, since
from bot.services.shared.messages import say
from bot.services.training import coordinators as training_coord
from bot.storage.repositories import OutgoingMessage
from bot.storage.uow import UnitOfWork

PAGE_SIZE = 8
# Escalations are listed urgent first, then concern, then the rest; the mark says which.
LEVEL_MARKS = {2: "🚨 ", 1: "⚠️ "}
DETAIL_CHARS = 60


@dataclass(frozen=True)
class Page:
    lines: list[str]
    total: int


Lister = Callable[[UnitOfWork, ServiceContext, Person, int], Awaitable[Page]]


async def _queue(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, offset: int) -> Page:
    store = uow.coord
    lang = viewer.language
    lines = [
        ctx.t(lang, "coord.queue.line", who=label(p), waited=since(ctx, lang, p.waiting_since))
        for p in await store.waiting(PAGE_SIZE, offset)
    ]
    return Page(lines, await store.count_waiting())


async def _pairs(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, offset: int) -> Page:
    pairs = await uow.pairs.all_open()
    lang = viewer.language
    lines = []
    for pair in pairs[offset : offset + PAGE_SIZE]:
        lines.append(
            ctx.t(
                lang,
                "coord.pairs.line",
                code=pair.code,
                status=ctx.t(lang, f"coord.pair_status.{pair.status}"),
                seeker=label(await uow.people.get(pair.seeker_id)),
                peer=label(await uow.people.get(pair.peer_id)),
                active=since(ctx, lang, pair.last_activity_at or pair.created_at),
            )
        )
    return Page(lines, len(pairs))


async def _peers(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, offset: int) -> Page:
    store = uow.coord
    loads = await uow.pairs.open_count_by_peer()
    lang = viewer.language
    lines = []
    page = await store.peers(PAGE_SIZE, offset)
    training = await training_coord.peer_flags(uow, ctx, lang, page)
    for peer in page:
        flags = []
        if peer.peer_away:
            flags.append(ctx.t(lang, "coord.peers.away"))
        if peer.suspended:
            flags.append(ctx.t(lang, "coord.peers.suspended"))
        if peer.id in training:
            flags.append(training[peer.id])
        lines.append(
            ctx.t(
                lang,
                "coord.peers.line",
                who=label(peer),
                state=ctx.t(lang, f"coord.peer_state.{peer.peer_state}"),
                load=loads.get(peer.id, 0),
                capacity=peer.peer_capacity,
                flags="".join(f" · {f}" for f in flags),
            )
        )
    return Page(lines, await store.count_peers())


async def _escalations(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, offset: int) -> Page:
    store = uow.escalations
    lang = viewer.language
    lines = []
    # Already in this order from storage; the domain's rule says which order that is.
    page = by_severity(await store.unresolved_page(PAGE_SIZE, offset, hide_subject=viewer.id))
    for esc in page:
        subject = await uow.people.get(esc.subject_id) if esc.subject_id else None
        holder = await uow.people.get(esc.claimed_by) if esc.claimed_by else None
        status = ctx.t(lang, f"coord.esc_status.{esc.status}")
        if holder is not None:
            status = ctx.t(lang, "coord.esc.claimed_by", status=status, by=label(holder))
        lines.append(
            ctx.t(
                lang,
                "coord.esc.line",
                urgent=LEVEL_MARKS.get(esc.level, ""),
                code=esc.code,
                kind=ctx.t(lang, f"escalation.kind.{esc.kind}"),
                status=status,
                subject=subject.code if subject else "—",
                age=since(ctx, lang, esc.created_at),
            )
        )
    return Page(lines, await store.count_unresolved(hide_subject=viewer.id))


async def _audit(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, offset: int) -> Page:
    lang = viewer.language
    lines = []
    for row in await audit.recent(uow, PAGE_SIZE, offset):
        actor = await uow.people.get(row.actor_id) if row.actor_id else None
        detail = row.detail
        if detail and len(detail) > DETAIL_CHARS:
            detail = detail[: DETAIL_CHARS - 1] + "…"
        lines.append(
            ctx.t(
                lang,
                "coord.audit.line",
                at=row.at.strftime("%Y-%m-%d %H:%M"),
                actor=actor.code if actor else "—",
                action=row.action,
                targets=row.targets or "—",
                outcome=row.outcome,
                detail=f" — {detail}" if detail else "",
            )
        )
    return Page(lines, await uow.audit.count())


LISTS: dict[str, tuple[str, Lister]] = {
    "q": ("queue", _queue),
    "p": ("pairs", _pairs),
    "r": ("peers", _peers),
    "e": ("escalations", _escalations),
    "a": ("audit", _audit),
}
KIND_OF = {name: kind for kind, (name, _lister) in LISTS.items()}


async def _render(
    uow: UnitOfWork, ctx: ServiceContext, viewer: Person, kind: str, page: int
) -> tuple[str, list[list[dict[str, str]]] | None]:
    name, lister = LISTS[kind]
    lang = viewer.language
    found = await lister(uow, ctx, viewer, page * PAGE_SIZE)
    pages = max(1, math.ceil(found.total / PAGE_SIZE))
    if page >= pages and found.total:
        # The list shrank since the buttons were made: show its last page.
        page = pages - 1
        found = await lister(uow, ctx, viewer, page * PAGE_SIZE)
    if found.total == 0:
        return ctx.t(lang, f"coord.{name}.empty"), None
    header = ctx.t(lang, f"coord.{name}.title", total=found.total, page=page + 1, pages=pages)
    return header + "\n\n" + "\n".join(found.lines), pager(ctx, viewer, kind, page, pages)


async def show(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, name: str) -> None:
    """The first page of a list, as a new message."""
    kind = KIND_OF[name]
    text, keyboard = await _render(uow, ctx, viewer, kind, 0)
    # Reading these lists is access to personal data: it is logged like any other action.
    await audit.record(uow, viewer, f"view.{name}")
    await say(uow, viewer, text, keyboard=keyboard)


async def turn(
    uow: UnitOfWork,
    ctx: ServiceContext,
    viewer: Person,
    kind: str,
    page: str,
    message_id: int | None,
) -> None:
    """Prev / Next: the same message shows another page (a new one if it cannot be edited)."""
    if kind not in LISTS or not page.isdigit() or not viewer.is_coordinator or viewer.suspended:
        await reply(uow, ctx, viewer, "errors.button_expired")
        return
    text, keyboard = await _render(uow, ctx, viewer, kind, int(page))
    if message_id is None:
        await say(uow, viewer, text, keyboard=keyboard)
        return
    params: dict[str, object] = {"message_id": message_id, "text": text}
    if keyboard is not None:
        params["reply_markup"] = {"inline_keyboard": keyboard}
    await uow.outbox.add(OutgoingMessage(viewer.id, "editMessageText", params))
