"""The *Figures* page: /stats' figures over time, week by week (the last 12 weeks).

Time to match is measured as /stats does (from the seeker's first contact, or from the end of
their previous pair, to the pair's creation); time to claim from an escalation's opening to its
claim, by level; ratings are the seekers' end-of-pair ratings; check-in answers come from the
anonymous daily counts, which outlive the check-ins themselves. Waiting time is shown as it is
now (how long the seekers waiting have waited): the moment a seeker started waiting is not kept
once they are paired.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.checkins import PEER_ANSWERS, SEEKER_ANSWERS
from bot.domain.people import Person
from bot.services.dashboard.access import viewed
from bot.services.shared.context import ServiceContext
from bot.storage.uow import UnitOfWork

WEEKS = 12
WEEK = timedelta(weeks=1)
CIRCLE_SESSIONS_MAX = 2_000  # 12 weeks of sessions, far more than a network holds
WAIT_BUCKETS = ((1, "1h"), (6, "6h"), (24, "24h"), (72, "3d"), (None, "more"))


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None  # None: nothing to measure that week
    shown: str


@dataclass(frozen=True)
class Series:
    key: str  # names the chart's title and unit in the catalogue (dash.fig.<key>)
    points: list[Point]
    # Labels are catalogue keys with this prefix (answers, buckets); empty: shown as they are.
    label_prefix: str = ""


@dataclass(frozen=True)
class FiguresView:
    series: list[Series]


def _week_starts(now: datetime) -> list[datetime]:
    monday = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return [monday - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]


def _week_of(starts: list[datetime], moment: datetime) -> int | None:
    index = (moment - starts[0]) // WEEK
    return index if 0 <= index < len(starts) else None


def _shown(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _medians(starts: list[datetime], spans: list[tuple[datetime, float]], unit: str) -> Series:
    weeks: list[list[float]] = [[] for _ in starts]
    for at, value in spans:
        index = _week_of(starts, at)
        if index is not None:
            weeks[index].append(value)
    points = [
        Point(
            start.strftime("%d/%m"),
            statistics.median(values) if values else None,
            _shown(statistics.median(values)) if values else "—",
        )
        for start, values in zip(starts, weeks, strict=True)
    ]
    return Series(unit, points)


async def figures(uow: UnitOfWork, ctx: ServiceContext, viewer: Person) -> FiguresView:
    board = uow.dashboard
    now = ctx.clock.now()
    starts = _week_starts(now)
    first = starts[0]
    series: list[Series] = []

    waits = [now - since for since in await uow.stats.waiting_since()]
    buckets = Counter[str]()
    for span in waits:
        hours = span.total_seconds() / 3600
        for top, name in WAIT_BUCKETS:
            if top is None or hours < top:
                buckets[name] += 1
                break
    series.append(
        Series(
            "waiting",
            [Point(n, buckets[n], str(buckets[n])) for _, n in WAIT_BUCKETS],
            "dash.wait.",
        )
    )

    to_match = [
        (made, (made - start).total_seconds() / 3600)
        for start, made in await board.match_times(first)
    ]
    series.append(_medians(starts, to_match, "match_hours"))

    escs = await board.escalations_since(first)
    for level in (2, 1, 0):
        claimed = [
            (created, (claimed_at - created).total_seconds() / 60)
            for lv, created, claimed_at in escs
            if claimed_at is not None and min(lv, 2) == level
        ]
        series.append(_medians(starts, claimed, f"claim_minutes_{level}"))

    rated = [(ended, float(r)) for ended, r in await board.ratings_since(first)]
    series.append(_medians(starts, rated, "rating"))

    counts = await board.totals_since("checkin.", first.date().isoformat())
    for role, answers in (("seeker", SEEKER_ANSWERS), ("peer", PEER_ANSWERS)):
        totals = Counter[str]()
        for metric, value in counts.items():
            if metric.startswith(f"checkin.{role}."):
                totals[metric.rsplit(".", 1)[1]] += value
        series.append(
            Series(
                f"checkins_{role}",
                [Point(a, totals[a], str(totals[a])) for a in (*answers, "unanswered")],
                "dash.chart.",
            )
        )
    # Circles: people present per week (anonymous counts kept on each closed session).
    present = [0] * len(starts)
    for held in await board.held_sessions(CIRCLE_SESSIONS_MAX, since=first):
        index = _week_of(starts, held.starts_at)
        if index is not None:
            present[index] += held.present
    series.append(
        Series(
            "circle_attendance",
            [
                Point(start.strftime("%d/%m"), n, str(n))
                for start, n in zip(starts, present, strict=True)
            ],
        )
    )
    await viewed(uow, viewer, "figures")
    return FiguresView(series)
