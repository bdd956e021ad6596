"""Free text a coordinator writes mid-command: a handover note, an escalation's resolution.

Two one-step flows share this plumbing (FlowStore, one flow per person at a time):
  coord_note/note — the optional handover note of /reassign (see coord_reassign.py);
  esc_note/note   — the resolution note asked for after pressing Resolve on an escalation.
Their Skip / Cancel buttons carry the step nonce, so a button from an earlier question is stale.
"""

from __future__ import annotations

from bot.domain.people import Person
from bot.services.coordination import people as coord_people
from bot.services.coordination import reassign as coord_reassign

# The Resolve button's question is the escalations' (known here under its old name).
from bot.services.escalations.claims import ask_resolution_note as ask_resolution_note
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import ESC_NOTE_FLOW, reply
from bot.storage.uow import UnitOfWork

ESC_FLOW = ESC_NOTE_FLOW
NOTE_MAX = 1000
FLOWS = (coord_reassign.FLOW, ESC_FLOW)


def _on_duty(person: Person) -> bool:
    return person.is_coordinator and not person.suspended


async def waiting_for_note(uow: UnitOfWork, person: Person) -> bool:
    flow = await uow.flows.get(person.id)
    return flow is not None and flow.flow in FLOWS


async def take_text(uow: UnitOfWork, ctx: ServiceContext, person: Person, text: str) -> bool:
    """True when the text was the note one of these flows was waiting for."""
    store = uow.flows
    flow = await store.get(person.id)
    if flow is None or flow.flow not in FLOWS:
        return False
    if not _on_duty(person):
        # No longer a coordinator: the question lapses and the text goes where it would.
        await store.clear(person.id)
        return False
    note = text.strip()[:NOTE_MAX]
    if not note:
        await reply(uow, ctx, person, "coord.note.empty")
        return True
    await store.clear(person.id)
    if flow.flow == coord_reassign.FLOW:
        await coord_reassign.execute(uow, ctx, person, flow.data, note)
        return True
    esc = await uow.escalations.get(str(flow.data.get("esc_id")))
    if esc is not None:
        await coord_people.resolve(uow, ctx, person, esc, note)
    return True


async def not_text(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> bool:
    """A photo or sticker while a note is expected: ask for words, keep the question open."""
    if not _on_duty(person) or not await waiting_for_note(uow, person):
        return False
    await reply(uow, ctx, person, "coord.note.text_only")
    return True


async def press(uow: UnitOfWork, ctx: ServiceContext, person: Person, args: list[str]) -> None:
    """Skip (reassign without a note) or Cancel, only for the question still open."""
    store = uow.flows
    flow = await store.get(person.id)
    if (
        len(args) != 2
        or flow is None
        or flow.flow not in FLOWS
        or flow.nonce != args[0]
        or not _on_duty(person)
    ):
        await reply(uow, ctx, person, "errors.button_expired")
        return
    await store.clear(person.id)
    if args[1] == "skip" and flow.flow == coord_reassign.FLOW:
        await coord_reassign.execute(uow, ctx, person, flow.data, None)
    else:
        await reply(uow, ctx, person, "coord.note.cancelled")
