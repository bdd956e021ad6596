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

from sqlalchemy import LargeBinary, and_, delete, func, or_, select, type_coerce, update

from bot.domain.people import Person
from bot.services import audit, conversation, counts, matching
from bot.services.context import ServiceContext
from bot.services.outbox import say, send_file
from bot.services.relay import HeldMessages, close_prompt
from bot.storage.crypto import envelope_prefix
from bot.storage.flows_repo import FlowStore
from bot.storage.orm import (
    AuditRow,
    Base,
    CheckinRow,
    ConsentRow,
    EscalationRow,
    FlowStateRow,
    HeldMessageRow,
    MessageLinkRow,
    OfferRow,
    OutboxRow,
    PairRow,
    PersonRow,
    RiskCooldownRow,
    SessionRow,
    encrypted_columns,
    escalation_reason_owner,
    new_id,
)
from bot.storage.pairs_repo import PairsRepository
from bot.storage.repositories import OutgoingMessage
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

FORGET_ACTION = "forget"
KEEP_ACTION = "forget_no"
ERASED = "erased"
EXPORT_FILENAME = "entraide-my-data.json"


# ---- /mydata ------------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


async def export(uow: UnitOfWork, person: Person) -> dict[str, Any]:
    """Everything stored about this person, decrypted; other people only by pseudonym."""
    s = uow.session
    c = uow.cipher
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
        for r in (
            await s.execute(
                select(ConsentRow).where(ConsentRow.person_id == person.id).order_by(ConsentRow.at)
            )
        ).scalars()
    ]

    pair_ids = list(
        (
            await s.execute(
                select(PairRow.id)
                .where(or_(PairRow.seeker_id == person.id, PairRow.peer_id == person.id))
                .order_by(PairRow.created_at)
            )
        ).scalars()
    )
    pairs_by_id = await uow.repo(PairsRepository).get_many(pair_ids)
    others = await uow.people.get_many(p.other(person.id) for p in pairs_by_id.values())
    pairs = []
    for pair_id in pair_ids:
        pair = pairs_by_id[pair_id]
        as_seeker = pair.seeker_id == person.id
        other = others.get(pair.other(person.id))
        pairs.append(
            {
                "code": pair.code,
                "my_role": "seeker" if as_seeker else "peer",
                # The other side by pseudonym only: their own data is theirs to ask for.
                "other": other.display_name if other and other.status != ERASED else None,
                "status": pair.status,
                "started_at": _iso(pair.created_at),
                "ended_at": _iso(pair.ended_at),
                "end_reason": pair.end_reason,
                "my_rating": pair.seeker_rating if as_seeker else pair.peer_rating,
                "my_comment": pair.seeker_comment if as_seeker else pair.peer_comment,
            }
        )
    codes = {p.id: p.code for p in pairs_by_id.values()}

    checkin_rows = (
        await s.execute(
            select(CheckinRow).where(CheckinRow.person_id == person.id).order_by(CheckinRow.due_at)
        )
    ).scalars()
    # Right before use: keys may be evicted while other queries are awaited.
    await c.person_keys.load([person.id])
    checkins = []
    for row in checkin_rows:
        checkins.append(
            {
                "pair": codes.get(row.pair_id),
                "status": row.status,
                "asked_at": _iso(row.sent_at),
                "answered_at": _iso(row.answered_at),
                "answer": c.decrypt_opt(
                    row.answer, table="checkins", column="answer", row_id=row.id
                ),
            }
        )

    # What they opened, and what was opened automatically from their own words. A report or a
    # referral someone else opened about them is that person's data, and telling them of it
    # would tell the accused they were reported: it is not in their export.
    rows = list(
        (
            await s.execute(
                select(EscalationRow)
                .where(
                    or_(
                        EscalationRow.opened_by == person.id,
                        and_(
                            EscalationRow.subject_id == person.id,
                            EscalationRow.opened_by.is_(None),
                        ),
                    )
                )
                .order_by(EscalationRow.created_at)
            )
        ).scalars()
    )
    await c.person_keys.load([person.id])
    escalations = [
        {
            "code": r.code,
            "kind": r.kind,
            "opened_by_me": r.opened_by == person.id,
            "about_me": r.subject_id == person.id,
            "status": r.status,
            "opened_at": _iso(r.created_at),
            "resolved_at": _iso(r.resolved_at),
            # What they wrote themselves; a coordinator's notes about them are not theirs to
            # read here (a coordinator can be asked).
            "reason": (
                c.decrypt_opt(r.reason, table="escalations", column="reason", row_id=r.id)
                if escalation_reason_owner(r.opened_by, r.subject_id) == person.id
                else None
            ),
        }
        for r in rows
    ]

    sessions = [
        {"pair": codes.get(r.pair_id), "starts_at": _iso(r.starts_at), "status": r.status}
        for r in (
            await s.execute(
                select(SessionRow)
                .where(SessionRow.pair_id.in_(pair_ids))
                .order_by(SessionRow.starts_at)
            )
        ).scalars()
    ]
    held = [
        {"reason": h.reason, "held_at": _iso(h.created_at), "message": h.data}
        for h in await uow.repo(HeldMessages).pending(person.id)
    ]
    flow = await uow.repo(FlowStore).get(person.id)
    return {
        "about": "Everything Entraide stores about you, as of the time below.",
        "generated_at": _iso(uow.now()),
        "profile": profile,
        "consents": consents,
        "conversations": pairs,
        "check_ins": checkins,
        "escalations_and_reports": escalations,
        "agreed_times": sessions,
        "messages_waiting_for_your_choice": held,
        "form_in_progress": {"flow": flow.flow, "step": flow.step, "answers": flow.data}
        if flow
        else None,
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
    open_pairs = await uow.repo(PairsRepository).open_for(person.id)
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
) -> list[str]:
    """Erases the person. Returns the ids whose data keys to destroy once this commits."""
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
    log.info("person erased", extra={"person": person.code})
    return [person.id]


