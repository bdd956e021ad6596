"""The *Training* page: what the coordinators' /training and /stats say, as lists. Peers held
by training and what they still have to pass, modules expiring soon, continuing-education hours
per month, pass rates per module, and the debriefs waiting to be claimed (Claim acts as the
chat's Claim button). Never a debrief's answers: they reach the chat of the one who claims."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from bot.domain import training as rules
from bot.domain.people import Person
from bot.services.dashboard.access import viewed
from bot.services.dashboard.lines import label_of
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import since
from bot.services.training import debriefs, path
from bot.services.training.catalogue import modules
from bot.services.training.coordinators import LIST_LIMIT
from bot.storage.uow import UnitOfWork

DEBRIEFS_SHOWN = 50


@dataclass(frozen=True)
class HeldRow:
    code: str
    who: str
    missing: str  # the modules still to pass, or to pass again


@dataclass(frozen=True)
class ExpiringRow:
    code: str
    who: str
    module: str
    until: str


@dataclass(frozen=True)
class ModuleRate:
    title: str
    rate: str
    passed: int
    taken: int


@dataclass(frozen=True)
class DebriefRow:
    id: str
    code: str
    who: str
    trigger: str
    waited: str
    own: bool  # about the viewer themselves: they cannot claim it


@dataclass(frozen=True)
class TrainingView:
    held: list[HeldRow]
    held_total: int
    expiring: list[ExpiringRow]
    hours: list[tuple[str, str]]  # (YYYY-MM, hours)
    rates: list[ModuleRate]
    debriefs: list[DebriefRow]
    debriefs_total: int


def hours_shown(minutes: int) -> str:
    return f"{minutes / 60:.1f}".rstrip("0").rstrip(".")


async def training(uow: UnitOfWork, ctx: ServiceContext, viewer: Person) -> TrainingView:
    lang = viewer.language
    now = ctx.clock.now()
    required = modules(ctx.settings).required_ids
    board = uow.dashboard

    # As /training: who is held, and the modules each still needs.
    held_ids = sorted(await uow.training.held_ids())
    listed = held_ids[:LIST_LIMIT]
    passes = await uow.training.passes(listed)
    people = await board.who(listed)
    held = []
    for pid in listed:
        found = rules.standing(required, passes.get(pid, {}), now, reminder_days=0)
        who = people.get(pid)
        held.append(
            HeldRow(
                who.code if who else "—",
                label_of(who),
                path.titles(ctx, lang, [*found.missing, *found.expired]),
            )
        )

    reminder = ctx.settings.training.reminder_days
    expiring_ids = await uow.training.with_pass_expiring(now, now + timedelta(days=reminder))
    expiring_passes = await uow.training.passes(expiring_ids)
    expiring_people = await board.who(expiring_ids)
    expiring = []
    for pid in expiring_ids:
        who = expiring_people.get(pid)
        found = rules.standing(required, expiring_passes.get(pid, {}), now, reminder_days=reminder)
        for module_id, when in found.expiring:
            expiring.append(
                ExpiringRow(
                    who.code if who else "—",
                    label_of(who),
                    path.titles(ctx, lang, [module_id]),
                    path.day(ctx, lang, when),
                )
            )

    by_month: dict[str, int] = defaultdict(int)
    for line in await uow.training.hours_since(now - timedelta(days=365)):
        by_month[line.at.strftime("%Y-%m")] += line.minutes
    hours = [(m, hours_shown(v)) for m, v in sorted(by_month.items())]

    # As /stats: pass rates per module.
    attempts = await uow.training.attempts_by_module()
    rates = []
    for module in modules(ctx.settings).ordered(lang):
        taken, passed = attempts.get(module.id, (0, 0))
        rate = f"{round(100 * passed / taken)} %" if taken else "—"
        rates.append(ModuleRate(module.title, rate, passed, taken))

    waiting, waiting_total = await board.waiting_debriefs(DEBRIEFS_SHOWN)
    peers = await board.who(d.peer_id for d in waiting)
    rows = [
        DebriefRow(
            d.id,
            d.code,
            label_of(peers.get(d.peer_id)),
            ctx.t(lang, f"debrief.trigger.{d.trigger}"),
            since(ctx, lang, d.sent_at),
            d.peer_id == viewer.id,
        )
        for d in waiting
    ]
    await viewed(uow, viewer, "training")
    return TrainingView(
        held, len(held_ids), expiring[:LIST_LIMIT], hours, rates, rows, waiting_total
    )


async def claim_debrief(uow: UnitOfWork, ctx: ServiceContext, viewer: Person, code: str) -> str:
    """The chat's Claim button under a debrief, exactly: its rules, its answers in the chat
    (the day buttons to propose a time, or who already holds it)."""
    debrief = await uow.training.debrief_by_code(code)
    if debrief is None:
        return "unknown"
    await debriefs.claim(uow, ctx, viewer, debrief.id)
    after = await uow.training.debrief(debrief.id)
    return "debrief_claimed" if after and after.claimed_by == viewer.id else "debrief_not_claimed"
