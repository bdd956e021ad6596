"""The anonymous relay: each message is copied (never forwarded) into the other side's chat.

Routing, in order: a reply goes to the conversation of the message it replies to; otherwise the
only open conversation, or the one in focus (``/with``); otherwise the message is held and the
sender asked where it goes. A message that would end anonymity (contact details) is held until
its sender confirms. A held message waits in ``held_messages``, sealed, so it survives a restart
and is never lost or sent anywhere its sender did not choose.

Labels: when the recipient has several open conversations, every copy says whose it is. The
rules (routing, refusals, the plan of a copy) are ``bot.domain.relay``'s; the Bot API calls a
plan becomes are written by ``relay_render``. This module loads, asks, holds and says.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.domain import relay as rules
from bot.domain.pairs import PAUSED, Pair, PausedBy
from bot.domain.people import Person
from bot.domain.relay import HoldReason, Incoming, Json, Route
from bot.services.escalations import screening as risk
from bot.services.relay import moderation
from bot.services.relay.render import Copy, edit_copies, send_copies
from bot.services.relay.render import close_prompt as close_prompt  # others import it from here
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import Keyboard, say
from bot.storage.held_repo import HeldMessages as HeldMessages  # moved; still importable here
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

# Why a message is held (the domain's HoldReason, under the names other modules import).
HOLD_CONTACT, HOLD_CHOOSE, HOLD_REPORT = HoldReason.CONTACT, HoldReason.CHOOSE, HoldReason.REPORT
CHOOSE_ACTION = "relay.to"
SEND_ACTION, DROP_ACTION = "relay.cs", "relay.cd"


# ---- who is writing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sender:
    """Who is writing, with the chat the original sits in (``copyMessage``'s from_chat_id)."""

    person: Person
    chat_id: int


# ---- entry points -----------------------------------------------------------------------------


async def on_message(uow: UnitOfWork, ctx: ServiceContext, sender: Sender, message: Json) -> bool:
    """A new message from someone; False when it is not the relay's (no conversation)."""
    person = sender.person
    pairs = await uow.pairs.open_for(person.id)
    if not pairs:
        return await _no_conversation_left(uow, ctx, person)
    if rules.is_command(message):
        return False
    msg = Incoming.parse(message)
    if not person.may_reach_others:
        # Someone put on hold may be the one who most needs a coordinator: still screened.
        await _screen_own(uow, ctx, person, pairs, msg)
        return await moderation.held_back(uow, ctx, person, reply_to=msg.message_id)
    refused = rules.refusal(message, msg.kind)
    if refused is not None:
        # via_bot, a refused kind (venue, contact, location, poll, game, dice) or other
        key = f"relay.refused.{refused}"
        await say(uow, person, ctx.t(person.language, key), reply_to=msg.message_id)
        return True
    routed = await _route(uow, person, pairs, msg)
    if routed.into_ended:
        await _screen_own(uow, ctx, person, pairs, msg)
        await say(
            uow, person, ctx.t(person.language, "relay.reply_to_ended"), reply_to=msg.message_id
        )
        return True
    if routed.pair is None:
        await _hold_for_choice(uow, ctx, sender, pairs, msg)
        return True
    await deliver(uow, ctx, sender, routed.pair, msg, reply_target=routed.reply_target)
    return True


async def on_edit(uow: UnitOfWork, ctx: ServiceContext, sender: Sender, message: Json) -> bool:
    """An edited message: its copies are edited, or a held version updated."""
    person = sender.person
    msg = Incoming.parse(message, edit=True)
    if not msg.editable:
        return False  # live location updates and the like: nothing of ours to edit
    if not person.may_reach_others:
        return await moderation.held_back(uow, ctx, person, reply_to=msg.message_id)
    if rules.foreign_parts(message):
        return True  # refused when it was sent: nothing of it was ever passed on
    held = [
        h for h in await uow.held.pending(person.id) if h.data.get("message_id") == msg.message_id
    ]
    for hold in held:
        hold.data.update(text=msg.text, entities=msg.entities)
        await uow.held.replace(hold)
    links = await uow.pairs.copies_of(person.id, msg.message_id)
    if not links:
        return bool(held)
    pair = await uow.pairs.get(links[0].pair_id)
    if pair is None or not pair.open:
        await say(uow, person, ctx.t(person.language, "relay.edit_ended"), reply_to=msg.message_id)
        return True
    await deliver(uow, ctx, sender, pair, msg)
    return True


async def deliver(
    uow: UnitOfWork,
    ctx: ServiceContext,
    sender: Sender,
    pair: Pair,
    msg: Incoming,
    *,
    reply_target: int | None = None,
    alerted: bool | None = None,
    confirmed: bool = False,
) -> bool:
    """Passes one routed message on, unless the pair is paused, the other side unreachable, or
    the text needs its sender's confirmation first. True when it went."""
    person = sender.person
    if await moderation.held_back(uow, ctx, person, reply_to=msg.message_id):
        return False  # held messages released, or "send anyway", after a suspension
    partner = await uow.people.get(pair.other(person.id))
    if partner is None:
        return False
    if alerted is None:
        # Before anything can stop the message: a seeker's words are screened even when they
        # cannot be passed on (a paused conversation is when someone may feel most alone).
        alerted = await _screen(uow, ctx, person, pair, msg)
    if pair.status == PAUSED:
        await _tell_paused(uow, ctx, person, partner, pair, msg)
        return False
    if not partner.reachable:
        await say(
            uow,
            person,
            ctx.t(person.language, "relay.partner_unreachable_now", name=partner.display_name),
            reply_to=msg.message_id,
        )
        return False
    found = msg.contact_details
    if found and not confirmed:
        await _hold_contact(uow, ctx, person, pair, msg, found, reply_target, alerted)
        return False
    await _send(uow, ctx, sender, pair, partner, msg, reply_target)
    if alerted:
        await say(
            uow, partner, ctx.t(partner.language, "relay.risk_alerted", name=person.display_name)
        )
    return True


# ---- routing ----------------------------------------------------------------------------------


async def _route(uow: UnitOfWork, person: Person, pairs: list[Pair], msg: Incoming) -> Route:
    """Where a message goes (``rules.route``), once the conversation of the message it replies
    to is looked up."""
    replied_pair_id, target = None, None
    if msg.reply_to is not None:
        found = await uow.pairs.counterpart(person.id, msg.reply_to)
        if found is not None:
            replied_pair_id, target = found[0], found[2]
        else:
            # Replying to one's own message whose copy is not delivered yet: same conversation.
            links = await uow.pairs.copies_of(person.id, msg.reply_to)
            replied_pair_id = links[0].pair_id if links else None
    return rules.route(
        pairs, person.focus_pair_id, replied_pair_id=replied_pair_id, reply_target=target
    )


async def _no_conversation_left(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> bool:
    """Messages held for someone whose conversations all ended cannot go anywhere: say so."""
    dropped = await uow.held.drop_all(person.id)
    if not dropped:
        return False
    await say(uow, person, ctx.t(person.language, "relay.held_dropped"))
    return True


# ---- holding ----------------------------------------------------------------------------------


async def _hold_for_choice(
    uow: UnitOfWork, ctx: ServiceContext, sender: Sender, pairs: list[Pair], msg: Incoming
) -> None:
    person = sender.person
    waiting = await uow.held.pending(person.id, HOLD_CHOOSE)
    # Screened now, not when the choice comes: a seeker at risk must not wait on a button.
    alerted = await _screen_own(uow, ctx, person, pairs, msg)
    data = {**msg.to_json(), "alerted": alerted, "seq": len(waiting)}
    await uow.held.add(person.id, HOLD_CHOOSE, None, data, ctx.clock.now())
    await ask_choice(uow, ctx, person, pairs, len(waiting) + 1, reply_to=msg.message_id)


async def ask_choice(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    pairs: list[Pair],
    count: int,
    *,
    reply_to: int | None = None,
) -> None:
    rows = [[b] for b in await pair_buttons(uow, ctx, person, pairs, CHOOSE_ACTION)]
    key = "relay.choose_one" if count == 1 else "relay.choose_many"
    await say(
        uow, person, ctx.t(person.language, key, count=count), reply_to=reply_to, keyboard=rows
    )


async def pair_buttons(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    pairs: list[Pair],
    action: str,
    *args: str,
) -> list[dict[str, str]]:
    """One button per conversation, showing the other side's pseudonym and the pair's code."""
    out = []
    for pair in pairs:
        other = await uow.people.get(pair.other(person.id))
        name = other.display_name if other else "?"
        text = ctx.t(person.language, "relay.pair_button", name=name, code=pair.code)
        out.append(ctx.buttons.button(person.id, text, action, *args, pair.id))
    return out


async def release_choice(uow: UnitOfWork, ctx: ServiceContext, sender: Sender, pair: Pair) -> int:
    """Sends every message waiting for a choice to this conversation, in order."""
    person = sender.person
    waiting = await uow.held.pending(person.id, HOLD_CHOOSE)
    for hold in waiting:
        await uow.held.drop(hold.id)
        alerted = bool(hold.data.get("alerted")) and pair.seeker_id == person.id
        await deliver(uow, ctx, sender, pair, Incoming.from_json(hold.data), alerted=alerted)
    return len(waiting)


async def choose(
    uow: UnitOfWork, ctx: ServiceContext, sender: Sender, pair_id: str, prompt_id: int | None
) -> None:
    """The sender picked a conversation for their held messages; it is also put in focus."""
    person = sender.person
    pair = await uow.pairs.get(pair_id)
    waiting = await uow.held.pending(person.id, HOLD_CHOOSE)
    if not waiting:
        await close_prompt(uow, person, prompt_id, ctx.t(person.language, "relay.nothing_waiting"))
        return
    if pair is None or not pair.open or not pair.has(person.id):
        pairs = await uow.pairs.open_for(person.id)
        await say(uow, person, ctx.t(person.language, "relay.choice_gone"))
        if pairs:
            await ask_choice(uow, ctx, person, pairs, len(waiting))
        return
    partner = await uow.people.get(pair.other(person.id))
    person.focus_pair_id = pair.id
    await uow.people.save(person)
    name = partner.display_name if partner else "?"
    await close_prompt(
        uow, person, prompt_id, ctx.t(person.language, "relay.chosen", name=name, code=pair.code)
    )
    await release_choice(uow, ctx, sender, pair)


async def _hold_contact(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    pair: Pair,
    msg: Incoming,
    found: list[str],
    reply_target: int | None,
    alerted: bool,
) -> None:
    data = {**msg.to_json(), "reply_target": reply_target, "alerted": alerted}
    held_id = await uow.held.add(person.id, HOLD_CONTACT, pair.id, data, ctx.clock.now())
    lang = person.language
    what = ctx.t(lang, "relay.contact.joiner").join(
        ctx.t(lang, f"relay.contact.{k}") for k in found
    )
    keyboard: Keyboard = [
        [
            ctx.buttons.button(person.id, ctx.t(lang, "relay.contact.send"), SEND_ACTION, held_id),
            ctx.buttons.button(person.id, ctx.t(lang, "relay.contact.drop"), DROP_ACTION, held_id),
        ]
    ]
    key = "relay.contact.ask_edit" if msg.edit else "relay.contact.ask"
    await say(uow, person, ctx.t(lang, key, what=what), reply_to=msg.message_id, keyboard=keyboard)


async def answer_contact(
    uow: UnitOfWork,
    ctx: ServiceContext,
    sender: Sender,
    held_id: str,
    *,
    send: bool,
    prompt_id: int | None,
) -> None:
    """Send anyway / Don't send, for a message held because it looked like contact details."""
    person = sender.person
    lang = person.language
    hold = await uow.held.get(held_id)
    if hold is None or hold.person_id != person.id or hold.reason != HOLD_CONTACT:
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "relay.contact.already"))
        return
    await uow.held.drop(hold.id)
    if not send:
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "relay.contact.dropped"))
        return
    pair = await uow.pairs.get(hold.pair_id or "")
    if pair is None or not pair.open:
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "relay.contact.ended"))
        return
    went = await deliver(
        uow,
        ctx,
        sender,
        pair,
        Incoming.from_json(hold.data),
        reply_target=hold.data.get("reply_target"),
        alerted=bool(hold.data.get("alerted")),
        confirmed=True,
    )
    await close_prompt(uow, person, prompt_id, ctx.t(lang, "relay.contact.sent") if went else None)


