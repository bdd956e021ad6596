"""The dashboard's pages and actions, as tables: the navigation and the routes are built from
them. A new page is one template, one line in ``PAGES`` and one service
function in ``bot/services/dashboard/``; a new button is one line in ``ACTIONS``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from bot.domain.people import Person
from bot.services.dashboard import actions, circles, figures, now, pairs, peers, training
from bot.services.shared.context import ServiceContext
from bot.storage.uow import UnitOfWork

Args = Mapping[str, str]
Loader = Callable[[UnitOfWork, ServiceContext, Person, Args], Awaitable[object]]
Action = Callable[[UnitOfWork, ServiceContext, Person, Args], Awaitable[str]]


@dataclass(frozen=True)
class Page:
    slug: str  # its address under dashboard.path, and its title's key: dash.nav.<slug>
    template: str
    load: Loader


async def _now(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, args: Args) -> object:
    return await now.now(uow, ctx, viewer)


async def _pairs(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, args: Args) -> object:
    return await pairs.pairs(uow, ctx, viewer, pairs.PairsQuery.parse(dict(args)))


async def _peers(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, args: Args) -> object:
    page = args.get("page", "")
    return await peers.peers(uow, ctx, viewer, min(int(page), 10_000) if page.isdigit() else 0)


async def _circles(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, args: Args) -> object:
    return await circles.circles(uow, ctx, viewer)


async def _training(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, args: Args) -> object:
    return await training.training(uow, ctx, viewer)


async def _figures(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, args: Args) -> object:
    return await figures.figures(uow, ctx, viewer)


PAGES: tuple[Page, ...] = (
    Page("now", "now.html", _now),
    Page("pairs", "pairs.html", _pairs),
    Page("peers", "peers.html", _peers),
    Page("circles", "circles.html", _circles),
    Page("training", "training.html", _training),
    Page("figures", "figures.html", _figures),
)


def _field(args: Args, name: str, limit: int = 32) -> str:
    return args.get(name, "").strip()[:limit]


async def _claim(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, args: Args) -> str:
    return await actions.claim(uow, ctx, viewer, _field(args, "code"))


async def _resolve(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, args: Args) -> str:
    note = args.get("note", "")[: actions.NOTE_MAX]
    return await actions.resolve(uow, ctx, viewer, _field(args, "code"), note)


async def _end(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, args: Args) -> str:
    return await actions.end_pair(uow, ctx, viewer, _field(args, "code"))


async def _reassign(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, args: Args) -> str:
    note = args.get("note", "")[: actions.NOTE_MAX]
    return await actions.reassign(
        uow, ctx, viewer, _field(args, "code"), _field(args, "peer"), note
    )


async def _claim_debrief(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, args: Args) -> str:
    return await training.claim_debrief(uow, ctx, viewer, _field(args, "code"))


async def _approve(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, args: Args) -> str:
    return await actions.approve(uow, ctx, viewer, _field(args, "code"))


ACTIONS: dict[str, Action] = {
    "claim": _claim,
    "resolve": _resolve,
    "endpair": _end,
    "reassign": _reassign,
    "approve": _approve,
    "claimdebrief": _claim_debrief,
}
