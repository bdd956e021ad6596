"""The anonymous group relay: a present member's message reaches every other present member,
copied (never forwarded) under the sender's pseudonym and session code, with reply threading
and edit propagation, the same refusals, contact-detail guard and risk screen as a pair.

Which conversation takes a message: while someone is present in a live session, what they
write goes to the circle, except a reply to a copy from a pair, which goes to that pair. The
copies' links (for replies and edits) live only until the session closes; no message body is
stored at all: a message that cannot go (muted, paused, contact details) is not kept.
"""

from __future__ import annotations

import logging

from bot.domain import relay as rules
from bot.domain.circles import Attendance, Speech, audience, speech
from bot.domain.people import Person
from bot.domain.relay import Incoming, Json
from bot.services.circles.common import Room, name_in, rooms_of
from bot.services.circles.joining import here_button
from bot.services.escalations.screening import screen_text
from bot.services.relay.render import Copy, edit_copies, send_copies
from bot.services.relay.routing import Sender
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.circles_repo import CIRCLE_LINK
from bot.storage.repositories import PRIORITY_GROUP
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

_HELD = {
    Speech.MUTED: "circles.muted_note",
    Speech.PAUSED: "circles.paused_note",
    Speech.REMOVED: "circles.removed_note",
}


async def _original(
    uow: UnitOfWork, person: Person, message_id: int
) -> tuple[str, int, str] | None:
    """What a message in this person's chat is in a circle: (sender, their message id,
    session), whether it is their own message or a copy they received."""
    own = await uow.circles.copies_of(person.id, message_id)
    if own:
        return person.id, message_id, own[0].session_id
    got = await uow.circles.received(person.id, message_id)
    if got is not None:
        return got.sender_id, got.sender_message_id, got.session_id
    return None


async def on_message(uow: UnitOfWork, ctx: ServiceContext, sender: Sender, message: Json) -> bool:
    """A new message; False when it is not the circle's (a pair's, or nobody's)."""
    person = sender.person
    if rules.is_command(message):
        return False
    rooms = await rooms_of(uow, person)
    if not rooms:
        return False
    msg = Incoming.parse(message)
    replied = await _original(uow, person, msg.reply_to) if msg.reply_to else None
    if msg.reply_to is not None and replied is None and await uow.pairs.open_for(person.id):
        return False  # a reply into a pair's conversation: the relay's
    present = [r for r in rooms if r.me is not None and r.me.present]
    if replied is not None:
        present = [r for r in present if r.session.id == replied[2]] or present
    if not present:
        if await uow.pairs.open_for(person.id):
            return False
        lang = person.language
        keyboard = [[here_button(ctx, person, rooms[0].session.id)]]
        await say(uow, person, ctx.t(lang, "circles.say_here_first"), keyboard=keyboard)
        return True
    await _speak(uow, ctx, sender, present[0], msg, message, replied)
    return True


async def on_edit(uow: UnitOfWork, ctx: ServiceContext, sender: Sender, message: Json) -> bool:
    """An edit of a message said in a circle: its copies change, while the session lasts."""
    person = sender.person
    msg = Incoming.parse(message, edit=True)
    links = await uow.circles.copies_of(person.id, msg.message_id)
    if not links or not msg.editable:
        return bool(links)
    session = await uow.circles.get_session(links[0].session_id)
    circle = await uow.circles.get(session.circle_id) if session else None
    if session is None or circle is None or not session.live:
        await say(uow, person, ctx.t(person.language, "circles.edit_closed"))
        return True
    me = await uow.circles.attendance_of(session.id, person.id)
    if me is None:
        return True
    await _speak(uow, ctx, sender, Room(circle, session, me), msg, message, None)
    return True


