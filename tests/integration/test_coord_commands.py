"""Coordinator commands at the service level, in real storage: usage lines, unknown codes,
lists and their pages, /match, /endpair, /why, /msg, /suspend, /unsuspend, /broadcast,
/resources, /audit."""

from __future__ import annotations

import pytest

from bot.services.coordination import commands as coordination
from bot.services.coordination import lists as coord_lists
from bot.services.matching import pairing as matching
from tests.support.context import make_ctx
from tests.support.coord import add, audit_rows, fresh, outbox, pair, person, run, texts

BAD_ARGUMENTS = [
    "/queue now",
    "/pairs all",
    "/peers x",
    "/escalations open",
    "/audit 3",
    "/match K7M2QX",
    "/reassign",
    "/reassign A B C",
    "/endpair",
    "/why",
    "/claim",
    "/resolve E7K2M",
    "/msg K7M2QX",
    "/suspend K7M2QX",
    "/unsuspend",
    "/resources list",
    "/resources add fr crisis_line Ligne sans contact",
    "/broadcast everyone hello",
    "/broadcast peers",
    "/stats today",
]


async def coordinator(storage, clock, tg=1, language="en"):
    ctx = make_ctx(clock, storage)
    coord = person(clock, tg, role="coordinator", language=language)
    await add(storage, coord)
    return ctx, coord


@pytest.mark.parametrize("text", BAD_ARGUMENTS)
async def test_wrong_arguments_get_one_usage_line(storage, clock, text):
    ctx, coord = await coordinator(storage, clock)
    await run(storage, coordination.run, ctx, coord, text)
    [answer] = await texts(storage, coord)
    command = text.split()[0]
    assert answer.startswith(f"Usage: {command}")
    assert "\n" not in answer


async def test_unknown_codes_are_named(storage, clock):
    ctx, coord = await coordinator(storage, clock)
    for text in ("/match ZZZZZZ YYYYYY", "/endpair PXXXXX", "/claim EXXXXX", "/msg qqqqqq hi"):
        await run(storage, coordination.run, ctx, coord, text)
    assert await texts(storage, coord) == [
        "No one has the code ZZZZZZ.",
        "No pair has the code PXXXXX.",
        "No escalation has the code EXXXXX.",
        "No one has the code QQQQQQ.",
    ]
    assert [r.outcome for r in await audit_rows(storage)] == ["unknown"] * 4


async def test_queue_pages_with_signed_buttons(storage, clock):
    ctx, coord = await coordinator(storage, clock)
    seekers = [person(clock, 100 + n, pseudonym=f"S{n}") for n in range(10)]
    for n, s in enumerate(seekers):
        s.waiting_since = clock.now().replace(hour=0, minute=n)
    await add(storage, *seekers)
    await run(storage, coordination.run, ctx, coord, "/queue")
    [(_m, first)] = await outbox(storage, coord)
    assert first["text"].startswith("Waiting seekers: 10 (page 1/2)")
    assert "S0 (" in first["text"] and "S7 (" in first["text"] and "S8 (" not in first["text"]
    [[nxt]] = first["reply_markup"]["inline_keyboard"]
    action, args = ctx.buttons.decode(coord.id, nxt["callback_data"])
    assert (action, args) == ("coord.page", ["q", "1"])
    # Another person cannot use this button: it is signed for the coordinator.
    assert ctx.buttons.decode(seekers[0].id, nxt["callback_data"]) is None
    await run(storage, coord_lists.turn, ctx, coord, *args, 777)
    (method, page2) = (await outbox(storage, coord))[-1]
    assert method == "editMessageText" and page2["message_id"] == 777
    assert "S8 (" in page2["text"] and "S9 (" in page2["text"] and "(page 2/2)" in page2["text"]
    assert [b["text"] for b in page2["reply_markup"]["inline_keyboard"][0]] == ["‹ Prev"]


async def test_lists_when_empty(storage, clock):
    ctx, coord = await coordinator(storage, clock)
    for name in ("queue", "pairs", "peers", "escalations"):
        await run(storage, coordination.run, ctx, coord, f"/{name}")
    assert await texts(storage, coord) == [
        "No one is waiting for a peer right now.",
        "There are no open pairs.",
        "There are no peers yet.",
        "No escalation is open. ✅",
    ]


