"""Coordinators acting on people: /msg, /suspend, /unsuspend, /broadcast.

Everything sent to participants is signed "the coordination team": no coordinator's own name,
pseudonym or code ever reaches a participant.
"""

from __future__ import annotations

from bot.domain.escalations import Escalation
from bot.domain.events import (
    PeerHasRoom,
    PeerUnavailable,
    SeekerSearchResumed,
    SeekerStoppedLooking,
)
from bot.domain.pairs import ACTIVE, Pair
from bot.domain.people import Person, SeekerState, config_coordinator
from bot.domain.relay import PAUSED_BY_COORDINATION
from bot.services.coordination.pairs import find_person
from bot.services.escalations import claims
from bot.services.relay import conversation, moderation
from bot.services.shared import audit, replies
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import Command, label, reply, team_say, usage
from bot.storage.repositories import OutgoingMessage
from bot.storage.uow import UnitOfWork

BY_COORDINATION = PAUSED_BY_COORDINATION
# A (handled) domain event: this person was looking for a peer when suspended.
WAS_WAITING = "coord.suspended_waiting"
TEXT_MAX = 3500  # room for the team header within Telegram's 4096 characters


async def msg(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command) -> None:
    """/msg CODE TEXT: a message to one person from the coordination team."""
    head, text = cmd.split(1)
    if not head or not text or len(text) > TEXT_MAX:
        await usage(uow, ctx, coordinator, "msg")
        return
    person = await find_person(uow, ctx, coordinator, head[0], "msg")
    if person is None:
        return
    if not person.reachable:
        await audit.record(uow, coordinator, "msg", targets=[person.code], outcome="unreachable")
        await reply(uow, ctx, coordinator, "coord.msg.unreachable", who=label(person))
        return
    await team_say(uow, ctx, person, "coord.msg.body", text=text)
    await audit.record(uow, coordinator, "msg", targets=[person.code], detail=text, about=person)
    await reply(uow, ctx, coordinator, "coord.msg.sent", who=label(person))


