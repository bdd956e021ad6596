"""What the dashboard's buttons do: the coordination services' own use cases, with their rules,
their answers in the coordinator's chat and their audit lines.

Each returns an outcome the page shows as a short notice (``dash.flash.<outcome>``); the chat
gets what the command would have said, so the conversation with the bot keeps the record.
"""

from __future__ import annotations

from bot.domain.people import Person
from bot.services.coordination import notes as coord_notes
from bot.services.coordination import pairs as coord_pairs
from bot.services.coordination import people as coord_people
from bot.services.coordination import reassign as coord_reassign
from bot.services.escalations import claims
from bot.services.onboarding import applications
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import Command, reply
from bot.storage.uow import UnitOfWork

NOTE_MAX = coord_notes.NOTE_MAX


async def claim(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, code: str) -> str:
    esc = await uow.escalations.by_code(code)
    if esc is None:
        return "unknown"
    return "claimed" if await claims.claim(uow, ctx, viewer, esc) else "not_claimed"


async def resolve(
    uow: UnitOfWork, ctx: ServiceContext, viewer: Person, code: str, note: str
) -> str:
    """As /resolve CODE NOTE (a "spam" note closes all of the person's escalations and
    suspends them, as there)."""
    note = note.strip()
    if not note:
        return "note_needed"
    esc = await uow.escalations.by_code(code)
    if esc is None:
        return "unknown"
    done = await coord_people.resolve(uow, ctx, viewer, esc, note[:NOTE_MAX])
    return "resolved" if done else "not_resolved"


async def end_pair(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, code: str) -> str:
    """As /endpair PAIR."""
    pair = await uow.pairs.by_code(code)
    if pair is None:
        return "unknown"
    await coord_pairs.endpair(uow, ctx, viewer, Command("endpair", pair.code))
    return "ended" if pair.open else "already_ended"


async def reassign(
    uow: UnitOfWork, ctx: ServiceContext, viewer: Person, code: str, peer_code: str, note: str
) -> str:
    """As /reassign PAIR [PEER] followed by its handover note (empty: skipped). The checks are
    those /reassign makes before it asks for the note, with the same answers in the chat."""
    pair = await uow.pairs.by_code(code)
    if pair is None:
        return "unknown"
    if not pair.open:
        await reply(uow, ctx, viewer, "coord.pair_ended", code=pair.code)
        return "already_ended"
    seeker = await uow.people.get(pair.seeker_id)
    if seeker is None:
        return "unknown"
    if not seeker.may_be_matched:
        await reply(uow, ctx, viewer, "coord.reassign.suspended", code=pair.code)
        await audit.record(uow, viewer, "reassign", targets=[pair.code], outcome="refused")
        return "refused"
    peer_id: str | None = None
    if peer_code.strip():
        peer = await coord_pairs.find_person(uow, ctx, viewer, peer_code.strip(), "reassign")
        if peer is None:
            return "unknown_peer"
        if peer.id == pair.peer_id:
            await reply(uow, ctx, viewer, "coord.reassign.same_peer", code=pair.code)
            return "same_peer"
        if await coord_pairs.eligible(uow, ctx, seeker, peer, frozenset({pair.peer_id})) is None:
            await coord_pairs.explain_refusal(uow, ctx, viewer, seeker, peer)
            await audit.record(
                uow, viewer, "reassign", targets=[pair.code, peer.code], outcome="refused"
            )
            return "refused"
        peer_id = peer.id
    data = {"pair_id": pair.id, "peer_id": peer_id}
    await coord_reassign.execute(uow, ctx, viewer, data, note.strip()[:NOTE_MAX] or None)
    return "reassigned"


async def approve(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, code: str) -> str:
    """As /approve CODE."""
    before = await uow.people.by_code(code)
    await applications.approve(uow, ctx, viewer, code)
    after = await uow.people.by_code(code) if before else None
    return "approved" if after is not None and after.approved_peer else "not_approved"
