"""/stats: the network's figures, as text (complete on its own) and as a PNG chart.

Time to match: the moment a seeker started waiting is not kept once they are paired, so it is
measured from what is kept. For a seeker's first pair: from their first contact with the bot
(``people.created_at``, so onboarding time is included) to the pair's creation. For each later
pair: from the end of their previous pair (``/newpeer``, a reassignment, an ending) to the new
pair's creation. Every pair ever made counts. Time to claim: ``claimed_at − created_at`` of every
escalation claimed so far, overall and by level (urgent, concern, other). Ratings are the
seekers' and peers' end-of-pair ratings (1–5).
Check-in answers are shown as "none yet" until the check-in feature records them.
"""

from __future__ import annotations

import asyncio
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain.escalations import Status
from bot.domain.pairs import PairStatus
from bot.domain.people import Person
from bot.services.circles import reporting as circle_reporting
from bot.services.coordination.chart import ChartData, ChartLabels, render_chart
from bot.services.followup.checkins import answer_counts as checkin_counts
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import Command, duration, usage
from bot.services.shared.messages import say, send_file
from bot.services.training import coordinators as training_coord
from bot.storage.uow import Storage, UnitOfWork


@dataclass
class Figures:
    waiting: int = 0
    wait_median: timedelta | None = None
    wait_longest: timedelta | None = None
    active_pairs: int = 0
    paused_pairs: int = 0
    peers_approved: int = 0
    peers_available: int = 0
    peers_away: int = 0
    capacity_total: int = 0
    load_total: int = 0
    # (code, open pairs, capacity) of each approved peer, for the chart.
    peer_loads: list[tuple[str, int, int]] = field(default_factory=list)
    pairs_made: int = 0
    match_median: timedelta | None = None
    seeker_ratings: dict[int, int] = field(default_factory=dict)
    peer_ratings: dict[int, int] = field(default_factory=dict)
    esc_open: int = 0
    esc_claimed: int = 0
    esc_resolved: int = 0
    claim_median: timedelta | None = None
    # Level (2 urgent, 1 concern, 0 other) → median time to claim; absent: none claimed yet.
    claim_by_level: dict[int, timedelta] = field(default_factory=dict)
    # Anonymous counts by answer ("seeker.4", "peer.break", "seeker.unanswered", ...); they
    # outlive the check-in rows, which retention purges.
    checkins: dict[str, int] = field(default_factory=dict)

    def chart(self) -> ChartData:
        return ChartData(
            waiting=self.waiting,
            active_pairs=self.active_pairs,
            paused_pairs=self.paused_pairs,
            escalations=self.esc_open + self.esc_claimed,
            peer_loads=list(self.peer_loads),
            seeker_ratings=dict(self.seeker_ratings),
            peer_ratings=dict(self.peer_ratings),
            wait_median=self.wait_median,
            match_median=self.match_median,
            claim_by_level=dict(self.claim_by_level),
        )

    @staticmethod
    def mean(ratings: dict[int, int]) -> float | None:
        total = sum(ratings.values())
        return sum(k * v for k, v in ratings.items()) / total if total else None


def _median(spans: list[timedelta]) -> timedelta | None:
    return statistics.median_low(spans) if spans else None


async def compute(uow: UnitOfWork, ctx: ServiceContext) -> Figures:
    now = ctx.clock.now()
    f = Figures()
    waits = [now - since for since in await uow.stats.waiting_since()]
    f.waiting = await uow.coord.count_waiting()
    f.wait_median, f.wait_longest = _median(waits), max(waits) if waits else None
    await _peers(uow, f)
    await _pairs(uow, f)
    times = await uow.stats.escalation_times()
    f.esc_open = sum(1 for t in times if t.status is Status.OPEN)
    f.esc_claimed = sum(1 for t in times if t.status is Status.CLAIMED)
    f.esc_resolved = sum(1 for t in times if t.status is Status.RESOLVED)
    waited = [(t.level, t.claimed_at - t.created_at) for t in times if t.claimed_at is not None]
    f.claim_median = _median([span for _level, span in waited])
    for level in (2, 1, 0):
        found = _median([span for lv, span in waited if lv == level])
        if found is not None:
            f.claim_by_level[level] = found
    return f


async def _peers(uow: UnitOfWork, f: Figures) -> None:
    loads = await uow.pairs.open_count_by_peer()
    for peer in await uow.coord.peers():
        if not peer.approved_peer:
            continue
        load = loads.get(peer.id, 0)
        f.peers_approved += 1
        f.capacity_total += peer.peer_capacity
        f.load_total += load
        f.peer_loads.append((peer.code, load, peer.peer_capacity))
        if peer.peer_away:
            f.peers_away += 1
        elif not peer.suspended and load < peer.peer_capacity:
            f.peers_available += 1


