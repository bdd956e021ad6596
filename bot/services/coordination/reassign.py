"""/reassign PAIR [PEER]: end a pair and continue the seeker's support with another peer.

Steps of the flow ``coord_note`` (one step; its text and buttons are taken in coord_notes.py):
  note — the command checked what it could and asked for an optional handover note; the note,
         or Skip, carries the reassignment out; Cancel drops it.
"""

from __future__ import annotations

from typing import Any

from bot.domain.events import PairReassigned, SeekerLooking
from bot.domain.people import Person
from bot.services.coordination.pairs import eligible, explain_refusal, find_pair, find_person
from bot.services.matching import pairing as matching
from bot.services.relay import ending
from bot.services.shared import audit
from bot.services.shared import coordinators as coord_common
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import NOTE_STEP, Command, label, reply, team_say, usage
from bot.storage.uow import UnitOfWork

FLOW = "coord_note"
# Skip / Cancel under the question (shared with the escalation's note: see coord_common).
NOTE_ACTION = coord_common.NOTE_ACTION


async def start(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command) -> None:
    """Validates PAIR (and PEER), then asks for the handover note."""
    words = cmd.words
    if len(words) not in (1, 2):
        await usage(uow, ctx, coordinator, "reassign")
        return
    pair = await find_pair(uow, ctx, coordinator, words[0], "reassign")
    if pair is None:
        return
    if not pair.open:
        await reply(uow, ctx, coordinator, "coord.pair_ended", code=pair.code)
        return
    seeker = await uow.people.get(pair.seeker_id)
    if seeker is not None and not seeker.may_be_matched:
        # Refused before anything changes: ending the pair first would leave the seeker told
        # they are waiting for a peer who can never come.
        await reply(uow, ctx, coordinator, "coord.reassign.suspended", code=pair.code)
        await audit.record(uow, coordinator, "reassign", targets=[pair.code], outcome="refused")
        return
    peer_id: str | None = None
    if len(words) == 2:
        peer = await find_person(uow, ctx, coordinator, words[1], "reassign")
        if peer is None:
            return
        if peer.id == pair.peer_id:
            await reply(uow, ctx, coordinator, "coord.reassign.same_peer", code=pair.code)
            return
        seeker = await uow.people.get(pair.seeker_id)
        assert seeker is not None
        if await eligible(uow, ctx, seeker, peer, frozenset({pair.peer_id})) is None:
            await explain_refusal(uow, ctx, coordinator, seeker, peer)
            await audit.record(
                uow, coordinator, "reassign", targets=[pair.code, peer.code], outcome="refused"
            )
            return
        peer_id = peer.id
    state = await uow.flows.set(
        coordinator.id,
        FLOW,
        NOTE_STEP,
        {"pair_id": pair.id, "peer_id": peer_id},
        ctx.clock.now(),
    )
    lang = coordinator.language
    keyboard = [
        [
            ctx.buttons.button(
                coordinator.id, ctx.t(lang, "coord.note.skip"), NOTE_ACTION, state.nonce, "skip"
            ),
            ctx.buttons.button(
                coordinator.id, ctx.t(lang, "coord.note.cancel"), NOTE_ACTION, state.nonce, "cancel"
            ),
        ]
    ]
    await reply(uow, ctx, coordinator, "coord.reassign.ask_note", code=pair.code, keyboard=keyboard)


async def execute(
    uow: UnitOfWork,
    ctx: ServiceContext,
    coordinator: Person,
    data: dict[str, Any],
    note: str | None,
) -> None:
    """Ends the old pair quietly, tells everyone kindly, and pairs the seeker again (or puts
    them back in the queue when no peer can take them now)."""
    pairs = uow.pairs
    pair = await pairs.get(str(data.get("pair_id")))
    if pair is None or not pair.open:
        await reply(uow, ctx, coordinator, "coord.pair_ended", code=pair.code if pair else "—")
        return
    await ending.end_pair(uow, ctx, pair, reason="reassigned", by=coordinator, notify=False)
    await ctx.publish(uow, PairReassigned(pair.id, pair.peer_id))
    # Reloaded: ending the pair changed both people (states, focus).
    seeker = await uow.people.get(pair.seeker_id)
    old_peer = await uow.people.get(pair.peer_id)
    assert seeker is not None and old_peer is not None
    exclude = frozenset({old_peer.id})
    choice: matching.Ranked | None = None
    named = await uow.people.get(str(data["peer_id"])) if data.get("peer_id") else None
    if named is not None:
        choice = await eligible(uow, ctx, seeker, named, exclude)
    elif not data.get("peer_id"):
        ranked = await matching.rank_peers(uow, ctx, seeker, exclude=exclude)
        choice = ranked[0] if ranked else None
    await team_say(uow, ctx, old_peer, "coord.reassign.old_peer", seeker=seeker.display_name)
    if choice is None:
        await team_say(uow, ctx, seeker, "coord.reassign.seeker_wait")
        await ctx.publish(uow, SeekerLooking(seeker))
        await audit.record(
            uow,
            coordinator,
            "reassign",
            targets=[pair.code, seeker.code],
            outcome="queued",
            detail=note,
            about=seeker,
        )
        await reply(
            uow, ctx, coordinator, "coord.reassign.queued", code=pair.code, seeker=label(seeker)
        )
        return
    await team_say(uow, ctx, seeker, "coord.reassign.seeker")
    # pair_up introduces them; the new peer's introduction carries the handover note.
    parts = {**choice.parts, "reassigned_by": coordinator.code, "from_pair": pair.code}
    new_pair = await matching.pair_up(uow, ctx, seeker, choice.peer, parts, handover_note=note)
    await audit.record(
        uow,
        coordinator,
        "reassign",
        targets=[pair.code, new_pair.code, seeker.code, choice.peer.code],
        detail=note,
        about=seeker,
    )
    await reply(
        uow,
        ctx,
        coordinator,
        "coord.reassign.done",
        old=pair.code,
        new=new_pair.code,
        seeker=label(seeker),
        peer=label(choice.peer),
    )
