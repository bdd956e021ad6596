"""Silence is noticed and nobody waits forgotten: inactivity nudges, waiting alerts, expired
invites, and the retention purge."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.domain.checkins import SilenceAction, silence_action
from bot.domain.retention import INBOX_KEEP_DAYS as INBOX_KEEP_DAYS
from bot.domain.retention import retention_cutoffs, stranger_cutoff
from bot.services.privacy import rights as privacy
from bot.services.shared import counts
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.uow import Storage, UnitOfWork

log = logging.getLogger(__name__)


async def nudge_silent_pairs(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Silent ``inactive_days``: both sides nudged kindly. Twice as long: coordinators told.
    Each happens once per silence (a new message starts a new silence)."""
    days = ctx.settings.checkins.inactive_days
    now = ctx.clock.now()
    done = 0
    for pair in await uow.housekeeping.silent_pairs(now, days):
        action = silence_action(
            since=pair.since,
            nudged_at=pair.nudged_at,
            alerted_at=pair.silence_alerted_at,
            now=now,
            inactive_days=days,
        )
        if action == SilenceAction.ALERT:
            await uow.housekeeping.mark_silence_alerted(pair.id, now)
            for coordinator in await uow.people.coordinators():
                await say(
                    uow,
                    coordinator,
                    ctx.t(
                        coordinator.language,
                        "followup.silence_alert",
                        pair=pair.code,
                        days=(now - pair.since).days,
                    ),
                )
            done += 1
        elif action == SilenceAction.NUDGE:
            await uow.housekeeping.mark_nudged(pair.id, now)
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
    waiting = await uow.housekeeping.long_waiting(limit)
    if not waiting:
        return 0
    coordinators = await uow.people.coordinators()
    for seeker in waiting:
        await uow.housekeeping.mark_waiting_alerted(seeker.id, now)
        hours = int((now - seeker.waiting_since).total_seconds() // 3600)
        for coordinator in coordinators:
            await say(
                uow,
                coordinator,
                ctx.t(
                    coordinator.language, "followup.waiting_alert", code=seeker.code, hours=hours
                ),
            )
    return len(waiting)


async def clean_invites(uow: UnitOfWork, ctx: ServiceContext) -> int:
    return await uow.housekeeping.delete_expired_invites(ctx.clock.now())


async def purge(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """Deletes what is past ``retention.days``; anonymous counts (ratings as numbers, the
    stat_counts table) stay for /stats."""
    cutoffs = retention_cutoffs(ctx.clock.now(), ctx.settings.retention.days)
    done = await uow.housekeeping.purge_past(cutoffs)
    done += await uow.circles.purge_before(cutoffs.data)
    # Training's words (debrief answers, wellbeing answers, hours' topics) past retention.
    done += await uow.training.purge(ctx.clock.now() - timedelta(days=ctx.settings.retention.days))
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
    ids = await uow.housekeeping.strangers(
        stranger_cutoff(ctx.clock.now(), ctx.settings.retention.stranger_days)
    )
    if not ids:
        return 0
    await uow.housekeeping.delete_people(ids)
    await counts.bump(uow, "privacy.strangers_purged", len(ids))
    log.info("strangers purged", extra={"count": len(ids)})
    return len(ids)


async def compact(storage: Storage) -> None:
    """On SQLite, folds the WAL back into the database file so purged pages leave the disk."""
    await storage.checkpoint()