# ---- screening and refusals -------------------------------------------------------------------


async def _screen(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair: Pair, msg: Incoming
) -> bool:
    """Risk screening of a seeker's or a peer's words (text or caption); True if the partner
    is to be told that coordinators were alerted."""
    if not msg.text:
        return False
    return await risk.screen_relayed(uow, ctx, person, pair, msg.text)


async def _screen_own(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pairs: list[Pair], msg: Incoming
) -> bool:
    """Screening for words not (yet) bound for a pair: done against the person's own pair as a
    seeker if they have one, else their first."""
    own = rules.screening_pair(person.id, pairs)
    return await _screen(uow, ctx, person, own, msg) if own else False


_PAUSED_NOTICE = {
    PausedBy.YOU: "relay.paused_by_you",
    PausedBy.OTHER: "relay.paused_by_other",
    PausedBy.UNREACHABLE: "relay.paused_unreachable",
    PausedBy.COORDINATION: "relay.paused_by_coordinator",
}


async def _tell_paused(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, partner: Person, pair: Pair, msg: Incoming
) -> None:
    key = _PAUSED_NOTICE[pair.who_paused(person.id)]
    await say(
        uow,
        person,
        ctx.t(person.language, key, name=partner.display_name),
        reply_to=msg.message_id,
    )


