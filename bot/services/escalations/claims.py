"""Escalations claimed and resolved (with a note) by a coordinator.

The alerts are outbox rows with ``ref_kind="esc_alert"``: once delivered they carry their
Telegram message id, so claiming or resolving edits every alert in place (the button disappears
and the state shows); an alert not delivered yet gets a short follow-up message instead. Alerts
show only the kind and the person's code; the reason and the person's pseudonym go to the
coordinator who claims it (need to know). A coordinator never acts on an escalation about
themselves.
"""

from __future__ import annotations

from bot.domain.escalations import Escalation, Status, shown_level
from bot.domain.people import Person
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import (
    ESC_NOTE_FLOW,
    NOTE_ACTION,
    NOTE_STEP,
    label,
    reply,
    since,
)
from bot.services.shared.messages import say
from bot.storage.repositories import OutgoingMessage
from bot.storage.uow import UnitOfWork

RESOLVE_ACTION = "esc.resolve"
SPAM = "spam"


def _may_act(person: Person) -> bool:
    return person.is_coordinator and not person.suspended


# ---- the resolution note -------------------------------------------------------------------


async def ask_note(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc_id: str) -> None:
    """The Resolve button: refused for an escalation about the coordinator pressing it (a
    crafted callback), else the note is asked for."""
    esc = await uow.escalations.get(esc_id)
    if esc is not None and await refuse_own(uow, ctx, coordinator, esc, "esc.resolve"):
        return
    await ask_resolution_note(uow, ctx, coordinator, esc_id)


async def ask_resolution_note(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc_id: str
) -> None:
    """The next text this coordinator sends becomes the note (see ``coord_notes``)."""
    esc = await uow.escalations.get(esc_id)
    if esc is None or not _may_act(coordinator):
        await reply(uow, ctx, coordinator, "errors.button_expired")
        return
    if esc.status is Status.RESOLVED:
        await reply(uow, ctx, coordinator, "escalation.already_resolved", code=esc.code)
        return
    state = await uow.flows.set(
        coordinator.id, ESC_NOTE_FLOW, NOTE_STEP, {"esc_id": esc.id}, ctx.clock.now()
    )
    cancel = ctx.buttons.button(
        coordinator.id,
        ctx.t(coordinator.language, "coord.note.cancel"),
        NOTE_ACTION,
        state.nonce,
        "cancel",
    )
    await reply(uow, ctx, coordinator, "escalation.ask_note", code=esc.code, keyboard=[[cancel]])


async def refuse_own(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation, action: str
) -> bool:
    """A coordinator never acts on an escalation about themselves; True when refused."""
    if not esc.about(coordinator.id):
        return False
    await reply(uow, ctx, coordinator, "escalation.about_you")
    await audit.record(uow, coordinator, action, targets=[esc.code], outcome="own")
    return True


# ---- claiming and resolving ----------------------------------------------------------------


async def claim(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation) -> bool:
    """Claims for this coordinator; anyone else who was alerted sees it claimed."""
    if not _may_act(coordinator):
        # A Claim button kept from before this person stopped being a coordinator.
        await reply(uow, ctx, coordinator, "errors.button_expired")
        return False
    if await refuse_own(uow, ctx, coordinator, esc, "esc.claim"):
        return False
    repo = uow.escalations
    now = ctx.clock.now()
    if esc.status is not Status.OPEN or not await repo.claim(esc.id, coordinator.id, now):
        fresh = await repo.get(esc.id) or esc
        outcome = await _already(uow, ctx, coordinator, fresh)
        await audit.record(uow, coordinator, "esc.claim", targets=[esc.code], outcome=outcome)
        return False
    esc.claim(coordinator.id, now)
    await audit.record(uow, coordinator, "esc.claim", targets=[esc.code])
    await _show_state(uow, ctx, esc, coordinator, "escalation.alert_claimed")
    await send_details(uow, ctx, coordinator, esc)
    return True


async def _already(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation
) -> str:
    """Answers a claim that came too late; returns the audit outcome."""
    if esc.status is Status.RESOLVED:
        await reply(uow, ctx, coordinator, "escalation.already_resolved", code=esc.code)
        return "resolved"
    holder = await uow.people.get(esc.claimed_by) if esc.claimed_by else None
    if holder is not None and holder.id == coordinator.id:
        await send_details(uow, ctx, coordinator, esc)
        return "mine"
    await reply(
        uow, ctx, coordinator, "escalation.already_claimed", code=esc.code, by=label(holder)
    )
    return "taken"


