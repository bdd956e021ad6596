"""/stats end to end: the figures as text, then the chart as a real PNG photo."""

from __future__ import annotations

import io

import pytest
from matplotlib import image

from tests.support.e2e_coord import ask, open_bot, seat

pytestmark = pytest.mark.e2e


async def test_stats_sends_the_figures_then_a_png_chart(sandbox, make_bot, storage):
    coord = seat(sandbox, 1, "Coord", role="coordinator")
    waiting = [seat(sandbox, 10 + n, f"Seeker{n}") for n in range(3)]
    peer = seat(sandbox, 20, "Peer", role="peer", capacity=3, language="fr")
    await open_bot(make_bot, storage, coord, peer, *waiting)
    figures = await ask(coord.user, "/stats", "The network now")
    assert "Waiting seekers: 3" in figures.content
    assert "Peers: 1 approved, 1 available, 0 away; load 0/3" in figures.content
    assert "Check-in answers: none yet" in figures.content
    chart = await coord.user.wait_for(lambda m: m.kind == "photo")
    assert chart.message_id > figures.message_id
    assert chart.caption == "The same figures as a chart."
    png = sandbox.file_content(chart.file_id)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = image.imread(io.BytesIO(png), format="png")
    assert pixels.shape[:2] == (700, 1000)
    assert (await ask(coord.user, "/stats please", "Usage")).content.startswith("Usage: /stats")