async def test_match_pairs_them_and_why_tells_the_score(storage, clock):
    ctx, coord = await coordinator(storage, clock)
    seeker = person(clock, 10, pseudonym="Lune")
    peer = person(clock, 20, pseudonym="Soleil", role="peer")
    await add(storage, seeker, peer)
    await run(storage, coordination.run, ctx, coord, f"/match {seeker.code} {peer.code.lower()}")
    async with storage.uow() as uow:
        [made] = await uow.pairs.open_for(seeker.id)
    assert (made.seeker_id, made.peer_id, made.score["matched_by"]) == (
        seeker.id,
        peer.id,
        coord.code,
    )
    assert any("Soleil" in t for t in await texts(storage, seeker))
    assert any("Lune" in t for t in await texts(storage, peer))
    assert f"Pair {made.code} created" in (await texts(storage, coord))[-1]
    await run(storage, coordination.run, ctx, coord, f"/why {made.code}")
    why = (await texts(storage, coord))[-1]
    assert "shared_experience: 3.0" in why and f"matched_by: {coord.code}" in why
    # Already paired: a second /match is refused with the way forward.
    other = person(clock, 21, role="peer")
    await add(storage, other)
    await run(storage, coordination.run, ctx, coord, f"/match {seeker.code} {other.code}")
    assert f"/reassign {made.code}" in (await texts(storage, coord))[-1]
    assert [(r.action, r.outcome) for r in await audit_rows(storage)] == [
        ("match", "ok"),
        ("why", "ok"),
        ("match", "refused"),
    ]


async def test_match_refusal_names_the_broken_constraints(storage, clock):
    ctx, coord = await coordinator(storage, clock)
    seeker = person(clock, 10, language="fr", experiences=("grief",))
    peer = person(clock, 20, role="peer", language="en")
    assert peer.peer_profile is not None
    peer.peer_profile.cannot_take = ["grief"]
    peer.peer_away = True
    await add(storage, seeker, peer)
    await run(storage, coordination.run, ctx, coord, f"/match {seeker.code} {peer.code}")
    refusal = (await texts(storage, coord))[-1]
    assert "cannot be paired" in refusal
    for reason in ("the peer is away", "share no language", "cannot take on"):
        assert reason in refusal
    assert (await fresh(storage, seeker)).seeker_state == "waiting"


async def test_endpair_ends_it_and_tells_both(storage, clock):
    ctx, coord = await coordinator(storage, clock)
    seeker, peer = person(clock, 10), person(clock, 20, role="peer")
    await add(storage, seeker, peer)
    code = await pair(storage, ctx, seeker, peer)
    before = len(await texts(storage, seeker)), len(await texts(storage, peer))
    await run(storage, coordination.run, ctx, coord, f"/endpair {code}")
    async with storage.uow() as uow:
        ended = await uow.pairs.by_code(code)
    assert (ended.status, ended.end_reason) == ("ended", "coordinator")
    assert len(await texts(storage, seeker)) > before[0]
    assert len(await texts(storage, peer)) > before[1]
    await run(storage, coordination.run, ctx, coord, f"/endpair {code}")
    assert (await texts(storage, coord))[-1] == f"Pair {code} has already ended."


async def test_msg_is_signed_by_the_team_never_the_coordinator(storage, clock):
    ctx, coord = await coordinator(storage, clock)
    coord.pseudonym = "Coordo Marie"
    async with storage.uow() as uow:
        await uow.people.save(coord)
        await uow.commit()
    seeker = person(clock, 10, pseudonym="Lune", language="fr")
    await add(storage, seeker)
    await run(
        storage, coordination.run, ctx, coord, f"/msg {seeker.code} Comment allez-vous ?\nÀ bientôt"
    )
    [got] = await texts(storage, seeker)
    assert got.startswith("💬 Message de l'équipe de coordination")
    assert "Comment allez-vous ?\nÀ bientôt" in got
    assert "Marie" not in got and coord.code not in got
    assert (await texts(storage, coord))[
        -1
    ] == f"Sent to Lune ({seeker.code}), signed by the coordination team."
    [row] = await audit_rows(storage)
    assert (row.action, row.targets) == ("msg", seeker.code)
    assert row.detail is not None and b"bient" not in row.detail  # sealed


