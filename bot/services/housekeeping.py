"""Silence is noticed and nobody waits forgotten: inactivity nudges, waiting alerts, expired
invites, and the retention purge."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import and_, delete, func, or_, select, update

from bot.domain.pairs import ACTIVE, ENDED
from bot.services import counts, privacy
from bot.services.context import ServiceContext
from bot.services.outbox import say
from bot.storage.engine import is_sqlite
from bot.storage.orm import (
    AuditRow,
    CheckinRow,
    EscalationRow,
    HeldMessageRow,
    InboxUpdateRow,
    InviteRow,
    MessageLinkRow,
    OfferRow,
    OutboxRow,
    PairRow,
    PersonRow,
    SessionRow,
)
from bot.storage.uow import Storage, UnitOfWork

log = logging.getLogger(__name__)

INBOX_KEEP_DAYS = 7  # long enough to recognise any update Telegram could still resend


async def nudge_silent_pairs(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Silent ``inactive_days``: both sides nudged kindly. Twice as long: coordinators told.
    Each happens once per silence (a new message starts a new silence)."""
    days = ctx.settings.checkins.inactive_days
    now = ctx.clock.now()
    last = func.coalesce(PairRow.last_activity_at, PairRow.created_at)
    # Only pairs with something to do, found in SQL: loading (and on Postgres locking) every
    # active pair on each pass cost memory and blocked the relay's writes to those rows.
    quiet_since = select(PairRow).where(
        PairRow.status == ACTIVE,
        last <= now - timedelta(days=days),
        or_(
            PairRow.nudged_at.is_(None),
            PairRow.nudged_at < last,
            and_(
                last <= now - timedelta(days=2 * days),
                or_(PairRow.silence_alerted_at.is_(None), PairRow.silence_alerted_at < last),
            ),
        ),
    )
    if uow.dialect == "postgresql":
        quiet_since = quiet_since.with_for_update(skip_locked=True)
    done = 0
    for pair in (await uow.session.execute(quiet_since)).scalars().all():
        since = pair.last_activity_at or pair.created_at
        silent = now - since
        if silent >= timedelta(days=2 * days) and (
            pair.silence_alerted_at is None or pair.silence_alerted_at < since
        ):
            pair.silence_alerted_at = now
            for coordinator in await uow.people.coordinators():
                await say(
                    uow,
                    coordinator,
                    ctx.t(
                        coordinator.language,
                        "followup.silence_alert",
                        pair=pair.code,
                        days=silent.days,
                    ),
                )
            done += 1
        elif silent >= timedelta(days=days) and (pair.nudged_at is None or pair.nudged_at < since):
            pair.nudged_at = now
            for person_id in (pair.seeker_id, pair.peer_id):
                person = await uow.people.get(person_id)
                other = await uow.people.get(
                    pair.peer_id if person_id == pair.seeker_id else pair.seeker_id
                )
                if person is not None:
                    await say(
                        uow,
                        person,
                        ctx.t(
                            person.language,
                            "followup.nudge",
                            name=other.display_name if other else "",
                        ),
                    )
            done += 1
    return done


