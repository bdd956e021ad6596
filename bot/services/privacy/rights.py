"""Your data (flow 9): /mydata sends everything stored about a person; /forgetme erases it.

Erasure ends the person's conversations kindly (partners told and offered someone new),
withdraws offers, cancels schedules, releases what a coordinator had claimed, blanks every
personal field of every row that is theirs, and leaves an anonymous tombstone so counts stay
right. Then their data key is destroyed: a backup of the database taken before the erasure can
no longer be read for them (see ``bot.storage.person_keys``).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from bot.domain.events import PeerUnavailable, SeekerStoppedLooking
from bot.domain.people import Person, PersonStatus
from bot.services.relay import ending
from bot.services.relay.routing import close_prompt
from bot.services.shared import audit, counts
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say, send_file
from bot.storage.repositories import OutgoingMessage
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

FORGET_ACTION = "forget"
KEEP_ACTION = "forget_no"
EXPORT_FILENAME = "entraide-my-data.json"


# ---- /mydata ------------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


async def export(uow: UnitOfWork, person: Person) -> dict[str, Any]:
    """Everything stored about this person, decrypted; other people only by pseudonym."""
    profile = {
        "code": person.code,
        "pseudonym": person.pseudonym,
        "telegram_id": person.telegram_id,
        "language": person.language,
        "time_zone": person.timezone,
        "roles": [
            role
            for role, has in (
                ("seeker", person.is_seeker),
                ("peer", person.is_peer),
                ("coordinator", person.is_coordinator),
            )
            if has
        ],
        "status": person.status,
        "created_at": _iso(person.created_at),
        "last_seen_at": _iso(person.last_seen_at),
        "seeker_state": person.seeker_state,
        "seeker_profile": person.seeker_profile.to_json() if person.seeker_profile else None,
        "peer_state": person.peer_state,
        "peer_away": person.peer_away,
        "peer_capacity": person.peer_capacity,
        "peer_profile": person.peer_profile.to_json() if person.peer_profile else None,
    }
    consents = [
        {"version": r.version, "accepted": r.accepted, "at": _iso(r.at)}
        for r in await uow.privacy.consents(person.id)
    ]

    pair_ids = await uow.privacy.pair_ids(person.id)
    pairs_by_id = await uow.pairs.get_many(pair_ids)
    others = await uow.people.get_many(p.other(person.id) for p in pairs_by_id.values())
    pairs = []
    for pair_id in pair_ids:
        pair = pairs_by_id[pair_id]
        as_seeker = pair.seeker_id == person.id
        other = others.get(pair.other(person.id))
        shown = other is not None and other.status is not PersonStatus.ERASED
        pairs.append(
            {
                "code": pair.code,
                "my_role": "seeker" if as_seeker else "peer",
                # The other side by pseudonym only: their own data is theirs to ask for.
                "other": other.display_name if other and shown else None,
                "status": pair.status,
                "started_at": _iso(pair.created_at),
                "ended_at": _iso(pair.ended_at),
                "end_reason": pair.end_reason,
                "my_rating": pair.seeker_rating if as_seeker else pair.peer_rating,
                "my_comment": pair.seeker_comment if as_seeker else pair.peer_comment,
            }
        )
    codes = {p.id: p.code for p in pairs_by_id.values()}

    checkins = [
        {
            "pair": codes.get(r.pair_id),
            "status": r.status,
            "asked_at": _iso(r.sent_at),
            "answered_at": _iso(r.answered_at),
            "answer": r.answer,
        }
        for r in await uow.privacy.checkins(person.id)
    ]

    # What they opened, and what was opened automatically from their own words (a report
    # about them is its writer's data). Their own words only: a coordinator's notes about them
    # are not theirs to read here (a coordinator can be asked).
    escalations = [
        {
            "code": r.code,
            "kind": r.kind,
            "opened_by_me": r.opened_by == person.id,
            "about_me": r.subject_id == person.id,
            "status": r.status,
            "opened_at": _iso(r.created_at),
            "resolved_at": _iso(r.resolved_at),
            "reason": r.reason,
        }
        for r in await uow.privacy.escalations(person.id)
    ]

    sessions = [
        {"pair": codes.get(r.pair_id), "starts_at": _iso(r.starts_at), "status": r.status}
        for r in await uow.privacy.sessions(pair_ids)
    ]
    held = [
        {"reason": h.reason, "held_at": _iso(h.created_at), "message": h.data}
        for h in await uow.held.pending(person.id)
    ]
    flow = await uow.flows.get(person.id)
    circles = [
        {"code": c.code, "title": c.title, "facilitator": c.facilitates(person.id)}
        for c in await uow.circles.circles_of(person.id)
    ]
    return {
        "about": "Everything Entraide stores about you, as of the time below.",
        "generated_at": _iso(uow.now()),
        "profile": profile,
        "consents": consents,
        "conversations": pairs,
        "check_ins": checkins,
        "escalations_and_reports": escalations,
        "agreed_times": sessions,
        "circles": circles,
        "messages_waiting_for_your_choice": held,
        "form_in_progress": {"flow": flow.flow, "step": flow.step, "answers": flow.data}
        if flow
        else None,
        "training": await uow.training.export(person.id),
    }


async def send_export(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/mydata: the JSON document as a file, with a word on what it is."""
    data = await export(uow, person)
    body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    caption = ctx.t(person.language, "privacy.mydata.caption")
    await send_file(uow, person, "sendDocument", "document", EXPORT_FILENAME, body, caption)
    log.info("data export sent", extra={"person": person.code})


