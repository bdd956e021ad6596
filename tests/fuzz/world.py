"""A small network seeded once per test: bystanders with a conversation, a waiting seeker with an
open offer, an applicant, open escalations and buttons sent to each of them; and one sender in
the role under test, with objects of their own.

Bystanders speak French only and the sender English only: matching never pairs them, so
anything that touches a bystander's record is a fault, not a side effect of a legitimate match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from bot.domain.people import Person
from bot.sandbox import SimUser
from bot.services.matching import pairing as matching
from bot.services.onboarding.applications import APPLICANT
from bot.storage.uow import UnitOfWork
from tests.fuzz.ownership import snapshot
from tests.support.factories import add_pair, add_person
from tests.support.in_process import InProcessBot, Outcome

ROLES = (
    "stranger",
    "seeker_waiting",
    "seeker_paired",
    "peer_applicant",
    "peer_approved",
    "peer_paired",
    "coordinator",
)

# Long and distinctive, so finding one in a text cannot be a coincidence.
COORDINATOR_ID = 8_100_000_001
SENDER_ID = 8_100_000_100
COUNTERPART_ID = 8_100_000_101
BYSTANDERS = {
    "seeker_paired": 8_100_000_011,
    "peer_paired": 8_100_000_012,
    "seeker_waiting": 8_100_000_013,
    "peer_free": 8_100_000_014,
    "applicant": 8_100_000_015,
}


def coordinators_for(role: str) -> tuple[int, ...]:
    return (COORDINATOR_ID, SENDER_ID) if role == "coordinator" else (COORDINATOR_ID,)


@dataclass
class World:
    bot: InProcessBot
    role: str
    sender: SimUser
    # Everyone's Telegram id, the sender's included.
    telegram_ids: set[int]
    # Codes, ids and Telegram ids of everything seeded: arguments worth trying.
    tokens: list[str] = field(default_factory=list)
    sent_message_ids: list[int] = field(default_factory=list)

    async def sender_id(self) -> str | None:
        async with self.bot.storage.uow() as uow:
            person = await uow.people.by_telegram_id(SENDER_ID)
        return person.id if person else None


async def _sender(uow: UnitOfWork, role: str) -> None:
    if role == "stranger":
        return
    if role == "coordinator":
        # Configured coordinators exist from the bot's start; this one chose a name and language.
        found = await uow.people.by_telegram_id(SENDER_ID)
        assert found is not None
        found.pseudonym, found.language = "Orme", "en"
        await uow.people.save(found)
        return
    seeker = role.startswith("seeker")
    person = await add_person(uow, SENDER_ID, "Saule", seeker=seeker, peer=not seeker, capacity=1)
    if role == "peer_applicant":
        person.peer_state = APPLICANT
        await uow.people.save(person)
    if role == "seeker_paired":
        other = await add_person(uow, COUNTERPART_ID, "Tilleul", peer=True, capacity=1)
        await add_pair(uow, person, other)
    if role == "peer_paired":
        other = await add_person(uow, COUNTERPART_ID, "Tilleul", seeker=True)
        await add_pair(uow, other, person)


async def build_world(bot: InProcessBot, role: str) -> World:
    storage, services = bot.storage, bot.services
    async with storage.uow() as uow:
        people: dict[str, Person] = {}
        for label, tid in BYSTANDERS.items():
            seeker = label.startswith("seeker")
            people[label] = await add_person(
                uow, tid, f"Fr-{label}", language="fr", seeker=seeker, peer=not seeker
            )
        people["applicant"].peer_state = APPLICANT
        await uow.people.save(people["applicant"])
        await add_pair(uow, people["seeker_paired"], people["peer_paired"])
        await _sender(uow, role)
        await uow.commit()
    async with storage.uow() as uow:
        # A real offer, with real Accept / Decline buttons sent to a bystander peer.
        await matching.seeker_ready(uow, services, people["seeker_waiting"])
        await uow.commit()
    await bot.collect_sends()

    users = {label: bot.user(tid, "fr") for label, tid in BYSTANDERS.items()}
    coordinator = bot.user(COORDINATOR_ID, "fr")
    # Bystanders act first, so real buttons of theirs exist: an escalation alert with Claim for
    # the coordinators, confirmations of /end and /block naming a pair, a referral.
    setup: list[tuple[SimUser, str, tuple[str, ...]]] = [
        (users["seeker_paired"], "/sos", ()),
        (users["seeker_paired"], "/end", ()),
        (users["seeker_paired"], "/newpeer", ()),
        (users["peer_paired"], "/block", ()),
        (users["peer_paired"], "/escalate", ("elle", "a", "besoin", "de", "plus")),
        (users["seeker_paired"], "/schedule", ()),
        (coordinator, "/pending", ()),
        (coordinator, "/escalations", ()),
    ]
    for user, command, args in setup:
        outcomes: list[Outcome] = await bot.feed(partial(user.send_command, command, *args))
        assert all(o.processed and o.failure is None for o in outcomes), outcomes
    sender = bot.user(SENDER_ID, "en")
    world = World(bot, role, sender, {*BYSTANDERS.values(), COORDINATOR_ID, SENDER_ID})
    if role in ("seeker_paired", "peer_paired"):
        world.telegram_ids.add(COUNTERPART_ID)
    snap = await snapshot(storage)
    for table in ("people", "pairs", "escalations", "offers"):
        for row in snap[table].values():
            world.tokens.append(str(row["id"]))
            if row.get("code"):
                world.tokens.append(str(row["code"]))
    world.tokens += [str(tid) for tid in sorted(world.telegram_ids)]
    return world
