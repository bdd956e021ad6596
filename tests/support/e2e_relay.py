"""The relay end to end: people seated in the database with a sandbox account, and pairs."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from tests.support.relay import add_pair, add_person


def now_clock() -> FakeClock:
    # Real time: a pair "created" long ago would get other features' silence nudges mid-test.
    return FakeClock(datetime.now(UTC))


async def seat(storage, sandbox, telegram_id, first, pseudonym, *, role, lang="en", **names):
    """A person who has been through onboarding and may write to the bot."""
    user = sandbox.user(telegram_id, first_name=first, language_code=lang, **names)
    user.started = True
    async with storage.uow() as uow:
        person = await add_person(
            uow,
            now_clock(),
            telegram_id,
            pseudonym,
            language=lang,
            seeker=role == "seeker",
            peer=role == "peer",
            coordinator=role == "coordinator",
        )
        await uow.commit()
    return user, person


async def pair_up(storage, *pairs):
    clock = now_clock()
    made = []
    async with storage.uow() as uow:
        for seeker, peer in pairs:
            made.append(await add_pair(uow, clock, seeker, peer))
        await uow.commit()
    return made
