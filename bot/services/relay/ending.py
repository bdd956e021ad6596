"""Ending a pair, and the confirmations of /end, /block and /newpeer.

Ending cannot be undone, so each of those commands asks first (Yes / Keep). Both sides are
told kindly, each in their language; the ending message carries the rating buttons of
``feedback``, and matching hears that the peer has room again (``PeerHasRoom``).
"""

from __future__ import annotations

import logging

from bot.domain.events import PairBlocked, PeerHasRoom, SeekerLooking
from bot.domain.pairs import MEMBER_REASONS, EndReason, Pair
from bot.domain.people import Person, SeekerState
from bot.services.relay import moderation
from bot.services.relay.conversation import PICK_BLOCK, PICK_END, name_of, target
from bot.services.relay.feedback import offer_new_peer, rating_keyboard
from bot.services.relay.routing import close_prompt
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

END_ACTION, BLOCK_ACTION, NEWPEER_ACTION = "relay.end", "relay.block", "relay.newpeer"
KEEP_ACTION = "relay.keep"


async def end_pair(
    uow: UnitOfWork,
    ctx: ServiceContext,
    pair: Pair,
    *,
    reason: str,
    by: Person | None,
    notify: bool = True,
) -> None:
    """Ends an open pair (reason: seeker | peer | coordinator | reassigned | blocked |
    reported | forgotten | unreachable), tells both sides kindly when ``notify``, clears focus,
    and tells matching the peer has room again (``PeerHasRoom``)."""
    if not pair.open:
        return
    seeker, peer = await _close(uow, ctx, pair, reason, by)
    if notify:
        await _tell_ended(uow, ctx, pair, reason, by, seeker, peer)
    if peer is not None:
        await ctx.publish(uow, PeerHasRoom(peer))


async def _close(
    uow: UnitOfWork, ctx: ServiceContext, pair: Pair, reason: str, by: Person | None
) -> tuple[Person | None, Person | None]:
    """The state changes of an ending, nothing said: pair ended, focus cleared, the seeker no
    longer paired, messages held for it dropped."""
    pair.end(reason, ctx.clock.now())
    await uow.pairs.save(pair)

    async def member(person_id: str) -> Person | None:
        # The caller's own object when it is a member, so it does not go stale.
        return by if by is not None and by.id == person_id else await uow.people.get(person_id)

    seeker, peer = await member(pair.seeker_id), await member(pair.peer_id)
    await uow.held.drop_for_pair(pair.id)
    for person in (seeker, peer):
        if person is None:
            continue
        if person.focus_pair_id == pair.id:
            person.focus_pair_id = None
        left = await uow.pairs.open_for(person.id)
        if person is seeker and person.seeker_state in (SeekerState.PAIRED, SeekerState.PAUSED):
            if not any(p.seeker_id == person.id for p in left):
                person.pairing_ended()
        if not left:
            await uow.held.drop_all(person.id)
        await uow.people.save(person)
    log.info("pair ended", extra={"pair": pair.code, "reason": reason})
    return seeker, peer


# What both sides hear when neither of them ended it (by default: a coordinator did).
_ENDED_BY_NEITHER: dict[str, str] = {
    EndReason.REASSIGNED: "relay.end.reassigned",
    EndReason.UNREACHABLE: "relay.end.unreachable",
    EndReason.FORGOTTEN: "relay.end.left",
}


async def _tell_ended(
    uow: UnitOfWork,
    ctx: ServiceContext,
    pair: Pair,
    reason: str,
    by: Person | None,
    seeker: Person | None,
    peer: Person | None,
) -> None:
    ender = by.id if by is not None and pair.has(by.id) else None
    for person, other in ((seeker, peer), (peer, seeker)):
        if person is None or other is None:
            continue
        if person.id == ender and reason == EndReason.FORGOTTEN:
            continue  # they asked for their data to be erased: nothing more to say to them
        if person.id == ender:
            key = "relay.end.blocked_you" if reason == EndReason.BLOCKED else "relay.end.by_you"
        elif ender is not None:
            key = "relay.end.left" if reason == EndReason.FORGOTTEN else "relay.end.by_other"
        else:
            key = _ENDED_BY_NEITHER.get(reason, "relay.end.by_coordinator")
        keyboard = rating_keyboard(ctx, person, pair) if reason in MEMBER_REASONS else None
        await say(
            uow, person, ctx.t(person.language, key, name=other.display_name), keyboard=keyboard
        )
        # A seeker who ended it themselves is asked after their feedback instead.
        ended_it_themselves = person.id == ender and reason in MEMBER_REASONS
        if (
            person.id == pair.seeker_id
            and reason != EndReason.REASSIGNED
            and not ended_it_themselves
        ):
            await offer_new_peer(uow, ctx, person)


