"""A peer protects themself from overload: /away, /back and /capacity N.

Only approved peers have these commands; anyone else gets the ordinary unknown-command answer.
"""

from __future__ import annotations

from bot.domain.people import Person
from bot.services.matching import pairing as matching
from bot.services.shared import replies
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.uow import UnitOfWork


def is_active_peer(person: Person) -> bool:
    return person.approved_peer and not person.suspended


async def _locked_peer(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> Person | None:
    """The peer's row, locked and read afresh (matching may be counting their load right now);
    None, after the unknown-command answer, for anyone who is not a peer."""
    if not is_active_peer(person):
        await replies.unknown_command(uow, ctx, person)
        return None
    await uow.queue.lock_person(person.id)
    return await uow.people.get(person.id)


async def go_away(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/away: no new offers; open conversations go on; pending offers pass to other peers."""
    peer = await _locked_peer(uow, ctx, person)
    if peer is None:
        return
    if peer.peer_away:
        await say(uow, peer, ctx.t(peer.language, "matching.already_away"))
        return
    peer.peer_away = True
    await uow.people.save(peer)
    await say(uow, peer, ctx.t(peer.language, "matching.away"))
    await matching.peer_unavailable(uow, ctx, peer)


async def come_back(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/back: offers again, and waiting seekers are looked at at once."""
    peer = await _locked_peer(uow, ctx, person)
    if peer is None:
        return
    key = "matching.back" if peer.peer_away else "matching.already_back"
    peer.peer_away = False
    await uow.people.save(peer)
    await say(uow, peer, ctx.t(peer.language, key, capacity=peer.peer_capacity))
    await matching.peer_freed(uow, ctx, peer)


async def set_capacity(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, args: list[str]
) -> None:
    """/capacity N: how many seekers at once, 1 to ``matching.max_capacity``."""
    peer = await _locked_peer(uow, ctx, person)
    if peer is None:
        return
    highest = ctx.settings.matching.max_capacity
    wanted = _whole_number(args)
    if wanted is None or not 1 <= wanted <= highest:
        text = ctx.t(
            peer.language, "matching.capacity_usage", max=highest, current=peer.peer_capacity
        )
        await say(uow, peer, text)
        return
    before = peer.peer_capacity
    peer.peer_capacity = wanted
    await uow.people.save(peer)
    text = ctx.t(peer.language, "matching.capacity_set", capacity=wanted)
    load = await uow.offers.load_of(peer.id)
    if load > wanted:
        text += "\n\n" + ctx.t(peer.language, "matching.capacity_below_load", load=load)
    await say(uow, peer, text)
    if wanted > before:
        await matching.peer_freed(uow, ctx, peer)


def _whole_number(args: list[str]) -> int | None:
    if len(args) != 1:
        return None
    text = args[0].strip()
    # isdecimal alone accepts other scripts' digits, which int() reads but nobody means here.
    if not (text.isascii() and text.isdecimal()) or len(text) > 3:
        return None
    return int(text)
