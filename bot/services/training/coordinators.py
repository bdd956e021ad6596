"""The coordinators' side: /training (peers held by training, expiring soon, hours logged),
/training log CODE hours topic (continuing education), the training column of /peers and the
training figures of /stats."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta

from bot.domain import supervision
from bot.domain import training as rules
from bot.domain.people import Person
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import Command, label, reply
from bot.services.shared.messages import say
from bot.services.training import path, quiz
from bot.services.training.catalogue import modules
from bot.storage.uow import UnitOfWork

MAX_HOURS = 100
MAX_TOPIC = 200
_HOURS = re.compile(r"\d{1,3}([.,]\d{1,2})?")
# Shown per section of /training: the rest is counted, not listed.
LIST_LIMIT = 20


async def command(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, text: str) -> None:
    """/training, or /training log CODE hours topic."""
    cmd = Command.parse(text)
    words = cmd.words
    if words and words[0].lower() == "log":
        await log_hours(uow, ctx, coordinator, cmd)
    elif words == ["me"] or words == ["moi"]:
        # A coordinator who is a peer too: their own path.
        await quiz.show(uow, ctx, coordinator)
    elif words:
        await reply(uow, ctx, coordinator, "training.coord_usage")
    else:
        await overview(uow, ctx, coordinator)


async def log_hours(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command
) -> None:
    head, topic = cmd.split(3)
    if len(head) < 3 or not topic:
        await reply(uow, ctx, coordinator, "training.coord_usage")
        return
    _log, code, hours_text = head
    peer = await uow.people.by_code(code)
    if peer is None:
        # What was typed may be anything (a name, an id): sealed in the detail.
        await audit.record(uow, coordinator, "training.log", outcome="unknown", detail=code[:64])
        await reply(uow, ctx, coordinator, "coord.unknown_person", code=code.upper())
        return
    if not peer.is_peer:
        await reply(uow, ctx, coordinator, "training.log_not_peer", who=label(peer))
        return
    if not _HOURS.fullmatch(hours_text):
        await reply(uow, ctx, coordinator, "training.log_bad_hours", given=hours_text[:20])
        return
    hours = float(hours_text.replace(",", "."))
    if not 0 < hours <= MAX_HOURS:
        await reply(uow, ctx, coordinator, "training.log_bad_hours", given=hours_text[:20])
        return
    minutes = round(hours * 60)
    topic = " ".join(topic.split())[:MAX_TOPIC]
    await uow.training.add_hours(peer.id, coordinator.id, minutes, topic, ctx.clock.now())
    await audit.record(uow, coordinator, "training.log", targets=[peer.code], about=peer)
    shown = _hours(minutes)
    await reply(uow, ctx, coordinator, "training.logged", hours=shown, who=label(peer), topic=topic)
    await say(uow, peer, ctx.t(peer.language, "training.logged_peer", hours=shown, topic=topic))


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f}".rstrip("0").rstrip(".")


async def overview(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person) -> None:
    lang = coordinator.language
    now = ctx.clock.now()
    lines = [ctx.t(lang, "training.coord_title")]
    held = sorted(await uow.training.held_ids())
    people = await uow.people.get_many(held)
    passes = await uow.training.passes(held)
    required = modules(ctx.settings).required_ids
    lines.append(ctx.t(lang, "training.coord_held_title", count=len(held)))
    for person_id in held[:LIST_LIMIT]:
        peer = people.get(person_id)
        if peer is None:
            continue
        found = rules.standing(required, passes.get(person_id, {}), now, reminder_days=0)
        todo = [*found.missing, *found.expired]
        lines.append(f"• {label(peer)}: {path.titles(ctx, lang, todo)}")
    lines += await _in_grace(uow, ctx, lang, now, required)
    soon = now + timedelta(days=ctx.settings.training.reminder_days)
    expiring_ids = await uow.training.with_pass_expiring(now, soon)
    expiring_passes = await uow.training.passes(expiring_ids)
    expiring_people = await uow.people.get_many(expiring_ids)
    rows = []
    for person_id in expiring_ids:
        found = rules.standing(
            required,
            expiring_passes.get(person_id, {}),
            now,
            reminder_days=ctx.settings.training.reminder_days,
        )
        peer = expiring_people.get(person_id)
        for module_id, when in found.expiring:
            if peer is not None:
                rows.append(
                    f"• {label(peer)}: {path.titles(ctx, lang, [module_id])} · "
                    + path.day(ctx, lang, when)
                )
    lines.append(ctx.t(lang, "training.coord_expiring_title", count=len(rows)))
    lines += rows[:LIST_LIMIT]
    lines.append(await hours_text(uow, ctx, lang, now))
    lines.append(ctx.t(lang, "training.coord_usage"))
    await audit.record(uow, coordinator, "training")
    for text in rules.in_messages(lines):
        await say(uow, coordinator, text)


async def hours_text(uow: UnitOfWork, ctx: ServiceContext, lang: str | None, now: datetime) -> str:
    """Continuing-education hours per month over the last twelve months."""
    since = now - timedelta(days=365)
    by_month: dict[str, int] = defaultdict(int)
    for line in await uow.training.hours_since(since):
        by_month[line.at.strftime("%Y-%m")] += line.minutes
    if not by_month:
        return ctx.t(lang, "training.hours_none")
    months = " · ".join(f"{m}: {_hours(v)} h" for m, v in sorted(by_month.items()))
    total = _hours(sum(by_month.values()))
    return ctx.t(lang, "training.hours_line", total=total, months=months)


async def peer_states(
    uow: UnitOfWork, ctx: ServiceContext, lang: str | None, ids: list[str]
) -> dict[str, tuple[str, str]]:
    """Per peer id, their training state and the day of their last debrief, as words (the
    training column of /peers and of the dashboard's *Peers* page)."""
    if not ids:
        return {}
    now = ctx.clock.now()
    held = await uow.training.held_ids(ids)
    passes = await uow.training.passes(ids)
    debriefs = await uow.training.last_debriefs(ids)
    required = modules(ctx.settings).required_ids
    reminder_days = ctx.settings.training.reminder_days
    states = {}
    for person_id in ids:
        found = rules.standing(
            required, passes.get(person_id, {}), now, reminder_days=reminder_days
        )
        if person_id in held:
            state = ctx.t(lang, "training.flag_held")
        elif found.trained and found.expiring:
            state = ctx.t(lang, "training.flag_expiring")
        elif found.trained:
            state = ctx.t(lang, "training.flag_trained")
        else:
            state = ctx.t(lang, "training.flag_grace")
        last = debriefs.get(person_id)
        debrief = path.day(ctx, lang, last) if last else ctx.t(lang, "training.flag_never")
        states[person_id] = (state, debrief)
    return states


async def peer_flags(
    uow: UnitOfWork, ctx: ServiceContext, lang: str | None, peers: list[Person]
) -> dict[str, str]:
    """Per peer, what /peers adds: training state, last debrief, load this month."""
    ids = [p.id for p in peers]
    if not ids:
        return {}
    now = ctx.clock.now()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    states = await peer_states(uow, ctx, lang, ids)
    escalations = await uow.training.escalations_in_pairs_since(ids, month_start)
    circles = await uow.training.circles_in(now.strftime("%Y-%m"), ids)
    flags = {}
    for peer in peers:
        state, debrief = states[peer.id]
        flags[peer.id] = ctx.t(
            lang,
            "training.flag",
            state=state,
            debrief=debrief,
            escalations=escalations.get(peer.id, 0),
            circles=circles.get(peer.id, 0),
        )
    return flags


async def stats_text(uow: UnitOfWork, ctx: ServiceContext, lang: str | None) -> str:
    """What /stats adds: pass rates per module, hours per month, debrief coverage (share of
    active peers with a debrief conversation in the last 30 days), median offer to talk."""
    now = ctx.clock.now()
    lines = [ctx.t(lang, "training.stats_title")]
    attempts = await uow.training.attempts_by_module()
    for module in modules(ctx.settings).ordered(lang):
        taken, passed = attempts.get(module.id, (0, 0))
        rate = f"{round(100 * passed / taken)} %" if taken else "—"
        lines.append(
            ctx.t(
                lang,
                "training.stats_module",
                title=module.title,
                rate=rate,
                passed=passed,
                taken=taken,
            )
        )
    lines.append(await hours_text(uow, ctx, lang, now))
    active = await uow.training.active_peer_ids()
    debriefed = await uow.training.debriefed_since(now - timedelta(days=30))
    covered = len(set(debriefed) & set(active))
    share = f"{round(100 * covered / len(active))} %" if active else "—"
    lines.append(
        ctx.t(lang, "training.stats_coverage", share=share, covered=covered, active=len(active))
    )
    spans = [talk - offered for offered, talk in await uow.training.offer_to_talk_spans()]
    middle = supervision.median(spans)
    if middle is None:
        lines.append(ctx.t(lang, "training.stats_median_none"))
    else:
        hours = f"{middle.total_seconds() / 3600:.1f}"
        lines.append(ctx.t(lang, "training.stats_median", hours=hours, count=len(spans)))
    return "\n".join(lines)


async def training_todo(
    uow: UnitOfWork, ctx: ServiceContext, lang: str | None, peer: Person
) -> str:
    """The required modules a held peer still has to pass (or pass again)."""
    passes = (await uow.training.passes([peer.id])).get(peer.id, {})
    required = modules(ctx.settings).required_ids
    found = rules.standing(required, passes, ctx.clock.now(), reminder_days=0)
    return path.titles(ctx, lang, [*found.missing, *found.expired])


async def _in_grace(
    uow: UnitOfWork, ctx: ServiceContext, lang: str | None, now: datetime, required: list[str]
) -> list[str]:
    """Peers approved before training existed, still matchable, not trained yet: who will
    leave matching when their grace period ends."""
    ids = await uow.training.in_grace_ids(now)
    passes = await uow.training.passes(ids)
    people = await uow.people.get_many(ids)
    rows = []
    for person_id in sorted(ids):
        found = rules.standing(required, passes.get(person_id, {}), now, reminder_days=0)
        state = await uow.training.peer(person_id)
        peer = people.get(person_id)
        if found.trained or peer is None or state is None or state.grace_until is None:
            continue
        rows.append(f"• {label(peer)}: " + path.day(ctx, lang, state.grace_until))
    if not rows:
        return []
    return [ctx.t(lang, "training.coord_grace_title", count=len(rows)), *rows[:LIST_LIMIT]]
