"""Debriefs: a peer talks a hard moment through with a coordinator.

A peer asks (``/debrief``) or is offered one by the bot ``training.debrief_offer_delay_minutes``
after a hard moment (an escalation in their pair, a heavy check-in, a reassignment, a block or
report, a circle they facilitated: see ``offer``), one offer at a time. They answer three short
questions (what happened, how I am, what I need), sealed under their own key; the coordinators
on duty (everyone when nobody is) get it with a Claim button; the one who claims proposes a
time with the day and time buttons /schedule uses, and the peer accepts or asks for another.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.domain import supervision as rules
from bot.domain.people import Person, new_code
from bot.domain.supervision import Debrief, DebriefStatus, DebriefTrigger
from bot.services.escalations import oncall, screening
from bot.services.followup import talk_times
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import label
from bot.services.shared.messages import say
from bot.services.training.quiz import takes_training
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

OPEN, NOT_NOW, CLAIM, DAY, TIME, RESPOND = "db.o", "db.n", "db.c", "db.d", "db.t", "db.r"
FLOW = "debrief"
OWN_WORDS = ("feeling", "need")


def _is_peer(person: Person) -> bool:
    return takes_training(person) and not person.suspended


async def _new_code(uow: UnitOfWork) -> str:
    while True:
        code = new_code("D")
        if not await uow.training.code_taken(code):
            return code


async def offer(
    uow: UnitOfWork, ctx: ServiceContext, peer_id: str, trigger: DebriefTrigger
) -> None:
    """A hard moment: a debrief will be offered (one at a time), not in the middle of it."""
    peer = await uow.people.get(peer_id)
    if peer is None or not peer.approved_peer or peer.suspended:
        return
    if not rules.offer_wanted(await uow.training.open_debriefs(peer.id), trigger):
        return
    now = ctx.clock.now()
    delay = timedelta(minutes=ctx.settings.training.debrief_offer_delay_minutes)
    await uow.training.add_debrief(
        peer.id, await _new_code(uow), trigger, DebriefStatus.DUE, now, offer_at=now + delay
    )
    log.info("debrief offer planned", extra={"peer": peer.code, "trigger": trigger.value})


async def send_offers(uow: UnitOfWork, ctx: ServiceContext) -> int:
    """The sweep: offers that are due go out; both sides are reminded
    ``checkins.session_reminder_minutes`` before an agreed debrief, as /schedule does."""
    now = ctx.clock.now()
    before = timedelta(minutes=ctx.settings.checkins.session_reminder_minutes)
    reminded = await uow.training.claim_due_reminders(now + before, now)
    for debrief in reminded:
        assert debrief.talk_at is not None
        for person_id in (debrief.peer_id, debrief.claimed_by):
            who = await uow.people.get(person_id) if person_id else None
            if who is not None and not who.suspended:
                when = talk_times.when_for(ctx, who, debrief.talk_at)
                text = ctx.t(who.language, "debrief.reminder", code=debrief.code, when=when)
                await say(uow, who, text)
    due = await uow.training.due_offers(now)
    for debrief in due:
        peer = await uow.people.get(debrief.peer_id)
        if peer is None or not peer.reachable or peer.suspended:
            await uow.training.update_debrief(debrief.id, status=DebriefStatus.DECLINED)
            continue
        lang = peer.language
        keyboard = [
            [ctx.buttons.button(peer.id, ctx.t(lang, "debrief.yes"), OPEN, debrief.id)],
            [ctx.buttons.button(peer.id, ctx.t(lang, "debrief.not_now"), NOT_NOW, debrief.id)],
        ]
        text = ctx.t(lang, f"debrief.offer.{debrief.trigger.value}")
        await say(uow, peer, text, keyboard=keyboard)
        await uow.training.update_debrief(debrief.id, status=DebriefStatus.OFFERED, offered_at=now)
    return len(due) + len(reminded)


async def ask(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/debrief: start the three questions (or say where their request is)."""
    lang = person.language
    if not _is_peer(person):
        await say(uow, person, ctx.t(lang, "debrief.not_peer"))
        return
    open_ones = await uow.training.open_debriefs(person.id)
    under_way = [d for d in open_ones if d.status in (DebriefStatus.WAITING, DebriefStatus.CLAIMED)]
    if under_way:
        await say(uow, person, ctx.t(lang, "debrief.already", code=under_way[0].code))
        return
    pending = [d for d in open_ones if d.status is not DebriefStatus.ANSWERING]
    answering = [d for d in open_ones if d.status is DebriefStatus.ANSWERING]
    if answering:
        await _next_question(uow, ctx, person, answering[0])
        return
    now = ctx.clock.now()
    if pending:
        # An offer on its way or unanswered: asking is accepting it.
        debrief = pending[0]
        await uow.training.update_debrief(
            debrief.id, status=DebriefStatus.ANSWERING, offered_at=debrief.offered_at or now
        )
    else:
        debrief = await uow.training.add_debrief(
            person.id, await _new_code(uow), DebriefTrigger.ASKED, DebriefStatus.ANSWERING, now
        )
    await say(uow, person, ctx.t(lang, "debrief.intro"))
    await _next_question(uow, ctx, person, debrief)