async def _stop_matching(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """Offers in flight to or for this person are withdrawn; a seeker who was looking for a peer
    leaves the queue, with a mark so /unsuspend puts them back."""
    if person.is_peer:
        # Their pending offers go on to other peers.
        await ctx.publish(uow, PeerUnavailable(person))
    if person.searching:
        await ctx.publish(uow, SeekerStoppedLooking(person))
        person.stop_searching()
        uow.coord.mark(WAS_WAITING, person.id, ctx.clock.now())


async def _was_waiting(uow: UnitOfWork, person: Person) -> bool:
    return await uow.coord.take_marks(WAS_WAITING, person.id)


async def suspend(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command) -> None:
    """/suspend CODE REASON: not matched any more; open pairs paused, partners told kindly."""
    head, reason = cmd.split(1)
    if not head or not reason:
        await usage(uow, ctx, coordinator, "suspend")
        return
    person = await find_person(uow, ctx, coordinator, head[0], "suspend")
    if person is None:
        return
    if person.id == coordinator.id or person.suspended:
        key = "coord.suspend.self" if person.id == coordinator.id else "coord.suspend.already"
        await reply(uow, ctx, coordinator, key, who=label(person))
        await audit.record(uow, coordinator, "suspend", targets=[person.code], outcome="refused")
        return
    if config_coordinator(person, ctx.settings.network.coordinators):
        # Otherwise one invited coordinator could lock every other one out of the network.
        await reply(uow, ctx, coordinator, "coord.suspend.protected", who=label(person))
        await audit.record(
            uow, coordinator, "suspend", targets=[person.code], outcome="protected", detail=reason
        )
        return
    person.suspend()
    await uow.people.save(person)
    if person.is_coordinator:
        # Their chat falls back to everyone's menu: no coordinator command is even listed.
        scope = {"type": "chat", "chat_id": person.telegram_id}
        await uow.outbox.add(OutgoingMessage(person.id, "deleteMyCommands", {"scope": scope}))
        await replies.withdraw_dashboard_button(uow, ctx, person)
    await _stop_matching(uow, ctx, person)
    await uow.people.save(person)
    paused = await _pause_pairs(uow, ctx, person)
    await team_say(uow, ctx, person, "coord.suspend.you")
    codes = [p.code for p in paused]
    await audit.record(
        uow, coordinator, "suspend", targets=[person.code, *codes], detail=reason, about=person
    )
    await reply(
        uow,
        ctx,
        coordinator,
        "coord.suspend.done",
        who=label(person),
        pairs=", ".join(codes) or "—",
    )


async def _pause_pairs(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> list[Pair]:
    paused = []
    for pair in await uow.pairs.open_for(person.id):
        if pair.status != ACTIVE:
            continue  # already paused by one of them: their choice stands
        await conversation.set_paused(uow, pair, BY_COORDINATION)
        paused.append(pair)
        partner = await uow.people.get(pair.other(person.id))
        if partner is not None:
            await team_say(uow, ctx, partner, "coord.suspend.partner", other=person.display_name)
    return paused


async def unsuspend(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command
) -> None:
    """/unsuspend CODE: matched again; pairs paused by the suspension resume."""
    if len(cmd.words) != 1:
        await usage(uow, ctx, coordinator, "unsuspend")
        return
    person = await find_person(uow, ctx, coordinator, cmd.words[0], "unsuspend")
    if person is None:
        return
    if not person.suspended:
        await reply(uow, ctx, coordinator, "coord.unsuspend.not_suspended", who=label(person))
        await audit.record(uow, coordinator, "unsuspend", targets=[person.code], outcome="refused")
        return
    person.reinstate()
    await uow.people.save(person)
    # A later suspension starts afresh: its first refused message is explained at once.
    await uow.coord.take_marks(moderation.TOLD_ON_HOLD, person.id)
    if person.is_coordinator:
        await replies.publish_own_menu(uow, ctx, person)
    resumed = await _resume_pairs(uow, ctx, person)
    await team_say(uow, ctx, person, "coord.unsuspend.you")
    if await _was_waiting(uow, person):
        await ctx.publish(uow, SeekerSearchResumed(person))
        person = await uow.people.get(person.id) or person
    if person.is_peer and person.approved_peer:
        await ctx.publish(uow, PeerHasRoom(person))
    await audit.record(uow, coordinator, "unsuspend", targets=[person.code, *resumed])
    await reply(
        uow,
        ctx,
        coordinator,
        "coord.unsuspend.done",
        who=label(person),
        pairs=", ".join(resumed) or "—",
    )


async def _resume_pairs(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> list[str]:
    """Pairs paused by the suspension go on, unless the other side is suspended too."""
    repo = uow.pairs
    resumed = []
    for pair in await repo.open_for(person.id):
        partner = await uow.people.get(pair.other(person.id))
        if pair.paused_by != BY_COORDINATION or partner is None or partner.suspended:
            continue
        pair.lift_coordination_pause()
        await repo.save(pair)
        seeker = await uow.people.get(pair.seeker_id)
        if seeker is not None and seeker.seeker_state is SeekerState.PAUSED:
            seeker.pairing_resumed()
            await uow.people.save(seeker)
        resumed.append(pair.code)
        await team_say(uow, ctx, partner, "coord.unsuspend.partner", other=person.display_name)
    return resumed


async def broadcast(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command
) -> None:
    """/broadcast peers|all TEXT: through the outbox, which paces it within Telegram's limits."""
    head, text = cmd.split(1)
    audience = head[0].lower() if head else ""
    if audience not in ("peers", "all") or not text or len(text) > TEXT_MAX:
        await usage(uow, ctx, coordinator, "broadcast")
        return
    people = await uow.coord.peers() if audience == "peers" else await uow.coord.everyone()
    recipients = [
        p
        for p in people
        if p.id != coordinator.id
        and not p.suspended
        and p.reachable
        and (audience == "all" or p.approved_peer)
    ]
    for person in recipients:
        await team_say(uow, ctx, person, "coord.msg.body", text=text)
    await audit.record(
        uow, coordinator, "broadcast", targets=[audience], detail=f"{len(recipients)}: {text}"
    )
    await reply(uow, ctx, coordinator, "coord.broadcast.done", count=len(recipients))


async def resolve(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation, note: str
) -> bool:
    """Resolves an escalation (``/resolve`` or the Resolve button's note). A spam note closes
    every escalation of that person and suspends them, through the one suspension there is,
    so it holds (and is audited) like any other."""
    done = await claims.resolve(uow, ctx, coordinator, esc, note)
    if not done or not claims.is_spam(note) or esc.subject_id is None:
        return done
    subject = await uow.people.get(esc.subject_id)
    if subject is not None and not subject.suspended:
        await suspend(
            uow, ctx, coordinator, Command.parse(f"/suspend {subject.code} {claims.SPAM}")
        )
    return done
