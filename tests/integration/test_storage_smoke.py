from __future__ import annotations

from bot.domain.people import Person, new_code
from bot.storage.orm import new_id


async def test_person_round_trip(storage, clock):
    person = Person(
        id=new_id(), code=new_code(), telegram_id=4242, created_at=clock.now(), pseudonym="Colibri"
    )
    async with storage.uow() as uow:
        await uow.people.add(person)
        await uow.commit()
    async with storage.uow() as uow:
        found = await uow.people.by_telegram_id(4242)
    assert found is not None and found.pseudonym == "Colibri" and found.code == person.code