async def _offered_to(uow: UnitOfWork, person: Person, debrief_id: str) -> Debrief | None:
    """The debrief behind an offer's button, while it is still this peer's open offer."""
    debrief = await uow.training.debrief(debrief_id)
    if debrief is None or debrief.peer_id != person.id:
        return None
    return debrief if debrief.status is DebriefStatus.OFFERED else None


async def open_offer(uow: UnitOfWork, ctx: ServiceContext, person: Person, debrief_id: str) -> None:
    """Yes under an offer."""
    debrief = await _offered_to(uow, person, debrief_id)
    if debrief is None:
        await say(uow, person, ctx.t(person.language, "errors.button_expired"))
        return
    await uow.training.update_debrief(debrief.id, status=DebriefStatus.ANSWERING)
    await say(uow, person, ctx.t(person.language, "debrief.intro"))
    await _next_question(uow, ctx, person, debrief)


async def not_now(uow: UnitOfWork, ctx: ServiceContext, person: Person, debrief_id: str) -> None:
    debrief = await _offered_to(uow, person, debrief_id)
    if debrief is None:
        await say(uow, person, ctx.t(person.language, "errors.button_expired"))
        return
    await uow.training.update_debrief(debrief.id, status=DebriefStatus.DECLINED)
    await say(uow, person, ctx.t(person.language, "debrief.declined"))


async def _next_question(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, debrief: Debrief
) -> None:
    name = debrief.next_question
    if name is None:
        return
    number = rules.DEBRIEF_QUESTIONS.index(name) + 1
    await uow.flows.set(person.id, FLOW, name, {"id": debrief.id}, ctx.clock.now())
    await say(
        uow,
        person,
        ctx.t(
            person.language,
            "debrief.question",
            number=number,
            text=ctx.t(person.language, f"debrief.q.{name}"),
        ),
    )


async def take_answer(uow: UnitOfWork, ctx: ServiceContext, person: Person, text: str) -> bool:
    """A message while a debrief question waits: it is the answer. False: not theirs to take."""
    flow = await uow.flows.get(person.id)
    if flow is None or flow.flow != FLOW:
        return False
    debrief = await uow.training.debrief(str(flow.data.get("id", "")))
    if (
        debrief is None
        or debrief.peer_id != person.id
        or debrief.status is not DebriefStatus.ANSWERING
    ):
        await uow.flows.clear(person.id)
        return False
    answers = {**debrief.answers, flow.step: text.strip()[: rules.MAX_DEBRIEF_ANSWER]}
    await uow.training.update_debrief(debrief.id, answers=answers)
    if flow.step in OWN_WORDS:
        # How they are, what they need: the peer's own state, screened like anything they
        # write (crisis lines first if the words call for them). What happened is mostly
        # about their seeker, whose escalation already exists.
        await screening.screen_text(uow, ctx, person, text, None)
    debrief = await uow.training.debrief(debrief.id)
    assert debrief is not None
    if debrief.next_question is not None:
        await _next_question(uow, ctx, person, debrief)
        return True
    await uow.flows.clear(person.id)
    await _send_to_coordinators(uow, ctx, person, debrief)
    return True


