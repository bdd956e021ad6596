"""Scheduled follow-up in the real bot process, with time moved through its clock file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.storage.orm import CheckinRow, EscalationRow
from tests.support.e2e_harness import BotProcess, write_config
from tests.support.factories import add_pair, add_person

pytestmark = pytest.mark.e2e
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # 11:00 Paris, 05:00 Montreal
FAST = {"tick_seconds": 0.3}


def scheduling(extra: dict) -> str:
    return "[scheduling]\n" + "".join(f"{k} = {v}\n" for k, v in extra.items())


async def until(predicate, timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("condition not met in time")


async def checkin_rows(storage) -> int:
    async with storage.uow() as uow:
        return int(
            (await uow.session.execute(select(func.count()).select_from(CheckinRow))).scalar_one()
        )


def questions(user) -> list:
    return [
        m
        for m in user.received
        if "how helpful" in (m.text or "") or "comment vivez" in (m.text or "")
    ]


async def test_checkins_survive_downtime_once_and_answers_take_effect(
    sandbox, make_bot, storage, clock, clock_file
):
    clock.set(MONDAY)
    clock_file(MONDAY)
    seeker_u = sandbox.user(9101, first_name="Sam", language_code="en")
    peer_u = sandbox.user(9102, first_name="Pia", language_code="fr")
    coord_u = sandbox.user(9103, first_name="Cleo", language_code="en")
    for u in (seeker_u, peer_u, coord_u):
        u.started = True
    async with storage.uow() as uow:
        seeker = await add_person(uow, seeker_u.id, "Colibri", seeker=True, timezone="Europe/Paris")
        peer = await add_person(
            uow, peer_u.id, "Héron", peer=True, language="fr", timezone="America/Montreal"
        )
        await add_person(uow, coord_u.id, "Coord", coordinator=True)
        await add_pair(uow, seeker, peer)
        await uow.commit()
    bot = make_bot(
        coordinators=(coord_u.id,),
        env={"ENTRAIDE_CLOCK_FILE": str(clock_file.path)},
        extra=scheduling(FAST),
    )
    await bot.start()
    await until(lambda: _at_least(storage, 2))
    assert await bot.stop() == 0
    # Down across the due time: a week and four hours later, both are due (09:00 Montreal).
    clock_file(MONDAY + timedelta(days=7, hours=4))
    await bot.start()
    seeker_q = await seeker_u.wait_for(lambda m: "how helpful" in (m.text or ""), timeout=15)
    await peer_u.wait_for(lambda m: "comment vivez" in (m.text or ""), timeout=15)
    await asyncio.sleep(1.5)  # several more ticks: nothing is asked twice
    assert len(questions(seeker_u)) == 1 and len(questions(peer_u)) == 1

    seeker_u.press(seeker_q, button_text="I need urgent help")
    crisis = await seeker_u.wait_for(lambda m: "You are not alone" in (m.text or ""))
    assert "116 123" in crisis.text
    await coord_u.wait_for(lambda m: "Urgent escalation" in (m.text or ""))

    peer_q = questions(peer_u)[0]
    peer_u.press(peer_q, button_text="J'ai besoin d'une pause")
    await peer_u.wait_for(lambda m: "/back" in (m.text or ""))
    await coord_u.wait_for(lambda m: "asked for a break" in (m.text or ""))
    async with storage.uow() as uow:
        assert (await uow.people.get(peer.id)).peer_away is True
        kinds = (await uow.session.execute(select(EscalationRow.kind))).scalars().all()
    assert list(kinds) == ["checkin"]


async def _at_least(storage, n: int) -> bool:
    return await checkin_rows(storage) >= n


async def test_two_processes_on_one_postgres_do_each_checkin_once(
    sandbox, db_url, key_ring, tmp_path, storage, clock, clock_file, person_keys_url
):
    if not db_url.startswith("postgresql"):
        pytest.skip("two processes sharing one database is the Postgres deployment")
    clock.set(MONDAY)
    clock_file(MONDAY)
    users = []
    async with storage.uow() as uow:
        for n in range(25):
            s_u = sandbox.user(9200 + 2 * n, first_name=f"S{n}", language_code="en")
            p_u = sandbox.user(9201 + 2 * n, first_name=f"P{n}", language_code="en")
            s_u.started = p_u.started = True
            users += [s_u, p_u]
            seeker = await add_person(
                uow, s_u.id, f"Seeker{n}", seeker=True, timezone="Europe/Paris"
            )
            peer = await add_person(
                uow, p_u.id, f"Peer{n}", peer=True, timezone="Europe/Paris", capacity=1
            )
            await add_pair(uow, seeker, peer, age=timedelta(days=7))
        await uow.commit()
    env = {
        "ENTRAIDE_CLOCK_FILE": str(clock_file.path),
        "ENTRAIDE_PERSON_KEYS_URL": person_keys_url,
    }
    bots = []
    for i in range(2):
        logs = tmp_path / f"p{i}"
        logs.mkdir()
        config = write_config(
            tmp_path / f"c{i}.toml",
            sandbox,
            db_url,
            extra=scheduling(FAST),
            telegram={"max_messages_per_second": 30.0},
        )
        bots.append(BotProcess(config, key_ring, logs, env=env))
    await asyncio.gather(*(b.start() for b in bots))
    try:
        for u in users:
            await u.wait_for(lambda m: "Checking in" in (m.text or ""), timeout=30)
        await asyncio.sleep(2.0)
        for u in users:
            assert len([m for m in u.received if "Checking in" in (m.text or "")]) == 1, u
        sends = [
            r
            for r in sandbox.calls("sendMessage")
            if r.status_code == 200 and "Checking in" in str(r.params.get("text", ""))
        ]
        assert len(sends) == 50
    finally:
        for b in bots:
            await b.stop()
