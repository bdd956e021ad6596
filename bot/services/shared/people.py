"""Knowing who wrote: find or create the person behind a Telegram account."""

from __future__ import annotations

import logging

from bot.domain.people import Person, new_code
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.repositories import new_id
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)


async def identify(
    uow: UnitOfWork, ctx: ServiceContext, telegram_id: int, language_code: str | None
) -> Person:
    """The person for this account, created on first contact; seen now, so reachable again."""
    now = ctx.clock.now()
    person = await uow.people.by_telegram_id(telegram_id)
    if person is None:
        person = Person(
            id=new_id(),
            code=await _unused_code(uow),
            telegram_id=telegram_id,
            created_at=now,
            # Unknown until they write to us (coordinators are created from the config).
            language=ctx.t.pick(language_code) if language_code else None,
            is_coordinator=telegram_id in ctx.settings.network.coordinators,
            last_seen_at=now,
        )
        await uow.people.add(person)
        # Suspended, then erased: the same account comes back suspended, not as a stranger.
        await welcome_banned(uow, ctx, person)
        return person
    changed = False
    if person.language is None and language_code:
        person.language = ctx.t.pick(language_code)
        changed = True
    if person.unreachable_at is not None:
        # Writing to us means they unblocked the bot: sends may resume.
        person.unreachable_at = None
        changed = True
    if telegram_id in ctx.settings.network.coordinators and not person.is_coordinator:
        person.is_coordinator = True
        changed = True
    if telegram_id in ctx.settings.network.coordinators and person.suspended:
        # Configured coordinators cannot be suspended (coord_people.suspend refuses): one
        # suspended before that rule existed gets their power back with their next message.
        person.reinstate()
        changed = True
    if person.last_seen_at is None or (now - person.last_seen_at).total_seconds() > 60:
        person.last_seen_at = now
        changed = True
    if changed:
        await uow.people.save(person)
    return person


async def _unused_code(uow: UnitOfWork) -> str:
    while True:
        code = new_code()
        if await uow.people.by_code(code) is None:
            return code


async def welcome_banned(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> bool:
    """A new account found among the ban markers (suspended, then erased): it starts suspended,
    and is told so kindly, with the way to the coordination team. True when it was."""
    if not await uow.people.is_banned(person.telegram_id):
        return False
    person.suspend()
    await uow.people.save(person)
    await say(uow, person, ctx.t(person.language, "privacy.banned"))
    log.info("a suspended account came back after erasure", extra={"person": person.code})
    return True