async def alert_long_waits(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Seekers waiting longer than ``matching.alert_waiting_hours`` are reported, once each."""
    now = ctx.clock.now()
    limit = now - timedelta(hours=ctx.settings.matching.alert_waiting_hours)
    query = select(PersonRow).where(
        # Waiting for a peer, including while offers to peers go unanswered one after another.
        PersonRow.seeker_state.in_(("waiting", "offered")),
        PersonRow.waiting_since <= limit,
        or_(
            PersonRow.waiting_alerted_at.is_(None),
            PersonRow.waiting_alerted_at < PersonRow.waiting_since,
        ),
    )
    if uow.dialect == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = (await uow.session.execute(query)).scalars().all()
    if not rows:
        return 0
    coordinators = await uow.people.coordinators()
    for row in rows:
        row.waiting_alerted_at = now
        assert row.waiting_since is not None
        hours = int((now - row.waiting_since).total_seconds() // 3600)
        for coordinator in coordinators:
            await say(
                uow,
                coordinator,
                ctx.t(coordinator.language, "followup.waiting_alert", code=row.code, hours=hours),
            )
    return len(rows)


async def clean_invites(uow: UnitOfWork, ctx: ServiceContext) -> int:
    result = await uow.session.execute(
        delete(InviteRow).where(InviteRow.expires_at < ctx.clock.now(), InviteRow.used_at.is_(None))
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def purge(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Deletes what is past ``retention.days``; anonymous counts (ratings as numbers, the
    stat_counts table) stay for /stats."""
    now = ctx.clock.now()
    cutoff = now - timedelta(days=ctx.settings.retention.days)
    s = uow.session
    done = 0

    async def run(statement: object) -> None:
        nonlocal done
        result = await s.execute(statement)  # type: ignore[call-overload]
        done += int(getattr(result, "rowcount", 0) or 0)

    ended_long_ago = select(PairRow.id).where(PairRow.status == ENDED, PairRow.ended_at < cutoff)
    await run(delete(MessageLinkRow).where(MessageLinkRow.pair_id.in_(ended_long_ago)))
    await run(
        update(PairRow)
        .where(PairRow.status == ENDED, PairRow.ended_at < cutoff, PairRow.score.is_not(None))
        .values(score=None, handover_note=None, seeker_comment=None, peer_comment=None)
    )
    await run(delete(CheckinRow).where(CheckinRow.due_at < cutoff, CheckinRow.status != "due"))
    await run(delete(SessionRow).where(SessionRow.starts_at < cutoff))
    await run(delete(OfferRow).where(OfferRow.created_at < cutoff, OfferRow.status != "pending"))
    await run(
        update(EscalationRow)
        .where(
            EscalationRow.status == "resolved",
            EscalationRow.resolved_at < cutoff,
            or_(EscalationRow.reason.is_not(None), EscalationRow.note.is_not(None)),
        )
        .values(reason=None, note=None)
    )
    await run(delete(HeldMessageRow).where(HeldMessageRow.created_at < cutoff))
    await run(
        update(AuditRow)
        .where(AuditRow.at < cutoff, AuditRow.detail.is_not(None))
        .values(detail=None)
    )
    await run(
        delete(OutboxRow).where(
            OutboxRow.created_at < cutoff,
            OutboxRow.status.in_(("sent", "dead", "cancelled", "uncertain")),
        )
    )
    await run(
        delete(InboxUpdateRow).where(
            InboxUpdateRow.processed_at
            < now - timedelta(days=min(INBOX_KEEP_DAYS, ctx.settings.retention.days))
        )
    )
    done += await privacy.destroy_leftover_keys(uow)
    done += await purge_strangers(uow, ctx)
    # A process started before a restore (another server on the same Postgres) catches up.
    done += await privacy.erase_unreadable(uow, ctx)
    return done


async def purge_strangers(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """People who wrote but never consented, silent for ``retention.stranger_days``: their row
    (and, by cascade, everything hanging from it) and their data key are deleted, and only
    their number is kept. Not someone an unresolved escalation is about or was opened by, nor a
    suspended account. Returns how many."""
    cutoff = ctx.clock.now() - timedelta(days=ctx.settings.retention.stranger_days)
    s = uow.session
    unresolved = EscalationRow.status != "resolved"
    subjects = select(EscalationRow.subject_id).where(
        unresolved, EscalationRow.subject_id.is_not(None)
    )
    openers = select(EscalationRow.opened_by).where(
        unresolved, EscalationRow.opened_by.is_not(None)
    )
    query = (
        select(PersonRow.id)
        .where(
            PersonRow.consent_version.is_(None),
            PersonRow.status == "active",
            PersonRow.is_seeker.is_(False),
            PersonRow.is_peer.is_(False),
            PersonRow.is_coordinator.is_(False),
            PersonRow.created_at < cutoff,
            or_(PersonRow.last_seen_at.is_(None), PersonRow.last_seen_at < cutoff),
            PersonRow.id.not_in(subjects),
            PersonRow.id.not_in(openers),
        )
        .limit(1000)
    )
    ids = list((await s.execute(query)).scalars())
    if not ids:
        return 0
    await s.execute(
        update(AuditRow).where(AuditRow.about_id.in_(ids)).values(about_id=None, detail=None)
    )
    await s.execute(
        delete(PersonRow).where(PersonRow.id.in_(ids)).execution_options(synchronize_session=False)
    )
    # Before the commit: should it fail, the rows left behind have no key and the next pass of
    # privacy.erase_unreadable turns them into anonymous tombstones.
    await uow.cipher.person_keys.destroy(ids)
    await counts.bump(uow, "privacy.strangers_purged", len(ids))
    log.info("strangers purged", extra={"count": len(ids)})
    return len(ids)


async def compact(storage: Storage) -> None:
    """On SQLite, folds the WAL back into the database file so purged pages leave the disk
    (``secure_delete`` zeroes them); a checkpoint cannot run inside a transaction."""
    if not is_sqlite(str(storage.engine.url)):
        return
    async with storage.gate, storage.engine.connect() as conn:
        raw = await conn.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
