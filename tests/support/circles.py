"""Shared set-up for the circles' tests (no tests here): people who can join circles, and the
one-line /newcircle a coordinator types."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.domain.people import Person
from bot.sandbox import Sandbox
from bot.sandbox.users import SimUser
from bot.storage.uow import Storage
from tests.support.factories import add_person


@dataclass(eq=False)  # hashable: tests key what each member saw by member
class Member:
    user: SimUser
    person: Person

    @property
    def code(self) -> str:
        return self.person.code


async def seat(
    storage: Storage,
    sandbox: Sandbox,
    telegram_id: int,
    first_name: str,
    pseudonym: str,
    *,
    role: str,
    language: str = "en",
    timezone: str | None = None,
    speaks: tuple[str, ...] = (),
) -> Member:
    """A consented person with a sandbox account; ``speaks``: languages besides their own."""
    user = sandbox.user(
        telegram_id,
        first_name=first_name,
        last_name=f"{first_name}son",
        username=f"{first_name.lower()}_real",
        language_code=language,
    )
    user.started = True
    async with storage.uow() as uow:
        person = await add_person(
            uow,
            telegram_id,
            pseudonym,
            language=language,
            timezone=timezone,
            seeker=role == "seeker",
            peer=role == "peer",
            coordinator=role == "coordinator",
        )
        # Not looking for a peer: matching would otherwise write to them mid-test.
        person.seeker_state, person.waiting_since = "none", None
        languages = [language, *speaks]
        if person.seeker_profile is not None:
            person.seeker_profile = replace(person.seeker_profile, languages=languages)
        if person.peer_profile is not None:
            person.peer_profile = replace(person.peer_profile, languages=languages)
        await uow.people.save(person)
        await uow.commit()
    return Member(user, person)


def newcircle(title: str, facilitator: str, schedule: str, *rest: str, lang: str = "en") -> str:
    return " | ".join([title, "burnout, grief", lang, facilitator, schedule, *rest])