async def _speak(
    uow: UnitOfWork,
    ctx: ServiceContext,
    sender: Sender,
    room: Room,
    msg: Incoming,
    message: Json,
    replied: tuple[str, int, str] | None,
) -> None:
    person, lang = sender.person, sender.person.language
    me = room.me
    assert me is not None
    if not person.may_reach_others:
        await say(uow, person, ctx.t(lang, "circles.refused.suspended"), reply_to=msg.message_id)
        return
    refused = None if msg.edit else rules.refusal(message, msg.kind)
    if refused is not None:
        await say(uow, person, ctx.t(lang, f"relay.refused.{refused}"), reply_to=msg.message_id)
        return
    # Screened before anything can stop it: a muted member's words are read by the screen too.
    await _screen(uow, ctx, person, room, me, msg)
    said = speech(room.session, me)
    if said is not Speech.PASSED:
        await say(uow, person, ctx.t(lang, _HELD[said]), reply_to=msg.message_id)
        return
    found = msg.contact_details
    if found:
        what = ctx.t(lang, "relay.contact.joiner").join(
            ctx.t(lang, f"relay.contact.{k}") for k in found
        )
        await say(
            uow, person, ctx.t(lang, "circles.contact_held", what=what), reply_to=msg.message_id
        )
        return
    await _copy_to_all(uow, ctx, sender, room, me, msg, replied)


async def _screen(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, room: Room, me: Attendance, msg: Incoming
) -> None:
    """The automatic risk screen, as in a pair; the facilitators are told too when it alerts
    coordinators (the crisis lines go to the sender)."""
    if not msg.text:
        return
    done = await screen_text(uow, ctx, person, msg.text, None)
    if done is None or not (done.opened or done.raised):
        return
    for fid in room.circle.facilitator_ids:
        facilitator = await uow.people.get(fid)
        if facilitator is not None and fid != person.id and facilitator.reachable:
            text = ctx.t(facilitator.language, "circles.risk_alert", name=name_in(person, me))
            await say(uow, facilitator, text, urgent=True)


async def _copy_to_all(
    uow: UnitOfWork,
    ctx: ServiceContext,
    sender: Sender,
    room: Room,
    me: Attendance,
    msg: Incoming,
    replied: tuple[str, int, str] | None,
) -> None:
    person = sender.person
    now = ctx.clock.now()
    label = name_in(person, me)
    how = rules.plan(msg, label)
    if msg.edit:
        targets = list(
            dict.fromkeys(
                link.recipient_id for link in await uow.circles.copies_of(person.id, msg.message_id)
            )
        )
    else:
        targets = [
            a.person_id for a in audience(person.id, await uow.circles.attendance(room.session.id))
        ]
    people = await uow.people.get_many(targets)
    replies = await _reply_targets(uow, replied) if replied else {}
    too_soon = False
    for pid in targets:
        recipient = people.get(pid)
        if recipient is None or not recipient.reachable or recipient.suspended:
            continue
        copy = Copy(
            room.session.id,
            person.id,
            sender.chat_id,
            pid,
            msg,
            now,
            uow.circles,
            CIRCLE_LINK,
            PRIORITY_GROUP,
        )
        if msg.edit:
            too_soon = not await edit_copies(uow, copy, how) or too_soon
        else:
            await send_copies(uow, copy, how, replies.get(pid))
    if too_soon:
        await say(
            uow, person, ctx.t(person.language, "relay.edit_too_soon"), reply_to=msg.message_id
        )
    log.info(
        "circle relayed", extra={"circle": room.circle.code, "kind": msg.kind, "edit": msg.edit}
    )


async def _reply_targets(uow: UnitOfWork, replied: tuple[str, int, str]) -> dict[str, int]:
    """For a reply: each recipient's own copy of the message replied to (the original itself
    for the person who wrote it), so the thread holds in every chat."""
    sender_id, message_id, _session = replied
    out = {sender_id: message_id}
    for link in await uow.circles.copies_of(sender_id, message_id):
        if link.recipient_message_id is not None:
            out.setdefault(link.recipient_id, link.recipient_message_id)
    return out
