"""The *Pairs* page: pairs filtered by state, silence, the seeker's last check-in answer and
rating; Reassign and End act with the rules of /reassign and /endpair (actions.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.domain.checkins import SEEKER_ANSWERS
from bot.domain.people import Person
from bot.services.dashboard.access import viewed
from bot.services.dashboard.lines import PairRow, pair_rows
from bot.services.shared.context import ServiceContext
from bot.storage.dashboard_repo import PairFilter
from bot.storage.uow import UnitOfWork

PAGE = 50
STATES = ("open", "active", "paused", "ended")
RATINGS = ("any", "low", "high", "none")
ANSWERS = ("any", *SEEKER_ANSWERS)


@dataclass(frozen=True)
class PairsQuery:
    """The page's filters as the form sends them; anything unknown falls back to the default."""

    state: str = "open"
    silent_days: int = 0
    rating: str = "any"
    answer: str = "any"
    page: int = 0

    @classmethod
    def parse(cls, args: dict[str, str]) -> PairsQuery:
        def number(name: str, top: int) -> int:
            raw = args.get(name, "")
            return min(int(raw), top) if raw.isdigit() else 0

        state = args.get("state", "open")
        rating = args.get("rating", "any")
        answer = args.get("answer", "any")
        return cls(
            state=state if state in STATES else "open",
            silent_days=number("silent", 365),
            rating=rating if rating in RATINGS else "any",
            answer=answer if answer in ANSWERS else "any",
            page=number("page", 10_000),
        )


@dataclass(frozen=True)
class PairsView:
    query: PairsQuery
    rows: list[PairRow]
    total: int
    pages: int


async def pairs(
    uow: UnitOfWork, ctx: ServiceContext, viewer: Person, query: PairsQuery
) -> PairsView:
    board = uow.dashboard
    silent = ctx.clock.now() - timedelta(days=query.silent_days) if query.silent_days else None
    wanted = PairFilter(state=query.state, silent_days_before=silent, rating=query.rating)
    only = None
    if query.answer != "any":
        # Answers are sealed: the latest one of each open pair is opened, then filtered here.
        answers = await board.last_answers(None, "seeker")
        only = [pair_id for pair_id, answer in answers.items() if answer == query.answer]
    lines, total = await board.pairs(wanted, PAGE, query.page * PAGE, only)
    await viewed(uow, viewer, "pairs")
    return PairsView(
        query, await pair_rows(uow, ctx, viewer, lines), total, max(1, -(-total // PAGE))
    )
