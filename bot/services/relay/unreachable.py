"""When the bot can no longer reach someone (they blocked it, or deleted their account).

The dispatcher records a ``recipient_unreachable`` event on the first 403; this sweep turns it
into what people need: the other side of each open conversation hears that their messages
cannot arrive right now, the conversation is paused so nothing piles up, and coordinators are
told (by code) so someone can follow up.
"""

from __future__ import annotations

import logging

from bot.domain.pairs import ACTIVE, PAUSED_UNREACHABLE
from bot.services.relay.conversation import set_paused
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

EVENT = "recipient_unreachable"


async def handle_unreachable(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Handles every pending event (marking it handled); returns how many there were."""
    events = await uow.events.unhandled(EVENT)
    await uow.events.mark_handled([event.id for event in events], ctx.clock.now())
    for event in events:
        person = await uow.people.get(event.person_id) if event.person_id else None
        if person is None:
            continue
        codes = []
        for pair in await uow.pairs.open_for(person.id):
            other = await uow.people.get(pair.other(person.id))
            if pair.status == ACTIVE:
                await set_paused(uow, pair, PAUSED_UNREACHABLE)
            if other is not None:
                text = ctx.t(other.language, "relay.unreachable.partner", name=person.display_name)
                await say(uow, other, text)
            codes.append(pair.code)
        if not codes:
            continue
        log.warning("participant unreachable", extra={"person": person.code, "pairs": codes})
        for coordinator in await uow.people.coordinators():
            if coordinator.id == person.id:
                continue
            text = ctx.t(
                coordinator.language,
                "relay.unreachable.coordinator",
                code=person.code,
                pairs=", ".join(codes),
            )
            await say(uow, coordinator, text)
    return len(events)