async def _pairs(uow: UnitOfWork, f: Figures) -> None:
    rows = await uow.stats.pair_history()
    first_contact = await uow.stats.first_contacts({row.seeker_id for row in rows})
    spans: list[timedelta] = []
    previous: dict[str, datetime] = {}
    seeker_ratings: Counter[int] = Counter()
    peer_ratings: Counter[int] = Counter()
    for row in rows:
        f.active_pairs += int(row.status == PairStatus.ACTIVE)
        f.paused_pairs += int(row.status == PairStatus.PAUSED)
        start = previous.get(row.seeker_id) or first_contact.get(row.seeker_id)
        if start is not None:
            spans.append(max(timedelta(0), row.created_at - start))
        previous[row.seeker_id] = row.ended_at or row.created_at
        if row.seeker_rating:
            seeker_ratings[row.seeker_rating] += 1
        if row.peer_rating:
            peer_ratings[row.peer_rating] += 1
    f.pairs_made = len(rows)
    f.match_median = _median(spans)
    f.seeker_ratings, f.peer_ratings = dict(seeker_ratings), dict(peer_ratings)
    f.checkins = {k.removeprefix("checkin."): v for k, v in (await checkin_counts(uow)).items()}


def checkins_line(ctx: ServiceContext, language: str | None, counts: dict[str, int]) -> str:
    if not counts:
        return ctx.t(language, "stats.checkins_none")
    scores = {n: counts.get(f"seeker.{n}", 0) for n in range(1, 6)}
    answered = sum(scores.values())
    mean = sum(n * c for n, c in scores.items()) / answered if answered else None
    return ctx.t(
        language,
        "stats.checkins_line",
        seeker_mean=f"{mean:.1f}" if mean is not None else "—",
        seeker_scores=answered,
        other=counts.get("seeker.other", 0),
        urgent=counts.get("seeker.urgent", 0),
        fine=counts.get("peer.fine", 0),
        heavy=counts.get("peer.heavy", 0),
        pause=counts.get("peer.break", 0),
        coord=counts.get("peer.coord", 0),
        unanswered=counts.get("seeker.unanswered", 0) + counts.get("peer.unanswered", 0),
    )


def render_text(ctx: ServiceContext, language: str | None, f: Figures) -> str:
    def span(value: timedelta | None) -> str:
        return duration(ctx, language, value) if value is not None else "—"

    def ratings(values: dict[int, int]) -> str:
        mean = Figures.mean(values)
        if mean is None:
            return ctx.t(language, "stats.no_ratings")
        return ctx.t(language, "stats.ratings_line", mean=f"{mean:.1f}", count=sum(values.values()))

    text = ctx.t(
        language,
        "stats.text",
        waiting=f.waiting,
        wait_median=span(f.wait_median),
        wait_longest=span(f.wait_longest),
        active=f.active_pairs,
        paused=f.paused_pairs,
        approved=f.peers_approved,
        available=f.peers_available,
        away=f.peers_away,
        load=f.load_total,
        capacity=f.capacity_total,
        pairs_made=f.pairs_made,
        match_median=span(f.match_median),
        checkins=checkins_line(ctx, language, f.checkins),
        seeker_ratings=ratings(f.seeker_ratings),
        peer_ratings=ratings(f.peer_ratings),
        esc_open=f.esc_open,
        esc_claimed=f.esc_claimed,
        esc_resolved=f.esc_resolved,
        claim_median=span(f.claim_median),
    )
    by_level = ctx.t(
        language,
        "stats.claim_by_level",
        urgent=span(f.claim_by_level.get(2)),
        concern=span(f.claim_by_level.get(1)),
        other=span(f.claim_by_level.get(0)),
    )
    return f"{text}\n{by_level}"


def chart_labels(ctx: ServiceContext, language: str | None) -> ChartLabels:
    def t(key: str) -> str:
        return ctx.t(language, f"stats.chart.{key}")

    return ChartLabels(
        title=t("title"),
        now=t("now"),
        waiting=t("waiting"),
        active=t("active"),
        paused=t("paused"),
        escalations=t("escalations"),
        load=t("load"),
        capacity=t("capacity"),
        no_peers=t("no_peers"),
        ratings=t("ratings"),
        seekers=t("seekers"),
        peers=t("peers"),
        times=t("times"),
        hours=t("hours"),
        wait=t("wait"),
        match=t("match"),
        claim=t("claim"),
        claim_urgent=t("claim_urgent"),
        claim_concern=t("claim_concern"),
        claim_other=t("claim_other"),
    )


async def command(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command) -> None:
    """/stats: the figures as text first (complete on its own), then the chart."""
    if cmd.words:
        await usage(uow, ctx, coordinator, "stats")
        return
    lang = coordinator.language
    figures = await compute(uow, ctx)
    circles = await circle_reporting.stats_section(uow, ctx, lang)
    training = await training_coord.stats_text(uow, ctx, lang)
    text = "\n\n".join([render_text(ctx, lang, figures), circles, training])
    await say(uow, coordinator, text)
    labels = chart_labels(ctx, lang)
    data = figures.chart()
    caption = ctx.t(lang, "stats.caption")

    async def send_chart(storage: Storage) -> None:
        # Drawing takes a second of CPU: off the event loop, and after the update's commit,
        # so neither deliveries nor the database wait for it.
        png = await asyncio.to_thread(render_chart, data, labels)
        async with storage.uow() as later:
            await send_file(
                later, coordinator, "sendPhoto", "photo", "entraide-stats.png", png, caption
            )
            await later.commit()

    uow.after_commit(send_chart)
    await audit.record(uow, coordinator, "stats")