# ---- /forgetme ----------------------------------------------------------------------------


async def ask_forget(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/forgetme: what erasure means, and a button to confirm it (nothing happens before)."""
    lang = person.language
    open_pairs = await uow.pairs.open_for(person.id)
    keyboard = [
        [ctx.buttons.button(person.id, ctx.t(lang, "privacy.forget.confirm"), FORGET_ACTION)],
        [ctx.buttons.button(person.id, ctx.t(lang, "privacy.forget.keep"), KEEP_ACTION)],
    ]
    key = "privacy.forget.ask_paired" if open_pairs else "privacy.forget.ask"
    await say(uow, person, ctx.t(lang, key), keyboard=keyboard)


async def keep(uow: UnitOfWork, ctx: ServiceContext, person: Person, prompt_id: int | None) -> None:
    await close_prompt(uow, person, prompt_id, ctx.t(person.language, "privacy.forget.kept"))


async def forget(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, prompt_id: int | None
) -> None:
    """Erases the person; their data key is destroyed once this unit of work commits."""
    lang = person.language
    chat_id = person.telegram_id
    if person.suspended and chat_id:
        # The documented exception: a suspended account cannot erase its way back in.
        await uow.people.mark_banned(chat_id, ctx.clock.now())
    await _erase(uow, ctx, person)
    await counts.bump(uow, "privacy.erased")
    await audit.record(uow, person, "forgetme", targets=[person.code])
    # The last word goes to the chat directly: their Telegram id is gone from the database.
    text = ctx.t(lang, "privacy.forget.done")
    method: str = "sendMessage"
    params: dict[str, Any] = {"text": text}
    if prompt_id is not None:
        method, params = "editMessageText", {"message_id": prompt_id, "text": text}
    await uow.outbox.add(OutgoingMessage(person.id, method, params, chat_id=chat_id))
    # Only once the erasure is committed: destroying first and then failing to commit would
    # leave their rows in place, unreadable by anyone, them included.
    uow.after_commit(uow.privacy.key_destruction([person.id]))
    log.info("person erased", extra={"person": person.code})


async def erase_unreadable(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """People whose data key is gone but whose row is not erased: a backup taken before their
    /forgetme was restored. They are erased again, as they asked (pairs ended kindly, offers
    withdrawn, every sealed value of theirs blanked), counted and audited by code only.
    Run at start-up and by the retention sweep. Returns how many."""
    gone = await uow.privacy.unreadable_people()
    for person_id in gone:
        # Opens with every sealed field absent: the key that sealed them is destroyed.
        person = await uow.people.get(person_id)
        if person is None:
            continue
        await _erase(uow, ctx, person)
        await counts.bump(uow, "privacy.erased_again")
        await audit.record(uow, None, "forgetme.again", targets=[person.code])
        log.info("erased person found in a restored copy", extra={"person": person.code})
    return len(gone)


async def _erase(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """Everything erasure does to the database, whoever asked (the person, or a restore)."""
    now = ctx.clock.now()
    pairs = uow.pairs
    for pair in await pairs.open_for(person.id):
        await ending.end_pair(uow, ctx, pair, reason="forgotten", by=person)
    if person.searching:
        await ctx.publish(uow, SeekerStoppedLooking(person))
    if person.approved_peer:
        # Offers waiting for this peer's answer go to the next peers at once.
        await ctx.publish(uow, PeerUnavailable(person))
    await uow.privacy.erase_person(person.id, now)
    await uow.circles.erase_person(person.id)
    person.erase()
    uow.people.forget_opened(person.id)


async def destroy_leftover_keys(uow: UnitOfWork) -> int:
    """Erased people whose key survived (a crash between the erasure's commit and the key's
    destruction) lose it now. Run by the retention sweep."""
    destroyed = await uow.privacy.destroy_leftover_keys()
    if destroyed:
        log.info("leftover data keys destroyed", extra={"count": destroyed})
    return destroyed
