"""/stats figures against a seeded network, and the chart as a real PNG."""

from __future__ import annotations

import base64
import struct
from datetime import timedelta

from bot.services.coordination import commands as coordination
from bot.services.coordination import stats
from bot.services.escalations import alerts, claims
from bot.services.shared.messages import UPLOAD_KEY
from tests.support.context import make_ctx
from tests.support.coord import add, outbox, pair, person, run

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def seed(storage, clock):
    """Three approved peers (one away), one applicant; two seekers waiting 13 h and 11 h; three
    pairs made after 2 h, 4 h and 1 h; three escalations: resolved, claimed, open."""
    ctx = make_ctx(clock, storage)
    t0 = clock.now()
    coord = person(clock, 100, role="coordinator")
    p1 = person(clock, 101, role="peer", capacity=2)
    p2 = person(clock, 102, role="peer", capacity=1)
    p2.peer_away = True
    p4 = person(clock, 104, role="peer", capacity=3)
    p3 = person(clock, 103, role="peer", capacity=2)
    p3.peer_state = "applicant"
    s1, s3 = person(clock, 201), person(clock, 203)
    s2 = person(clock, 202, waiting_for=timedelta(hours=3))
    s4 = person(clock, 204, waiting_for=timedelta(hours=1))
    await add(storage, coord, p1, p2, p3, p4, s1, s2, s3, s4)
    clock.advance(hours=2)
    await pair(storage, ctx, s1, p1)  # 2 h after first contact
    clock.advance(hours=2)
    b = await pair(storage, ctx, s3, p1)  # 4 h
    clock.advance(hours=1)
    async with storage.uow() as uow:
        pairs = uow.pairs
        ended = await pairs.by_code(b)
        ended.status, ended.ended_at, ended.end_reason = "ended", clock.now(), "seeker"
        ended.seeker_rating, ended.peer_rating = 4, 5
        await pairs.save(ended)
        await uow.commit()
    clock.advance(hours=1)
    c = await pair(storage, ctx, s3, p4)  # 1 h after the previous pair ended
    async with storage.uow() as uow:
        paused = await uow.pairs.by_code(c)
        paused.status, paused.paused_by = "paused", s3.id
        await uow.pairs.save(paused)
        await uow.commit()
    codes = []
    # Three people: a second /sos from someone with one open would join it, not open another.
    for minutes_to_claim, who in ((30, s2), (60, s4), (None, s1)):
        clock.advance(hours=1)
        async with storage.uow() as uow:
            opened = await alerts.open_escalation(
                uow, ctx, kind="sos", subject=who, opened_by=who, urgent=True
            )
            await uow.commit()
        codes.append(opened.code)
        if minutes_to_claim is not None:
            clock.advance(minutes=minutes_to_claim)
            async with storage.uow() as uow:
                esc = await uow.escalations.get(opened.id)
                await claims.claim(uow, ctx, coord, esc)
                await uow.commit()
    async with storage.uow() as uow:
        esc = await uow.escalations.by_code(codes[0])
        await claims.resolve(uow, ctx, coord, esc, "handled")
        await uow.commit()
    clock.advance(seconds=(t0 + timedelta(hours=10) - clock.now()).total_seconds())
    loads = sorted([(p1.code, 1, 2), (p2.code, 0, 1), (p4.code, 1, 3)])
    return ctx, coord, loads


async def test_figures_match_the_seeded_network(storage, clock):
    ctx, _coord, loads = await seed(storage, clock)
    async with storage.uow() as uow:
        f = await stats.compute(uow, ctx)
    assert (f.waiting, f.wait_median, f.wait_longest) == (
        2,
        timedelta(hours=11),
        timedelta(hours=13),
    )
    assert (f.active_pairs, f.paused_pairs, f.pairs_made) == (1, 1, 3)
    assert (f.peers_approved, f.peers_available, f.peers_away) == (3, 2, 1)
    assert (f.load_total, f.capacity_total) == (2, 6)
    assert sorted(f.peer_loads) == loads
    assert f.match_median == timedelta(hours=2)
    assert (f.seeker_ratings, f.peer_ratings) == ({4: 1}, {5: 1})
    assert (f.esc_open, f.esc_claimed, f.esc_resolved) == (1, 1, 1)
    assert f.claim_median == timedelta(minutes=30)


async def test_stats_command_sends_complete_text_then_a_png(storage, clock):
    ctx, coord, _loads = await seed(storage, clock)
    before = len(await outbox(storage, coord))
    await run(storage, coordination.run, ctx, coord, "/stats")
    (m1, text), (m2, photo) = (await outbox(storage, coord))[before:]
    assert m1 == "sendMessage" and m2 == "sendPhoto"
    body = text["text"]
    for expected in (
        "Waiting seekers: 2 (median wait 11 h 0 min, longest 13 h 0 min)",
        "Pairs: 1 active, 1 paused",
        "Peers: 3 approved, 2 available, 1 away; load 2/6",
        "Time to match: median 2 h 0 min over 3 pairs",
        "Check-in answers: none yet",
        "Ratings by seekers: 4.0/5 on average over 1",
        "Escalations: 1 open, 1 claimed, 1 resolved; median time to claim 30 min",
    ):
        assert expected in body
    upload = photo[UPLOAD_KEY]
    assert (upload["field"], upload["filename"]) == ("photo", "entraide-stats.png")
    assert png_size(base64.b64decode(upload["base64"])) == (1000, 700)


async def test_stats_takes_no_arguments_and_works_on_an_empty_network(storage, clock):
    ctx = make_ctx(clock, storage)
    coord = person(clock, 1, role="coordinator", language="fr")
    await add(storage, coord)
    await run(storage, coordination.run, ctx, coord, "/stats now")
    [(_method, usage)] = await outbox(storage, coord)
    assert usage["text"].startswith("Utilisation : /stats")
    await run(storage, coordination.run, ctx, coord, "/stats")
    (_m, text), (_p, photo) = (await outbox(storage, coord))[1:]
    assert "Personnes en attente : 0" in text["text"] and "aucune pour l'instant" in text["text"]
    png_size(base64.b64decode(photo[UPLOAD_KEY]["base64"]))
