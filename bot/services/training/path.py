"""The training constraint of matching: who is held out of it, and telling them in time.

A peer is *held* (``training_peers.held``; matching's ``training`` constraint) while approved
and not every required module is passed and valid, unless they are in the grace period peers
approved before training existed were given. Holding and releasing happen here only:
after a quiz (``quiz``), when a peer is approved (the ``PeerHasRoom`` reaction) and when the
clock moves a peer's standing (the ``review`` sweep: reminders ``training.reminder_days``
before an expiry, the expiry itself, the end of the grace period). Existing pairs are never
touched: a hold only stops new offers.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta

from bot.domain import training as rules
from bot.domain.events import PeerHasRoom
from bot.domain.people import Person
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import label
from bot.services.shared.messages import say
from bot.services.training.catalogue import modules
from bot.storage.training_repo import PeerTraining
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

# Set once the peers approved before training existed were given their grace period; before
# that (a database the training path has never reviewed) nobody is held.
GRACE_GIVEN = "grace_given"
GRACE_WARNED = "grace_warned"
# Peers in grace, and coordinators, are told this long before it ends (nothing is said on the
# day training is introduced: the grace period is there so nobody has to act at once).
GRACE_NOTICE = timedelta(days=7)
# Each process re-checks every peer once after start-up: module files may have changed.
_rechecked = False


def grace_notice_at(grace_until: datetime) -> datetime:
    return grace_until - GRACE_NOTICE


def day(ctx: ServiceContext, language: str | None, moment: datetime) -> str:
    return ctx.t(language, "training.date", date=moment.strftime("%Y-%m-%d"))


def titles(
    ctx: ServiceContext, language: str | None, module_ids: list[str] | tuple[str, ...]
) -> str:
    catalogue = modules(ctx.settings)
    found = (catalogue.get(mid, language) for mid in module_ids)
    return ", ".join(m.title for m in found if m is not None)


async def standing_of(
    uow: UnitOfWork, ctx: ServiceContext, person_id: str, state: PeerTraining | None
) -> tuple[rules.Standing, dict[str, rules.Pass]]:
    passes = (await uow.training.passes([person_id])).get(person_id, {})
    found = rules.standing(
        modules(ctx.settings).required_ids,
        passes,
        ctx.clock.now(),
        reminder_days=ctx.settings.training.reminder_days,
        grace_until=state.grace_until if state else None,
    )
    return found, passes


async def refresh(uow: UnitOfWork, ctx: ServiceContext, peer: Person) -> PeerTraining:
    """Brings the peer's hold up to date with their standing now; tells them (and, for an
    expiry, the coordinators) what changed; a released peer is offered waiting seekers."""
    now = ctx.clock.now()
    existing = await uow.training.peer(peer.id)
    state = replace(existing) if existing else PeerTraining(peer.id)
    found, passes = await standing_of(uow, ctx, peer.id, state)
    lang = peer.language
    for module_id, expires in found.expiring:
        if await uow.training.mark_reminded(peer.id, module_id, expires, now):
            await say(
                uow,
                peer,
                ctx.t(
                    lang,
                    "training.reminder",
                    module=titles(ctx, lang, [module_id]),
                    date=day(ctx, lang, expires),
                ),
            )
    if (
        state.grace_until is not None
        and not state.grace_told
        and not found.trained
        and found.in_grace
        and now >= grace_notice_at(state.grace_until)
    ):
        state.grace_told = True
        await say(uow, peer, ctx.t(lang, "training.grace", date=day(ctx, lang, state.grace_until)))
    hold = peer.approved_peer and not found.matchable
    released = state.held and not hold
    if hold and not state.held:
        state.held_since = now
        await _tell_held(uow, ctx, peer, found, first=existing is None)
    if released:
        state.held_since = None
        await say(uow, peer, ctx.t(lang, "training.released"))
    state.held = hold
    state.next_check_at = rules.next_check(
        modules(ctx.settings).required_ids,
        passes,
        now,
        reminder_days=ctx.settings.training.reminder_days,
        grace_until=state.grace_until,
    )
    if state.grace_until is not None and not state.grace_told and found.in_grace:
        notice = grace_notice_at(state.grace_until)
        if notice > now and (state.next_check_at is None or notice < state.next_check_at):
            state.next_check_at = notice
    if state != existing:
        # Most calls (a pair ended, a sweep) change nothing: no write then.
        await uow.training.save_peer(state, now)
    if released:
        log.info("training hold lifted", extra={"peer": peer.code})
        await ctx.publish(uow, PeerHasRoom(peer))
    return state


async def _tell_held(
    uow: UnitOfWork, ctx: ServiceContext, peer: Person, found: rules.Standing, *, first: bool
) -> None:
    lang = peer.language
    if first:
        # A newly approved peer: their path starts here, nothing went wrong.
        await say(uow, peer, ctx.t(lang, "training.start_needed"))
        return
    if found.expired:
        await say(
            uow,
            peer,
            ctx.t(lang, "training.expired", modules=titles(ctx, lang, found.expired)),
        )
    else:
        await say(
            uow,
            peer,
            ctx.t(lang, "training.grace_over", modules=titles(ctx, lang, found.missing)),
        )
    # Coordinators hear of a peer leaving matching; their pairs go on as before.
    pairs = len(await uow.pairs.open_for(peer.id))
    for coordinator in await uow.people.coordinators():
        if coordinator.has_coordinator_power() and coordinator.id != peer.id:
            clang = coordinator.language
            await say(
                uow,
                coordinator,
                ctx.t(
                    clang,
                    "training.coord_held",
                    who=label(peer),
                    modules=titles(ctx, clang, [*found.expired, *found.missing]),
                    pairs=pairs,
                ),
            )
    log.info("training hold", extra={"peer": peer.code})


async def gate_new_peer(uow: UnitOfWork, ctx: ServiceContext, peer: Person) -> None:
    """A peer who has room (just approved, a pair ended, back from a suspension): their hold
    is brought up to date before matching offers them anyone (reactions run in order), so a
    newly approved peer is held until trained."""
    if not peer.approved_peer:
        return
    if await uow.training.meta(GRACE_GIVEN) is None:
        return  # the first review decides for everyone approved so far
    await refresh(uow, ctx, peer)


async def review(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """The sweep: grace for the peers approved before training existed (once), peers the
    path has not seen, then every peer whose standing the clock has changed."""
    global _rechecked
    now = ctx.clock.now()
    done = 0
    if await uow.training.meta(GRACE_GIVEN) is None:
        done += await _give_grace(uow, ctx, now)
    elif not _rechecked:
        await uow.training.recheck_all(now)
    _rechecked = True
    for person_id in await uow.training.approved_without_state():
        person = await uow.people.get(person_id)
        if person is not None:
            await refresh(uow, ctx, person)
            done += 1
    for person_id in await uow.training.due_checks(now):
        person = await uow.people.get(person_id)
        if person is None:
            continue
        await refresh(uow, ctx, person)
        done += 1
    await _warn_coordinators(uow, ctx, now)
    return done


async def _give_grace(uow: UnitOfWork, ctx: ServiceContext, now: datetime) -> int:
    """Peers already approved keep being matched for ``training.grace_days``; they are told a
    week before it ends (``refresh``), and coordinators how many (``_warn_coordinators``), so
    nobody vanishes from matching unannounced."""
    days = ctx.settings.training.grace_days
    until = now + timedelta(days=days) if days else None
    count = 0
    while batch := await uow.training.approved_without_state():
        for person_id in batch:
            peer = await uow.people.get(person_id)
            state = PeerTraining(person_id, grace_until=until)
            await uow.training.save_peer(state, now)
            if peer is None:
                continue
            count += 1
            await refresh(uow, ctx, peer)
    await uow.training.set_meta(GRACE_GIVEN, now)
    log.info("training grace given", extra={"count": count, "days": days})
    return count


async def _warn_coordinators(uow: UnitOfWork, ctx: ServiceContext, now: datetime) -> None:
    """A week before the grace period ends, coordinators hear how many peers will leave
    matching unless they train (once)."""
    given = await uow.training.meta(GRACE_GIVEN)
    days = ctx.settings.training.grace_days
    if given is None or not days or await uow.training.meta(GRACE_WARNED) is not None:
        return
    until = given + timedelta(days=days)
    if now < grace_notice_at(until):
        return
    await uow.training.set_meta(GRACE_WARNED, now)
    in_grace = await uow.training.in_grace_ids(now)
    passes = await uow.training.passes(in_grace)
    required = modules(ctx.settings).required_ids
    count = sum(
        1
        for pid in in_grace
        if not rules.standing(required, passes.get(pid, {}), now, reminder_days=0).trained
    )
    if not count:
        return
    for coordinator in await uow.people.coordinators():
        if coordinator.has_coordinator_power():
            lang = coordinator.language
            await say(
                uow,
                coordinator,
                ctx.t(lang, "training.coord_grace", count=count, date=day(ctx, lang, until)),
            )