async def welcome_banned(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> bool:
    """A new account found among the ban markers (suspended, then erased): it starts suspended,
    and is told so kindly, with the way to the coordination team. True when it was."""
    if not await uow.people.is_banned(person.telegram_id):
        return False
    person.status = "suspended"
    await uow.people.save(person)
    await say(uow, person, ctx.t(person.language, "privacy.banned"))
    log.info("a suspended account came back after erasure", extra={"person": person.code})
    return True


async def erase_unreadable(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """People whose data key is gone but whose row is not erased: a backup taken before their
    /forgetme was restored. They are erased again, as they asked (pairs ended kindly, offers
    withdrawn, every sealed value of theirs blanked), counted and audited by code only.
    Run at start-up and by the retention sweep. Returns how many."""
    keys = uow.cipher.person_keys
    if keys.backend is None:
        return 0  # keys live only in memory (tests, benchmarks): nothing can be missing
    query = select(PersonRow.id).where(PersonRow.status != ERASED)
    ids = list((await uow.session.execute(query)).scalars())
    present = set()
    for i in range(0, len(ids), 500):
        present.update(await keys.existing(ids[i : i + 500]))
    gone = [person_id for person_id in ids if person_id not in present]
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
    s = uow.session
    pairs = uow.repo(PairsRepository)
    for pair in await pairs.open_for(person.id):
        await conversation.end_pair(uow, ctx, pair, reason="forgotten", by=person)
    if person.seeker_state in ("waiting", "offered"):
        await matching.withdraw_offers(uow, ctx, person)
    if person.peer_state == "approved":
        # Offers waiting for this peer's answer go to the next peers at once.
        await matching.peer_unavailable(uow, ctx, person)

    pair_ids = select(PairRow.id).where(
        or_(PairRow.seeker_id == person.id, PairRow.peer_id == person.id)
    )
    await s.execute(
        update(SessionRow)
        .where(SessionRow.pair_id.in_(pair_ids), SessionRow.status.in_(("proposed", "accepted")))
        .values(status="cancelled", remind_at=None)
    )
    await s.execute(
        update(CheckinRow)
        .where(CheckinRow.person_id == person.id, CheckinRow.status.in_(("due", "sent")))
        .values(status="cancelled")
    )
    await s.execute(update(CheckinRow).where(CheckinRow.person_id == person.id).values(answer=None))
    # Their words in pairs, and what coordinators wrote about pairs they were in.
    await s.execute(
        update(PairRow).where(PairRow.seeker_id == person.id).values(seeker_comment=None)
    )
    await s.execute(update(PairRow).where(PairRow.peer_id == person.id).values(peer_comment=None))
    # Why they were matched is about them too.
    await s.execute(
        update(PairRow).where(PairRow.id.in_(pair_ids)).values(handover_note=None, score=None)
    )
    # Escalations: their own words and the notes about them go; the anonymous row stays
    # counted. A report or referral someone else opened about them is that person's words:
    # it stays readable to the coordinators until it is resolved (then it goes too).
    await s.execute(
        update(EscalationRow)
        .where(EscalationRow.opened_by == person.id)
        .values(reason=None, note=None)
    )
    await s.execute(
        update(EscalationRow)
        .where(
            EscalationRow.subject_id == person.id,
            or_(
                EscalationRow.opened_by.is_(None),
                EscalationRow.opened_by == person.id,
                EscalationRow.status == "resolved",
            ),
        )
        .values(reason=None, note=None)
    )
    await s.execute(
        update(EscalationRow).where(EscalationRow.subject_id == person.id).values(note=None)
    )
    # A coordinator leaving must not leave a crisis claimed by nobody: it is open again, and
    # the re-alert sweep tells the others at once.
    await s.execute(
        update(EscalationRow)
        .where(EscalationRow.claimed_by == person.id, EscalationRow.status == "claimed")
        .values(status="open", claimed_by=None, claimed_at=None, next_alert_at=now)
    )
    await s.execute(
        update(OfferRow)
        .where(or_(OfferRow.seeker_id == person.id, OfferRow.peer_id == person.id))
        .values(score=None)
    )
    # What coordinators wrote about them in the audit log (a /msg, a suspension's reason).
    await s.execute(update(AuditRow).where(AuditRow.about_id == person.id).values(detail=None))
    await s.execute(
        delete(MessageLinkRow).where(
            or_(MessageLinkRow.sender_id == person.id, MessageLinkRow.recipient_id == person.id)
        )
    )
    await s.execute(delete(FlowStateRow).where(FlowStateRow.person_id == person.id))
    await s.execute(delete(HeldMessageRow).where(HeldMessageRow.person_id == person.id))
    await s.execute(delete(RiskCooldownRow).where(RiskCooldownRow.person_id == person.id))
    await s.execute(
        update(OutboxRow)
        .where(OutboxRow.person_id == person.id, OutboxRow.status == "pending")
        .values(status="cancelled", error="erased", payload=None)
    )
    await _shred(uow, person.id)
    await _tombstone(uow, person)
    uow.people.forget_opened(person.id)


async def _shred(uow: UnitOfWork, person_id: str) -> None:
    """Every value sealed under the person's own key, in any column of any table, is blanked:
    the list above names what is theirs by meaning; this catches what is theirs by key (and
    whatever a later feature seals for them without updating the list)."""
    prefix = envelope_prefix(person_id)
    for table_name, _key, column in encrypted_columns():
        if (table_name, column) == ("people", "tg_id"):
            continue  # not nullable: the tombstone empties it
        table = Base.metadata.tables[table_name]
        col = table.c[column]
        sealed_for_them = type_coerce(func.substr(col, 1, len(prefix)), LargeBinary) == prefix
        await uow.session.execute(
            update(table)
            .where(col.is_not(None), sealed_for_them)
            .values({column: None})
            .execution_options(synchronize_session=False)
        )


async def _tombstone(uow: UnitOfWork, person: Person) -> None:
    row = await uow.session.get(PersonRow, person.id)
    assert row is not None
    # The bulk updates above bypassed this object: reload it, so nothing stale is written back.
    await uow.session.refresh(row)
    # A random index: the same Telegram account writing again starts afresh, as a stranger.
    row.tg_index = "erased:" + new_id().replace("-", "")
    row.tg_id = b""
    row.pseudonym = row.timezone = row.seeker_profile = row.peer_profile = None
    row.status = ERASED
    row.language = None
    row.is_seeker = row.is_peer = row.is_coordinator = False
    row.seeker_state = "none"
    row.peer_state = "none"
    row.peer_away = False
    row.peer_capacity = 0
    row.waiting_since = None
    row.focus_pair_id = None
    row.last_seen_at = None
    row.profile_rev += 1
    person.status = ERASED


async def destroy_leftover_keys(uow: UnitOfWork) -> int:
    """Erased people whose key survived (a crash between the erasure's commit and the key's
    destruction) lose it now. Run by the retention sweep."""
    query = select(PersonRow.id).where(PersonRow.status == ERASED)
    ids = list((await uow.session.execute(query)).scalars())
    existing = await uow.cipher.person_keys.existing(ids)
    if existing:
        await uow.cipher.person_keys.destroy(existing)
        log.info("leftover data keys destroyed", extra={"count": len(existing)})
    return len(existing)