async def send_details(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation
) -> None:
    """What the coordinator in charge needs: who, why, which conversation, and what next."""
    if esc.about(coordinator.id):
        return
    lang = coordinator.language
    subject = await uow.people.get(esc.subject_id) if esc.subject_id else None
    opener = await uow.people.get(esc.opened_by) if esc.opened_by else None
    pair_code = "—"
    if esc.pair_id:
        pair = await uow.pairs.get(esc.pair_id)
        pair_code = pair.code if pair else "—"
    text = ctx.t(
        lang,
        "escalation.details",
        code=esc.code,
        kind=ctx.t(lang, f"escalation.kind.{esc.kind}"),
        subject=label(subject),
        opener=label(opener),
        pair=pair_code,
        reason=esc.reason or "—",
        level=ctx.t(lang, f"escalation.level.{shown_level(esc.level)}"),
        signals=esc.signals,
        ago=since(ctx, lang, esc.created_at),
        subject_code=subject.code if subject else "CODE",
    )
    resolve = ctx.buttons.button(
        coordinator.id, ctx.t(lang, "escalation.resolve_button"), RESOLVE_ACTION, esc.id
    )
    await say(uow, coordinator, text, keyboard=[[resolve]])


def is_spam(note: str) -> bool:
    """``/resolve CODE spam``: the note that closes all of someone's escalations at once."""
    return note.strip().lower() == SPAM


async def resolve(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation, note: str
) -> bool:
    """Resolves with ``note``. A spam note closes every unresolved escalation of that person
    (``resolve_spam``); suspending them is the caller's part (``coord_people.resolve``)."""
    if not _may_act(coordinator):
        await reply(uow, ctx, coordinator, "errors.button_expired")
        return False
    if await refuse_own(uow, ctx, coordinator, esc, "esc.resolve"):
        return False
    if is_spam(note):
        return await resolve_spam(uow, ctx, coordinator, esc)
    if esc.status is Status.RESOLVED:
        await reply(uow, ctx, coordinator, "escalation.already_resolved", code=esc.code)
        await audit.record(uow, coordinator, "esc.resolve", targets=[esc.code], outcome="done")
        return False
    esc.resolve(coordinator.id, note, ctx.clock.now())
    await uow.escalations.save(esc)
    await audit.record(
        uow, coordinator, "esc.resolve", targets=[esc.code], detail=note, about=esc.subject_id
    )
    await _show_state(uow, ctx, esc, coordinator, "escalation.alert_resolved")
    await reply(uow, ctx, coordinator, "escalation.resolved", code=esc.code)
    return True


async def _show_state(
    uow: UnitOfWork, ctx: ServiceContext, esc: Escalation, actor: Person, key: str
) -> None:
    """Edits every alert of this escalation to show its state (the Claim button goes away);
    a coordinator whose alert has no message id yet gets one short message instead."""
    sent = await uow.escalations.alerts(esc.id)
    subject = await uow.people.get(esc.subject_id) if esc.subject_id else None
    told: set[str] = set()
    for alert in sent:
        if alert.status in ("dead", "cancelled"):
            continue
        coordinator = await uow.people.get(alert.person_id)
        if coordinator is None:
            continue
        lang = coordinator.language
        text = ctx.t(
            lang,
            key,
            code=esc.code,
            kind=ctx.t(lang, f"escalation.kind.{esc.kind}"),
            subject=subject.code if subject else "—",
            by=label(actor),
        )
        if alert.message_id is not None:
            await uow.outbox.add(
                OutgoingMessage(
                    coordinator.id,
                    "editMessageText",
                    {"message_id": alert.message_id, "text": text},
                )
            )
        elif coordinator.id not in told and coordinator.id != actor.id:
            await say(uow, coordinator, text)
        told.add(coordinator.id)


async def resolve_spam(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, esc: Escalation
) -> bool:
    """``/resolve CODE spam``: every unresolved escalation of that person is closed in one go
    (the suspension that goes with it is ``coord_people.resolve``'s)."""
    subject = await uow.people.get(esc.subject_id) if esc.subject_id else None
    if subject is None:
        await reply(uow, ctx, coordinator, "escalation.spam_nobody", code=esc.code)
        await audit.record(uow, coordinator, "esc.spam", targets=[esc.code], outcome="refused")
        return False
    repo = uow.escalations
    now = ctx.clock.now()
    closed = []
    for one in await repo.unresolved_of(subject.id):
        one.resolve(coordinator.id, SPAM, now, spam=True)
        await repo.save(one)
        await _show_state(uow, ctx, one, coordinator, "escalation.alert_resolved")
        closed.append(one.code)
    await audit.record(
        uow, coordinator, "esc.spam", targets=[subject.code, *closed[:10]], detail=SPAM
    )
    await reply(uow, ctx, coordinator, "escalation.spam_done", count=len(closed), who=subject.code)
    return True