async def not_text(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> bool:
    """A photo or a sticker while a question waits: ask for words, keep the question."""
    flow = await uow.flows.get(person.id)
    if flow is None or flow.flow != FLOW:
        return False
    await say(uow, person, ctx.t(person.language, "debrief.words_please"))
    return True


async def _send_to_coordinators(
    uow: UnitOfWork, ctx: ServiceContext, peer: Person, debrief: Debrief
) -> None:
    now = ctx.clock.now()
    await uow.training.update_debrief(debrief.id, status=DebriefStatus.WAITING, sent_at=now)
    heard = await oncall.audience(uow, ctx, peer.id, now)
    for coordinator in heard.people:
        lang = coordinator.language
        text = ctx.t(
            lang,
            "debrief.to_coordinators",
            code=debrief.code,
            who=label(peer),
            trigger=ctx.t(lang, f"debrief.trigger.{debrief.trigger.value}"),
            happened=debrief.answers.get("happened", ""),
            feeling=debrief.answers.get("feeling", ""),
            need=debrief.answers.get("need", ""),
        )
        claim = ctx.buttons.button(coordinator.id, ctx.t(lang, "debrief.claim"), CLAIM, debrief.id)
        await say(uow, coordinator, text, keyboard=[[claim]])
    note = await oncall.nobody_note(uow, ctx, peer, now)
    await say(uow, peer, ctx.t(peer.language, "debrief.sent") + (f"\n\n{note}" if note else ""))
    log.info("debrief sent", extra={"debrief": debrief.code})


async def claim(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, debrief_id: str) -> None:
    lang = coordinator.language
    debrief = await uow.training.debrief(debrief_id)
    if (
        debrief is None
        or not coordinator.has_coordinator_power()
        or debrief.peer_id == coordinator.id
    ):
        await say(uow, coordinator, ctx.t(lang, "errors.button_expired"))
        return
    now = ctx.clock.now()
    if not await uow.training.claim_debrief(debrief.id, coordinator.id, now):
        holder = await uow.people.get(debrief.claimed_by) if debrief.claimed_by else None
        if holder is not None and holder.id == coordinator.id:
            await _ask_day(uow, ctx, coordinator, debrief)
            return
        # Audited like an escalation's claim, from the chat or the dashboard alike.
        await audit.record(
            uow, coordinator, "debrief.claim", targets=[debrief.code], outcome="taken"
        )
        await say(
            uow,
            coordinator,
            ctx.t(lang, "debrief.already_claimed", code=debrief.code, by=label(holder)),
        )
        return
    await audit.record(uow, coordinator, "debrief.claim", targets=[debrief.code])
    peer = await uow.people.get(debrief.peer_id)
    if peer is not None:
        await say(uow, peer, ctx.t(peer.language, "debrief.claimed_peer"))
    await _ask_day(uow, ctx, coordinator, debrief)


async def _ask_day(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, debrief: Debrief
) -> None:
    rows = talk_times.day_buttons(ctx, coordinator, DAY, debrief.id)
    text = ctx.t(coordinator.language, "debrief.pick_day", code=debrief.code)
    await say(uow, coordinator, text, keyboard=rows)


async def _mine(uow: UnitOfWork, coordinator: Person, debrief_id: str) -> Debrief | None:
    debrief = await uow.training.debrief(debrief_id)
    if debrief is None or debrief.claimed_by != coordinator.id:
        return None
    if debrief.status not in (DebriefStatus.CLAIMED, DebriefStatus.SCHEDULED):
        return None
    return debrief if coordinator.has_coordinator_power() else None


async def pick_day(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, debrief_id: str, offset: str
) -> None:
    debrief = await _mine(uow, coordinator, debrief_id)
    if debrief is None or not offset.isdigit() or int(offset) >= talk_times.DAYS_AHEAD:
        await say(uow, coordinator, ctx.t(coordinator.language, "errors.button_expired"))
        return
    buttons = talk_times.time_buttons(ctx, coordinator, int(offset), TIME, debrief.id)
    if not buttons:
        await say(uow, coordinator, ctx.t(coordinator.language, "talk.day_over"))
        await _ask_day(uow, ctx, coordinator, debrief)
        return
    await say(uow, coordinator, ctx.t(coordinator.language, "talk.pick_time"), keyboard=[buttons])


async def pick_time(
    uow: UnitOfWork,
    ctx: ServiceContext,
    coordinator: Person,
    debrief_id: str,
    offset: str,
    hhmm: str,
) -> None:
    """The coordinator's proposal: the peer sees it in their own time and answers."""
    debrief = await _mine(uow, coordinator, debrief_id)
    starts = talk_times.slot_moment(ctx, coordinator, offset, hhmm)
    if debrief is None or starts is None:
        await say(uow, coordinator, ctx.t(coordinator.language, "errors.button_expired"))
        return
    if starts <= ctx.clock.now():
        await say(uow, coordinator, ctx.t(coordinator.language, "talk.day_over"))
        return
    peer = await uow.people.get(debrief.peer_id)
    if peer is None:
        return
    await uow.training.update_debrief(debrief.id, status=DebriefStatus.CLAIMED, talk_at=starts)
    when = talk_times.when_for(ctx, coordinator, starts)
    await say(uow, coordinator, ctx.t(coordinator.language, "debrief.proposed", when=when))
    lang = peer.language
    keyboard = [
        [ctx.buttons.button(peer.id, ctx.t(lang, "talk.accept"), RESPOND, debrief.id, "yes")],
        [ctx.buttons.button(peer.id, ctx.t(lang, "talk.other_time"), RESPOND, debrief.id, "other")],
    ]
    text = ctx.t(lang, "debrief.proposal", when=talk_times.when_for(ctx, peer, starts))
    await say(uow, peer, text, keyboard=keyboard)


async def respond(
    uow: UnitOfWork, ctx: ServiceContext, peer: Person, debrief_id: str, choice: str
) -> None:
    debrief = await uow.training.debrief(debrief_id)
    valid = (
        debrief is not None
        and debrief.peer_id == peer.id
        and debrief.status is DebriefStatus.CLAIMED
        and debrief.talk_at is not None
        and choice in ("yes", "other")
    )
    if not valid or debrief is None or debrief.talk_at is None:
        await say(uow, peer, ctx.t(peer.language, "errors.button_expired"))
        return
    coordinator = await uow.people.get(debrief.claimed_by) if debrief.claimed_by else None
    if choice == "other":
        await uow.training.update_debrief(debrief.id, talk_at=None)
        await say(uow, peer, ctx.t(peer.language, "debrief.other_peer"))
        if coordinator is not None:
            await say(
                uow,
                coordinator,
                ctx.t(coordinator.language, "debrief.other_coord", code=debrief.code),
            )
            await _ask_day(uow, ctx, coordinator, debrief)
        return
    await uow.training.update_debrief(debrief.id, status=DebriefStatus.SCHEDULED)
    for who in (peer, coordinator):
        if who is not None:
            when = talk_times.when_for(ctx, who, debrief.talk_at)
            await say(uow, who, ctx.t(who.language, "debrief.agreed", when=when, code=debrief.code))