# ---- confirmations ----------------------------------------------------------------------------


async def _ask_confirm(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    pair: Pair,
    key: str,
    action: str,
) -> None:
    lang = person.language
    other = await uow.people.get(pair.other(person.id))
    keyboard = [
        [
            ctx.buttons.button(person.id, ctx.t(lang, f"{key}.yes"), action, pair.id),
            ctx.buttons.button(person.id, ctx.t(lang, f"{key}.no"), KEEP_ACTION),
        ]
    ]
    await say(uow, person, ctx.t(lang, f"{key}.ask", name=name_of(other)), keyboard=keyboard)


async def keep(uow: UnitOfWork, ctx: ServiceContext, person: Person, prompt_id: int | None) -> None:
    """They changed their mind: nothing changes."""
    await close_prompt(uow, person, prompt_id, ctx.t(person.language, "relay.keep"))


async def _confirmed_pair(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str, prompt_id: int | None
) -> Pair | None:
    pair = await uow.pairs.get(pair_id)
    if pair is None or not pair.open or not pair.has(person.id):
        await close_prompt(uow, person, prompt_id, ctx.t(person.language, "relay.pair_gone"))
        return None
    await close_prompt(uow, person, prompt_id, None)
    if await moderation.held_back(uow, ctx, person, command=True):
        return None  # asked before the suspension, confirmed after it
    return pair


async def ask_end(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str | None = None
) -> None:
    """/end: asks to confirm; ending cannot be undone."""
    pair = await target(uow, ctx, person, pair_id, PICK_END)
    if pair is not None:
        await _ask_confirm(uow, ctx, person, pair, "relay.end.confirm", END_ACTION)


async def confirm_end(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str, prompt_id: int | None
) -> None:
    pair = await _confirmed_pair(uow, ctx, person, pair_id, prompt_id)
    if pair is not None:
        reason = EndReason.SEEKER if pair.seeker_id == person.id else EndReason.PEER
        await end_pair(uow, ctx, pair, reason=reason, by=person)


async def ask_block(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str | None = None
) -> None:
    """/block: asks to confirm; the two are never matched again."""
    pair = await target(uow, ctx, person, pair_id, PICK_BLOCK)
    if pair is not None:
        await _ask_confirm(uow, ctx, person, pair, "relay.block", BLOCK_ACTION)


async def confirm_block(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str, prompt_id: int | None
) -> None:
    pair = await _confirmed_pair(uow, ctx, person, pair_id, prompt_id)
    if pair is None:
        return
    await end_pair(uow, ctx, pair, reason=EndReason.BLOCKED, by=person)
    await ctx.publish(uow, PairBlocked(pair.id, pair.peer_id))
    # Coordinators watch over both sides: a block is worth knowing about, by code only.
    for coordinator in await uow.people.coordinators():
        if coordinator.id != person.id:
            text = ctx.t(
                coordinator.language, "relay.coord.blocked", pair=pair.code, by=person.code
            )
            await say(uow, coordinator, text)


async def ask_newpeer(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/newpeer: a seeker asks for someone else (confirmed first), or to be matched again."""
    lang = person.language
    if not person.may_be_matched:
        await moderation.held_back(uow, ctx, person, command=True)
        return
    pairs = await uow.pairs.open_for(person.id)
    own = next((p for p in pairs if p.seeker_id == person.id), None)
    if own is not None:
        await _ask_confirm(uow, ctx, person, own, "relay.newpeer", NEWPEER_ACTION)
    elif person.searching:
        await say(uow, person, ctx.t(lang, "relay.again.already"))
    elif person.is_seeker and person.seeker_profile is not None:
        await say(uow, person, ctx.t(lang, "relay.again.searching"))
        await ctx.publish(uow, SeekerLooking(person))
    else:
        await say(uow, person, ctx.t(lang, "relay.newpeer.not_seeker"))


async def confirm_newpeer(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str, prompt_id: int | None
) -> None:
    pair = await _confirmed_pair(uow, ctx, person, pair_id, prompt_id)
    if pair is None or pair.seeker_id != person.id:
        return
    _seeker, peer = await _close(uow, ctx, pair, EndReason.SEEKER, person)
    await say(uow, person, ctx.t(person.language, "relay.newpeer.done", name=name_of(peer)))
    if peer is not None:
        await say(
            uow,
            peer,
            ctx.t(peer.language, "relay.end.by_other", name=person.display_name),
            keyboard=rating_keyboard(ctx, peer, pair),
        )
        await ctx.publish(uow, PeerHasRoom(peer))
    await ctx.publish(uow, SeekerLooking(person))