async def test_suspend_pauses_pairs_and_stops_matching_then_unsuspend_undoes_it(storage, clock):
    ctx, coord = await coordinator(storage, clock)
    seeker = person(clock, 10, pseudonym="Lune")
    peer = person(clock, 20, pseudonym="Soleil", role="peer")
    waiting = person(clock, 30, pseudonym="Étoile")
    await add(storage, seeker, peer, waiting)
    code = await pair(storage, ctx, seeker, peer)
    await run(storage, coordination.run, ctx, coord, f"/suspend {peer.code} shared a phone number")
    async with storage.uow() as uow:
        paused = await uow.pairs.by_code(code)
        assert (paused.status, paused.paused_by) == ("paused", "coordination")
        ranked = await matching.rank_peers(uow, ctx, await uow.people.get(waiting.id))
        assert peer.id not in [r.peer.id for r in ranked]
    assert "Your conversation with Soleil is paused" in (await texts(storage, seeker))[-1]
    assert "participation in the network is paused" in (await texts(storage, peer))[-1]
    assert "phone" not in "".join(await texts(storage, peer))  # the reason stays internal
    assert code in (await texts(storage, coord))[-1]
    # A waiting seeker who is suspended leaves the queue, and comes back after.
    await run(storage, coordination.run, ctx, coord, f"/suspend {waiting.code} test")
    assert (await fresh(storage, waiting)).seeker_state == "none"
    await run(storage, coordination.run, ctx, coord, f"/unsuspend {waiting.code}")
    assert (await fresh(storage, waiting)).seeker_state in ("waiting", "offered")
    await run(storage, coordination.run, ctx, coord, f"/unsuspend {peer.code}")
    async with storage.uow() as uow:
        resumed = await uow.pairs.by_code(code)
    assert (resumed.status, resumed.paused_by) == ("active", None)
    assert "can continue" in (await texts(storage, seeker))[-1]
    await run(storage, coordination.run, ctx, coord, f"/unsuspend {peer.code}")
    assert (await texts(storage, coord))[-1].endswith("is not suspended.")
    await run(storage, coordination.run, ctx, coord, f"/suspend {coord.code} me")
    assert (await texts(storage, coord))[-1] == "You cannot suspend yourself."


async def test_broadcast_to_peers_or_everyone(storage, clock):
    ctx, coord = await coordinator(storage, clock)
    p1, p2 = person(clock, 20, role="peer"), person(clock, 21, role="peer", language="fr")
    applicant = person(clock, 22, role="peer")
    applicant.peer_state = "applicant"
    suspended = person(clock, 23, role="peer")
    suspended.status = "suspended"
    seeker = person(clock, 10)
    await add(storage, p1, p2, applicant, suspended, seeker)
    await run(storage, coordination.run, ctx, coord, "/broadcast peers Training on Thursday")
    assert (await texts(storage, p1))[-1].endswith(
        "Training on Thursday\n\n(You can't reply to this message directly. "
        "If you need urgent help, send /sos.)"
    )
    assert "Thursday" in (await texts(storage, p2))[-1]
    for nobody in (applicant, suspended, seeker):
        assert await texts(storage, nobody) == []
    assert (await texts(storage, coord))[-1].startswith("Broadcast queued for 2 people")
    await run(storage, coordination.run, ctx, coord, "/broadcast all New hours")
    assert "New hours" in (await texts(storage, seeker))[-1]
    assert (await texts(storage, coord))[-1].startswith("Broadcast queued for 4 people")


async def test_resources_list_add_remove(storage, clock):
    ctx, coord = await coordinator(storage, clock)
    await run(storage, coordination.run, ctx, coord, "/resources")
    listing = (await texts(storage, coord))[-1]
    assert "[config] fr · crisis line · 3114" in listing
    await run(
        storage,
        coordination.run,
        ctx,
        coord,
        "/resources add fr social_work Assistante sociale CHU | 01 23 45 67 89",
    )
    added = (await texts(storage, coord))[-1]
    short = added.split("[")[1].split("]")[0]
    await run(storage, coordination.run, ctx, coord, "/resources")
    assert (
        f"[{short}] fr · social work · Assistante sociale CHU: 01 23 45 67 89"
        in (await texts(storage, coord))[-1]
    )
    for bad, answer in (
        ("/resources add de crisis_line X | 1", "The language de is not one"),
        ("/resources add fr hotline X | 1", "The kind must be one of"),
        ("/resources remove abcdef", "No entry added here has the ID abcdef"),
    ):
        await run(storage, coordination.run, ctx, coord, bad)
        assert (await texts(storage, coord))[-1].startswith(answer)
    await run(storage, coordination.run, ctx, coord, f"/resources remove {short}")
    assert (await texts(storage, coord))[-1] == f"Removed [{short}] Assistante sociale CHU."
    await run(storage, coordination.run, ctx, coord, "/resources")
    assert short not in (await texts(storage, coord))[-1]


async def test_audit_lists_latest_first_with_codes(storage, clock):
    ctx, coord = await coordinator(storage, clock)
    seeker = person(clock, 10)
    await add(storage, seeker)
    await run(storage, coordination.run, ctx, coord, f"/msg {seeker.code} hello there")
    clock.advance(minutes=1)
    await run(storage, coordination.run, ctx, coord, "/audit")
    listing = (await texts(storage, coord))[-1]
    assert listing.startswith("Audit log — page 1/1, 1 in all")
    assert f"{coord.code} · msg · {seeker.code} · ok — hello there" in listing
