"""The *Peers* page: load and capacity, away, suspended, strain in their own check-ins over the
last weeks, and the applications waiting for approval (Approve acts as /approve)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.people import Person
from bot.services.dashboard.access import viewed
from bot.services.dashboard.lines import PeerRow, label_of, peer_rows
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import since
from bot.storage.uow import UnitOfWork

PAGE = 50
HEAVY_WEEKS = 4


@dataclass(frozen=True)
class ApplicantRow:
    code: str
    who: str
    waited: str


@dataclass(frozen=True)
class PeersView:
    rows: list[PeerRow]
    total: int
    page: int
    pages: int
    applicants: list[ApplicantRow]
    applicants_total: int
    heavy_weeks: int


async def peers(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, page: int) -> PeersView:
    board = uow.dashboard
    lines, total = await board.peers(PAGE, page * PAGE)
    waiting, waiting_total = await board.applicants(PAGE)
    people = await board.who(pid for pid, _ in waiting)
    applicants = [
        ApplicantRow(
            people[pid].code if pid in people else "—",
            label_of(people.get(pid)),
            since(ctx, viewer.language, at),
        )
        for pid, at in waiting
    ]
    await viewed(uow, viewer, "peers")
    return PeersView(
        await peer_rows(uow, ctx, viewer, lines, HEAVY_WEEKS),
        total,
        page,
        max(1, -(-total // PAGE)),
        applicants,
        waiting_total,
        HEAVY_WEEKS,
    )