# ---- sending copies ---------------------------------------------------------------------------


async def label_for(
    uow: UnitOfWork, ctx: ServiceContext, sender: Person, pair: Pair, recipient: Person
) -> str | None:
    """The line naming the sender, needed only when the recipient has several conversations;
    the pair's code is added when two of them have the same pseudonym."""
    pairs = await uow.pairs.open_for(recipient.id)
    if not rules.needs_label(len(pairs)):
        return None
    others = [await uow.people.get(p.other(recipient.id)) for p in pairs if p.id != pair.id]
    name = sender.display_name
    clash = rules.names_clash(name, [o.display_name for o in others if o is not None])
    key = "relay.label_with_code" if clash else "relay.label"
    return ctx.t(recipient.language, key, name=name, code=pair.code)


async def _send(
    uow: UnitOfWork,
    ctx: ServiceContext,
    sender: Sender,
    pair: Pair,
    partner: Person,
    msg: Incoming,
    reply_target: int | None,
) -> None:
    person = sender.person
    label = await label_for(uow, ctx, person, pair, partner)
    now = ctx.clock.now()
    copy = Copy(pair.id, person.id, sender.chat_id, partner.id, msg, now, uow.pairs)
    how = rules.plan(msg, label)
    if msg.edit:
        if not await edit_copies(uow, copy, how):
            text = ctx.t(person.language, "relay.edit_too_soon")
            await say(uow, person, text, reply_to=msg.message_id)
            return
    else:
        await send_copies(uow, copy, how, reply_target)
    pair.last_activity_at = now
    await uow.pairs.save(pair)
    log.info("relayed", extra={"pair": pair.code, "kind": msg.kind, "edit": msg.edit})
