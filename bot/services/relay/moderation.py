"""What a suspended person is told when they try to reach someone: nothing they send goes on.

The rule itself is the domain's (``Person.may_reach_others``); this is the one answer every
refused path gives, so a person on hold is never left wondering where their message went, and
is not answered once per message either (``ON_HOLD_NOTICE_EVERY``).
"""

from __future__ import annotations

import logging

from bot.domain.people import ON_HOLD_NOTICE_EVERY, Person
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

# A (handled) domain event: this person was told their account is on hold.
TOLD_ON_HOLD = "moderation.on_hold_told"


async def held_back(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    *,
    reply_to: int | None = None,
    command: bool = False,
) -> bool:
    """True when this person may not reach anyone right now (the caller then stops); they are
    told so kindly, at most once per ``ON_HOLD_NOTICE_EVERY`` for messages. A command or a
    button is always answered: someone who asked for something explicitly must not meet
    silence."""
    if person.may_reach_others:
        return False
    now = ctx.clock.now()
    marks = uow.queue
    told = await marks.marked_since(TOLD_ON_HOLD, person.id, now - ON_HOLD_NOTICE_EVERY)
    if command or not told:
        await marks.mark(TOLD_ON_HOLD, person.id, now)
        await say(uow, person, ctx.t(person.language, "relay.on_hold"), reply_to=reply_to)
    log.info("held back", extra={"person": person.code})
    return True
