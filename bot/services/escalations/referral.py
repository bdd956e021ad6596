"""/escalate REASON: a peer refers their seeker to the coordinators ("needs more than peer
support"). The conversation is the one the peer replies to, else the one in focus, else their
only one; with several and no way to tell, the peer picks it with a button.

Steps of the flow ``esc_refer`` (used only in that last case):
  choose — the reason is kept (sealed) while the peer picks the conversation.
"""

from __future__ import annotations

from bot.domain.pairs import Pair
from bot.domain.people import Person
from bot.services.escalations import screening as risk
from bot.services.escalations.alerts import open_escalation
from bot.services.shared import replies
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import Command, reply
from bot.storage.uow import UnitOfWork

FLOW = "esc_refer"
CHOOSE = "choose"
CHOOSE_ACTION = "esc.refer"
REASON_MAX = 1000


async def _peer_pairs(uow: UnitOfWork, peer: Person) -> list[Pair]:
    return [p for p in await uow.pairs.open_for(peer.id) if p.peer_id == peer.id]


async def escalate(
    uow: UnitOfWork, ctx: ServiceContext, peer: Person, text: str, reply_to: int | None
) -> None:
    if not peer.is_peer or not peer.approved_peer:
        await replies.unknown_command(uow, ctx, peer)
        return
    pairs = await _peer_pairs(uow, peer)
    if not pairs:
        await reply(uow, ctx, peer, "referral.no_conversation")
        return
    reason = Command.parse(text).rest[:REASON_MAX]
    if not reason:
        await reply(uow, ctx, peer, "referral.usage")
        return
    by_id = {p.id: p for p in pairs}
    pair: Pair | None = None
    if reply_to is not None:
        found = await uow.pairs.counterpart(peer.id, reply_to)
        pair = by_id.get(found[0]) if found else None
    if pair is None and peer.focus_pair_id in by_id:
        pair = by_id[peer.focus_pair_id or ""]
    if pair is None and len(pairs) == 1:
        pair = pairs[0]
    if pair is not None:
        await _refer(uow, ctx, peer, pair, reason)
        return
    state = await uow.flows.set(peer.id, FLOW, CHOOSE, {"reason": reason}, ctx.clock.now())
    keyboard = []
    for p in pairs:
        seeker = await uow.people.get(p.seeker_id)
        name = seeker.display_name if seeker else p.code
        keyboard.append([ctx.buttons.button(peer.id, name, CHOOSE_ACTION, p.code, state.nonce)])
    await reply(uow, ctx, peer, "referral.which", keyboard=keyboard)


async def chosen(uow: UnitOfWork, ctx: ServiceContext, peer: Person, args: list[str]) -> None:
    """The conversation button: only for the question still open, and one of their own pairs."""
    store = uow.flows
    flow = await store.get(peer.id)
    pairs = {p.code: p for p in await _peer_pairs(uow, peer)}
    if len(args) != 2 or flow is None or flow.flow != FLOW or flow.nonce != args[1]:
        await replies.button_expired(uow, ctx, peer)
        return
    pair = pairs.get(args[0])
    if pair is None:
        await replies.button_expired(uow, ctx, peer)
        return
    await store.clear(peer.id)
    await _refer(uow, ctx, peer, pair, str(flow.data.get("reason") or ""))


async def _refer(
    uow: UnitOfWork, ctx: ServiceContext, peer: Person, pair: Pair, reason: str
) -> None:
    seeker = await uow.people.get(pair.seeker_id)
    await open_escalation(
        uow,
        ctx,
        kind="referral",
        subject=seeker,
        opened_by=peer,
        reason=reason,
        pair_id=pair.id,
        level=risk.level_of_reason(ctx, reason, peer.language),
    )
    await reply(
        uow, ctx, peer, "referral.done", seeker=seeker.display_name if seeker else pair.code
    )
