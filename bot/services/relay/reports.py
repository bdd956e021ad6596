"""/report: coordinators are alerted (the reason sealed); the pair goes on."""

from __future__ import annotations

from bot.domain import relay as rules
from bot.domain.people import Person
from bot.services.escalations import screening as risk
from bot.services.escalations.alerts import open_escalation
from bot.services.relay import moderation
from bot.services.relay.conversation import PICK_REPORT, ask_pick, name_of, target
from bot.services.relay.routing import HOLD_REPORT
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.uow import UnitOfWork


async def report(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    reason: str,
    pair_id: str | None = None,
) -> None:
    """/report REASON: coordinators are alerted (the reason sealed); the pair goes on."""
    lang = person.language
    if await moderation.held_back(uow, ctx, person, command=True):
        return
    reason = reason.strip()
    if not reason:
        await say(uow, person, ctx.t(lang, "relay.report.usage"))
        return
    pairs = await uow.pairs.open_for(person.id)
    if pair_id is None and not pairs:
        await say(uow, person, ctx.t(lang, "relay.no_conversation_cmd"))
        return
    if pair_id is None and rules.focused(pairs, person.focus_pair_id) is None:
        # Kept (sealed) until they say which conversation it is about.
        await uow.held.add(person.id, HOLD_REPORT, None, {"reason": reason}, ctx.clock.now())
        await ask_pick(uow, ctx, person, pairs, PICK_REPORT)
        return
    pair = await target(uow, ctx, person, pair_id, PICK_REPORT)
    if pair is None:
        return
    other = await uow.people.get(pair.other(person.id))
    await open_escalation(
        uow,
        ctx,
        kind="report",
        subject=other,
        opened_by=person,
        reason=reason,
        pair_id=pair.id,
        level=risk.level_of_reason(ctx, reason, lang),
    )
    await say(uow, person, ctx.t(lang, "relay.report.done", name=name_of(other)))


async def report_held(uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str) -> None:
    """They said which conversation their held report is about: it goes on with that pair."""
    waiting = await uow.held.pending(person.id, HOLD_REPORT)
    for hold in waiting:
        await uow.held.drop(hold.id)
    if not waiting:
        await say(uow, person, ctx.t(person.language, "relay.report.usage"))
        return
    await report(uow, ctx, person, str(waiting[-1].data.get("reason", "")), pair_id)
