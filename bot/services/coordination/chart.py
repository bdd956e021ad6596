"""The /stats chart: four small panels drawn with matplotlib's Agg backend into PNG bytes.

Only the object API is used (no pyplot): it keeps no global state, so drawing in a worker
thread while the bot goes on is safe.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from datetime import timedelta

MAX_PEERS_SHOWN = 20


@dataclass(frozen=True)
class ChartData:
    """What the chart shows, as plain values (the /stats figures, once computed)."""

    waiting: int
    active_pairs: int
    paused_pairs: int
    # Unresolved escalations (open or claimed).
    escalations: int
    # (code, open pairs, capacity) of each approved peer.
    peer_loads: list[tuple[str, int, int]]
    seeker_ratings: dict[int, int]
    peer_ratings: dict[int, int]
    wait_median: timedelta | None
    match_median: timedelta | None
    # Level (2 urgent, 1 concern, 0 other) → median time to claim.
    claim_by_level: dict[int, timedelta]


@dataclass(frozen=True)
class ChartLabels:
    title: str
    now: str
    waiting: str
    active: str
    paused: str
    escalations: str
    load: str
    capacity: str
    no_peers: str
    ratings: str
    seekers: str
    peers: str
    times: str
    hours: str
    wait: str
    match: str
    claim: str
    claim_urgent: str
    claim_concern: str
    claim_other: str


def _hours(span: timedelta | None) -> float:
    return span.total_seconds() / 3600 if span is not None else 0.0


# One chart at a time: the first one imports matplotlib (and numpy) in a worker thread, and
# two threads importing them at once can see a partially initialised module.
_DRAWING = threading.Lock()


def render_chart(f: ChartData, labels: ChartLabels) -> bytes:
    with _DRAWING:
        return _render(f, labels)


def _render(f: ChartData, labels: ChartLabels) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 7), dpi=100)
    FigureCanvasAgg(fig)
    fig.suptitle(labels.title, fontsize=14)
    now, peers, ratings, times = fig.subplots(2, 2).flat

    names = [labels.waiting, labels.active, labels.paused, labels.escalations]
    values = [f.waiting, f.active_pairs, f.paused_pairs, f.escalations]
    now.bar(names, values, color=["#e07b39", "#3a7d44", "#9aa5b1", "#c0392b"])
    now.set_title(labels.now)
    now.yaxis.get_major_locator().set_params(integer=True)

    shown = f.peer_loads[:MAX_PEERS_SHOWN]
    if shown:
        codes = [code for code, _load, _cap in shown]
        peers.barh(codes, [cap for _c, _l, cap in shown], color="#d5dde5", label=labels.capacity)
        peers.barh(codes, [load for _c, load, _cap in shown], color="#2e86c1", label=labels.load)
        peers.invert_yaxis()
        peers.legend(loc="lower right", fontsize=8)
        peers.xaxis.get_major_locator().set_params(integer=True)
    else:
        peers.text(0.5, 0.5, labels.no_peers, ha="center", va="center")
        peers.set_axis_off()
    peers.set_title(labels.load)

    stars = [1, 2, 3, 4, 5]
    width = 0.4
    ratings.bar(
        [s - width / 2 for s in stars],
        [f.seeker_ratings.get(s, 0) for s in stars],
        width,
        label=labels.seekers,
        color="#8e44ad",
    )
    ratings.bar(
        [s + width / 2 for s in stars],
        [f.peer_ratings.get(s, 0) for s in stars],
        width,
        label=labels.peers,
        color="#16a085",
    )
    ratings.set_xticks(stars)
    ratings.set_title(labels.ratings)
    ratings.legend(fontsize=8)
    ratings.yaxis.get_major_locator().set_params(integer=True)

    spans = [_hours(f.wait_median), _hours(f.match_median)]
    # Time to claim by level: an urgent escalation waiting an hour is what must show.
    spans += [_hours(f.claim_by_level.get(level)) for level in (2, 1, 0)]
    names = [labels.wait, labels.match, labels.claim_urgent]
    names += [labels.claim_concern, labels.claim_other]
    colors = ["#f1c40f", "#f1c40f", "#c0392b", "#e67e22", "#95a5a6"]
    times.bar(names, spans, color=colors)
    times.set_title(labels.times)
    times.set_ylabel(labels.hours)

    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
