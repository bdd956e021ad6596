"""Rows shared by several pages: a pair and a peer, as coordinators see them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.domain.people import Person
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import since
from bot.services.training.coordinators import peer_states
from bot.storage.dashboard_repo import PairLine, PeerLine, Who
from bot.storage.uow import UnitOfWork


def label_of(who: Who | None) -> str:
    """As ``coordinators.label``: pseudonym and code, never a Telegram identity."""
    if who is None:
        return "—"
    return f"{who.pseudonym} ({who.code})" if who.pseudonym else who.code


@dataclass(frozen=True)
class PairRow:
    code: str
    status: str  # active | paused | ended
    status_text: str
    seeker: str
    peer: str
    quiet: str  # time since the last message
    seeker_answer: str
    rating: str
    open: bool


@dataclass(frozen=True)
class PeerRow:
    code: str
    who: str
    load: int
    capacity: int
    away: bool
    suspended: bool
    heavy: int  # "heavy" / "break" / "coordinator" answers in the last weeks
    full: bool
    training: str = "—"  # held, trained, expiring soon, in grace
    last_debrief: str = "—"


async def pair_rows(
    uow: UnitOfWork, ctx: ServiceContext, viewer: Person, pairs: Sequence[PairLine]
) -> list[PairRow]:
    lang = viewer.language
    board = uow.dashboard
    people = await board.who([p.seeker_id for p in pairs] + [p.peer_id for p in pairs])
    answers = await board.last_answers([p.id for p in pairs], "seeker")
    rows = []
    for p in pairs:
        answer = answers.get(p.id)
        rows.append(
            PairRow(
                code=p.code,
                status=p.status,
                status_text=ctx.t(lang, f"coord.pair_status.{p.status}"),
                seeker=label_of(people.get(p.seeker_id)),
                peer=label_of(people.get(p.peer_id)),
                quiet=since(ctx, lang, p.last_activity_at),
                seeker_answer=ctx.t(lang, f"dash.answer.{answer}") if answer else "—",
                rating=str(p.seeker_rating) if p.seeker_rating is not None else "—",
                open=p.ended_at is None,
            )
        )
    return rows


# Check-in answers of a peer about themselves that a coordinator should notice.
STRAIN = ("heavy", "break", "coord")


async def peer_rows(
    uow: UnitOfWork,
    ctx: ServiceContext,
    viewer: Person,
    peers: Sequence[PeerLine],
    heavy_weeks: int = 4,
) -> list[PeerRow]:
    board = uow.dashboard
    people = await board.who(p.id for p in peers)
    from_ = ctx.clock.now() - _weeks(heavy_weeks)
    answers = await board.peer_answers_since([p.id for p in peers], from_)
    states = await peer_states(uow, ctx, viewer.language, [p.id for p in peers])
    return [
        PeerRow(
            code=p.code,
            who=label_of(people.get(p.id)),
            load=p.load,
            capacity=p.capacity,
            away=p.away,
            suspended=p.suspended,
            heavy=sum(1 for a in answers.get(p.id, []) if a in STRAIN),
            full=p.load >= p.capacity,
            training=states[p.id][0],
            last_debrief=states[p.id][1],
        )
        for p in peers
    ]


def _weeks(n: int) -> timedelta:
    return timedelta(weeks=n)
