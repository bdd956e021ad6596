"""The life of a pair: focus, pause and resume, ending (with optional feedback), a new peer,
reports and blocks.

Commands that act on "the" conversation use the only open one, else the one in focus, else ask
with one button per conversation. Every change tells both sides, each in their language.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.domain import relay as rules
from bot.domain.events import PeerHasRoom, SeekerLooking
from bot.domain.pairs import MEMBER_REASONS, PAUSED, EndReason, Pair, ResumeRefusal
from bot.domain.people import Person, SeekerState
from bot.domain.relay import Json
from bot.services.escalations import screening as risk
from bot.services.escalations.alerts import open_escalation
from bot.services.relay import moderation
from bot.services.relay.routing import (
    HOLD_REPORT,
    Sender,
    close_prompt,
    pair_buttons,
    release_choice,
)
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import Keyboard, say
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

PICK_ACTION = "relay.pick"
FOCUS_ACTION = "relay.focus"
END_ACTION, BLOCK_ACTION, NEWPEER_ACTION = "relay.end", "relay.block", "relay.newpeer"
KEEP_ACTION = "relay.keep"
AGAIN_ACTION, NOT_NOW_ACTION = "relay.again", "relay.notnow"
# Short codes carried by "which conversation?" buttons.
PICK_PAUSE, PICK_RESUME, PICK_END, PICK_BLOCK, PICK_REPORT = "p", "u", "e", "b", "r"


# ---- which conversation -----------------------------------------------------------------------


async def _target(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    pair_id: str | None,
    pick: str,
) -> Pair | None:
    """The pair a command acts on; when it is not clear, asks (and returns None). None too,
    after saying why, for someone on hold: no command of theirs may reach a partner."""
    if await moderation.held_back(uow, ctx, person, command=True):
        return None
    pairs = await uow.pairs.open_for(person.id)
    if pair_id is not None:
        found = next((p for p in pairs if p.id == pair_id), None)
        if found is None:
            await say(uow, person, ctx.t(person.language, "relay.pair_gone"))
        return found
    if not pairs:
        await say(uow, person, ctx.t(person.language, "relay.no_conversation_cmd"))
        return None
    pair = rules.focused(pairs, person.focus_pair_id)
    if pair is None:
        await _ask_pick(uow, ctx, person, pairs, pick)
    return pair


async def _ask_pick(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pairs: list[Pair], pick: str
) -> None:
    rows = [[b] for b in await pair_buttons(uow, ctx, person, pairs, PICK_ACTION, pick)]
    await say(uow, person, ctx.t(person.language, f"relay.pick.{pick}"), keyboard=rows)


async def pick(
    uow: UnitOfWork,
    ctx: ServiceContext,
    sender: Sender,
    code: str,
    pair_id: str,
    prompt_id: int | None,
) -> None:
    """A "which conversation?" button: the command goes on with that pair."""
    person = sender.person
    await close_prompt(uow, person, prompt_id, None)
    if code == PICK_PAUSE:
        await pause(uow, ctx, person, pair_id)
    elif code == PICK_RESUME:
        await resume(uow, ctx, person, pair_id)
    elif code == PICK_END:
        await ask_end(uow, ctx, person, pair_id)
    elif code == PICK_BLOCK:
        await ask_block(uow, ctx, person, pair_id)
    elif code == PICK_REPORT:
        waiting = await uow.held.pending(person.id, HOLD_REPORT)
        for hold in waiting:
            await uow.held.drop(hold.id)
        if not waiting:
            await say(uow, person, ctx.t(person.language, "relay.report.usage"))
            return
        await report(uow, ctx, person, str(waiting[-1].data.get("reason", "")), pair_id)


# ---- focus (/with) ----------------------------------------------------------------------------


async def with_command(uow: UnitOfWork, ctx: ServiceContext, sender: Sender, query: str) -> None:
    """/with NAME puts a conversation in focus; /with alone lists them, with buttons."""
    person = sender.person
    lang = person.language
    pairs = await uow.pairs.open_for(person.id)
    if not pairs:
        await say(uow, person, ctx.t(lang, "relay.no_conversation_cmd"))
        return
    query = query.strip()
    shown, key = pairs, "relay.with.list"
    if query:
        matches = await _matching(uow, person, pairs, query)
        if len(matches) == 1:
            await _focus_on(uow, ctx, sender, matches[0], None)
            return
        shown, key = (matches, "relay.with.several") if matches else (pairs, "relay.with.unknown")
    current = next((p for p in pairs if p.id == person.focus_pair_id), None)
    if current is not None:
        other = await uow.people.get(current.other(person.id))
        now = ctx.t(lang, "relay.with.current", name=_name(other), code=current.code)
    else:
        now = ctx.t(lang, "relay.with.none")
    rows = [[b] for b in await pair_buttons(uow, ctx, person, shown, FOCUS_ACTION)]
    await say(uow, person, ctx.t(lang, key, query=query, current=now), keyboard=rows)


async def _matching(uow: UnitOfWork, person: Person, pairs: list[Pair], query: str) -> list[Pair]:
    """Pairs whose code or other side's pseudonym is the query (any case); else those whose
    pseudonym starts with it."""
    wanted = query.casefold().lstrip("@")
    names = {}
    for pair in pairs:
        other = await uow.people.get(pair.other(person.id))
        names[pair.id] = _name(other).casefold()
    exact = [p for p in pairs if wanted in (names[p.id], p.code.casefold())]
    return exact or [p for p in pairs if names[p.id].startswith(wanted)]


async def focus(
    uow: UnitOfWork, ctx: ServiceContext, sender: Sender, pair_id: str, prompt_id: int | None
) -> None:
    """A button of the /with list."""
    pairs = await uow.pairs.open_for(sender.person.id)
    pair = next((p for p in pairs if p.id == pair_id), None)
    if pair is None:
        await close_prompt(
            uow, sender.person, prompt_id, ctx.t(sender.person.language, "relay.pair_gone")
        )
        return
    await _focus_on(uow, ctx, sender, pair, prompt_id)


async def _focus_on(
    uow: UnitOfWork, ctx: ServiceContext, sender: Sender, pair: Pair, prompt_id: int | None
) -> None:
    person = sender.person
    other = await uow.people.get(pair.other(person.id))
    person.focus_pair_id = pair.id
    await uow.people.save(person)
    text = ctx.t(person.language, "relay.with.set", name=_name(other), code=pair.code)
    await close_prompt(uow, person, prompt_id, text)
    # Naming a conversation answers "where should this go?" for messages waiting on it.
    await release_choice(uow, ctx, sender, pair)


# ---- pause and resume -------------------------------------------------------------------------

# What someone who may not resume a pair is told.
_RESUME_REFUSED = {
    ResumeRefusal.NOT_PAUSED: "relay.resume.not_paused",
    ResumeRefusal.THEIRS: "relay.resume.theirs",
    ResumeRefusal.COORDINATOR: "relay.resume.coordinator",
    ResumeRefusal.UNREACHABLE: "relay.resume.unreachable",
}


async def set_paused(uow: UnitOfWork, pair: Pair, paused_by: str) -> None:
    """Pauses the pair (``paused_by``: a person's id, or ``PAUSED_UNREACHABLE``)."""
    pair.pause(paused_by)
    await uow.pairs.save(pair)
    seeker = await uow.people.get(pair.seeker_id)
    if seeker is not None and seeker.seeker_state is SeekerState.PAIRED:
        seeker.pairing_paused()
        await uow.people.save(seeker)


async def pause(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str | None = None
) -> None:
    """/pause: nothing is passed on either way until one of them resumes."""
    pair = await _target(uow, ctx, person, pair_id, PICK_PAUSE)
    if pair is None:
        return
    other = await uow.people.get(pair.other(person.id))
    if pair.status == PAUSED:
        await say(uow, person, ctx.t(person.language, "relay.pause.already", name=_name(other)))
        return
    await set_paused(uow, pair, person.id)
    await say(uow, person, ctx.t(person.language, "relay.pause.done", name=_name(other)))
    if other is not None:
        await say(uow, other, ctx.t(other.language, "relay.pause.other", name=person.display_name))


async def resume(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str | None = None
) -> None:
    """/resume: whoever paused resumes; a pause the bot made resumes once both are reachable."""
    pair = await _target(uow, ctx, person, pair_id, PICK_RESUME)
    if pair is None:
        return
    other = await uow.people.get(pair.other(person.id))
    if other is None:
        return
    lang = person.language
    refusal = pair.resume_refusal(person, other)
    if refusal is ResumeRefusal.OTHER_ON_HOLD:
        # The other side was suspended while this pause held: from now on it is the
        # suspension's pause, so lifting the suspension resumes it (as this person wanted).
        pair.hand_to_coordination()
        await uow.pairs.save(pair)
        refusal = ResumeRefusal.COORDINATOR
    if refusal is not None:
        await say(uow, person, ctx.t(lang, _RESUME_REFUSED[refusal], name=other.display_name))
        return
    pair.resume(person, other)
    await uow.pairs.save(pair)
    seeker = await uow.people.get(pair.seeker_id)
    if seeker is not None and seeker.seeker_state is SeekerState.PAUSED:
        seeker.pairing_resumed()
        await uow.people.save(seeker)
    await say(uow, person, ctx.t(lang, "relay.resume.done", name=other.display_name))
    await say(uow, other, ctx.t(other.language, "relay.resume.other", name=person.display_name))


# ---- ending -----------------------------------------------------------------------------------


async def end_pair(
    uow: UnitOfWork,
    ctx: ServiceContext,
    pair: Pair,
    *,
    reason: str,
    by: Person | None,
    notify: bool = True,
) -> None:
    """Ends an open pair (reason: seeker | peer | coordinator | reassigned | blocked |
    reported | forgotten | unreachable), tells both sides kindly when ``notify``, clears focus,
    and tells matching the peer has room again (``PeerHasRoom``)."""
    if not pair.open:
        return
    seeker, peer = await _close(uow, ctx, pair, reason, by)
    if notify:
        await _tell_ended(uow, ctx, pair, reason, by, seeker, peer)
    if peer is not None:
        await ctx.publish(uow, PeerHasRoom(peer))


async def _close(
    uow: UnitOfWork, ctx: ServiceContext, pair: Pair, reason: str, by: Person | None
) -> tuple[Person | None, Person | None]:
    """The state changes of an ending, nothing said: pair ended, focus cleared, the seeker no
    longer paired, messages held for it dropped."""
    pair.end(reason, ctx.clock.now())
    await uow.pairs.save(pair)

    async def member(person_id: str) -> Person | None:
        # The caller's own object when it is a member, so it does not go stale.
        return by if by is not None and by.id == person_id else await uow.people.get(person_id)

    seeker, peer = await member(pair.seeker_id), await member(pair.peer_id)
    await uow.held.drop_for_pair(pair.id)
    for person in (seeker, peer):
        if person is None:
            continue
        if person.focus_pair_id == pair.id:
            person.focus_pair_id = None
        left = await uow.pairs.open_for(person.id)
        if person is seeker and person.seeker_state in (SeekerState.PAIRED, SeekerState.PAUSED):
            if not any(p.seeker_id == person.id for p in left):
                person.pairing_ended()
        if not left:
            await uow.held.drop_all(person.id)
        await uow.people.save(person)
    log.info("pair ended", extra={"pair": pair.code, "reason": reason})
    return seeker, peer


# What both sides hear when neither of them ended it (by default: a coordinator did).
_ENDED_BY_NEITHER: dict[str, str] = {
    EndReason.REASSIGNED: "relay.end.reassigned",
    EndReason.UNREACHABLE: "relay.end.unreachable",
    EndReason.FORGOTTEN: "relay.end.left",
}


async def _tell_ended(
    uow: UnitOfWork,
    ctx: ServiceContext,
    pair: Pair,
    reason: str,
    by: Person | None,
    seeker: Person | None,
    peer: Person | None,
) -> None:
    ender = by.id if by is not None and pair.has(by.id) else None
    for person, other in ((seeker, peer), (peer, seeker)):
        if person is None or other is None:
            continue
        if person.id == ender and reason == EndReason.FORGOTTEN:
            continue  # they asked for their data to be erased: nothing more to say to them
        if person.id == ender:
            key = "relay.end.blocked_you" if reason == EndReason.BLOCKED else "relay.end.by_you"
        elif ender is not None:
            key = "relay.end.left" if reason == EndReason.FORGOTTEN else "relay.end.by_other"
        else:
            key = _ENDED_BY_NEITHER.get(reason, "relay.end.by_coordinator")
        keyboard = rating_keyboard(ctx, person, pair) if reason in MEMBER_REASONS else None
        await say(
            uow, person, ctx.t(person.language, key, name=other.display_name), keyboard=keyboard
        )
        # A seeker who ended it themselves is asked after their feedback instead.
        ended_it_themselves = person.id == ender and reason in MEMBER_REASONS
        if (
            person.id == pair.seeker_id
            and reason != EndReason.REASSIGNED
            and not ended_it_themselves
        ):
            await offer_new_peer(uow, ctx, person)


def rating_keyboard(ctx: ServiceContext, person: Person, pair: Pair) -> Keyboard:
    stars = [
        ctx.buttons.button(person.id, str(n), RATE_ACTION, pair.id, str(n)) for n in range(1, 6)
    ]
    skip = ctx.buttons.button(
        person.id, ctx.t(person.language, "relay.feedback.skip"), RATE_ACTION, pair.id, "0"
    )
    return [stars, [skip]]


async def offer_new_peer(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    lang = person.language
    keyboard = [
        [
            ctx.buttons.button(person.id, ctx.t(lang, "relay.again.yes"), AGAIN_ACTION),
            ctx.buttons.button(person.id, ctx.t(lang, "relay.again.no"), NOT_NOW_ACTION),
        ]
    ]
    await say(uow, person, ctx.t(lang, "relay.again.ask"), keyboard=keyboard)


async def again(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, prompt_id: int | None
) -> None:
    """The seeker asked to be matched again: matching takes over."""
    lang = person.language
    if not person.may_be_matched:
        await close_prompt(uow, person, prompt_id, None)
        await moderation.held_back(uow, ctx, person, command=True)
        return
    pairs = await uow.pairs.open_for(person.id)
    if any(p.seeker_id == person.id for p in pairs):
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "relay.again.in_conversation"))
    elif person.searching:
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "relay.again.already"))
    else:
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "relay.again.searching"))
        await ctx.publish(uow, SeekerLooking(person))


async def not_now(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, prompt_id: int | None
) -> None:
    await close_prompt(uow, person, prompt_id, ctx.t(person.language, "relay.again.later"))


async def _ask_confirm(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    pair: Pair,
    key: str,
    action: str,
) -> None:
    lang = person.language
    other = await uow.people.get(pair.other(person.id))
    keyboard = [
        [
            ctx.buttons.button(person.id, ctx.t(lang, f"{key}.yes"), action, pair.id),
            ctx.buttons.button(person.id, ctx.t(lang, f"{key}.no"), KEEP_ACTION),
        ]
    ]
    await say(uow, person, ctx.t(lang, f"{key}.ask", name=_name(other)), keyboard=keyboard)


async def keep(uow: UnitOfWork, ctx: ServiceContext, person: Person, prompt_id: int | None) -> None:
    """They changed their mind: nothing changes."""
    await close_prompt(uow, person, prompt_id, ctx.t(person.language, "relay.keep"))


async def _confirmed_pair(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str, prompt_id: int | None
) -> Pair | None:
    pair = await uow.pairs.get(pair_id)
    if pair is None or not pair.open or not pair.has(person.id):
        await close_prompt(uow, person, prompt_id, ctx.t(person.language, "relay.pair_gone"))
        return None
    await close_prompt(uow, person, prompt_id, None)
    if await moderation.held_back(uow, ctx, person, command=True):
        return None  # asked before the suspension, confirmed after it
    return pair


async def ask_end(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str | None = None
) -> None:
    """/end: asks to confirm; ending cannot be undone."""
    pair = await _target(uow, ctx, person, pair_id, PICK_END)
    if pair is not None:
        await _ask_confirm(uow, ctx, person, pair, "relay.end.confirm", END_ACTION)


async def confirm_end(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str, prompt_id: int | None
) -> None:
    pair = await _confirmed_pair(uow, ctx, person, pair_id, prompt_id)
    if pair is not None:
        reason = EndReason.SEEKER if pair.seeker_id == person.id else EndReason.PEER
        await end_pair(uow, ctx, pair, reason=reason, by=person)


async def ask_block(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str | None = None
) -> None:
    """/block: asks to confirm; the two are never matched again."""
    pair = await _target(uow, ctx, person, pair_id, PICK_BLOCK)
    if pair is not None:
        await _ask_confirm(uow, ctx, person, pair, "relay.block", BLOCK_ACTION)


async def confirm_block(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str, prompt_id: int | None
) -> None:
    pair = await _confirmed_pair(uow, ctx, person, pair_id, prompt_id)
    if pair is None:
        return
    await end_pair(uow, ctx, pair, reason=EndReason.BLOCKED, by=person)
    # Coordinators watch over both sides: a block is worth knowing about, by code only.
    for coordinator in await uow.people.coordinators():
        if coordinator.id != person.id:
            text = ctx.t(
                coordinator.language, "relay.coord.blocked", pair=pair.code, by=person.code
            )
            await say(uow, coordinator, text)


async def ask_newpeer(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/newpeer: a seeker asks for someone else (confirmed first), or to be matched again."""
    lang = person.language
    if not person.may_be_matched:
        await moderation.held_back(uow, ctx, person, command=True)
        return
    pairs = await uow.pairs.open_for(person.id)
    own = next((p for p in pairs if p.seeker_id == person.id), None)
    if own is not None:
        await _ask_confirm(uow, ctx, person, own, "relay.newpeer", NEWPEER_ACTION)
    elif person.searching:
        await say(uow, person, ctx.t(lang, "relay.again.already"))
    elif person.is_seeker and person.seeker_profile is not None:
        await say(uow, person, ctx.t(lang, "relay.again.searching"))
        await ctx.publish(uow, SeekerLooking(person))
    else:
        await say(uow, person, ctx.t(lang, "relay.newpeer.not_seeker"))


async def confirm_newpeer(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str, prompt_id: int | None
) -> None:
    pair = await _confirmed_pair(uow, ctx, person, pair_id, prompt_id)
    if pair is None or pair.seeker_id != person.id:
        return
    _seeker, peer = await _close(uow, ctx, pair, EndReason.SEEKER, person)
    await say(uow, person, ctx.t(person.language, "relay.newpeer.done", name=_name(peer)))
    if peer is not None:
        await say(
            uow,
            peer,
            ctx.t(peer.language, "relay.end.by_other", name=person.display_name),
            keyboard=rating_keyboard(ctx, peer, pair),
        )
        await ctx.publish(uow, PeerHasRoom(peer))
    await ctx.publish(uow, SeekerLooking(person))


# ---- reports ----------------------------------------------------------------------------------


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
        await _ask_pick(uow, ctx, person, pairs, PICK_REPORT)
        return
    pair = await _target(uow, ctx, person, pair_id, PICK_REPORT)
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
    await say(uow, person, ctx.t(lang, "relay.report.done", name=_name(other)))


def _name(person: Person | None) -> str:
    return person.display_name if person is not None else "—"


# ---- feedback after an ending (flow "end_feedback") --------------------------------------------
#
# RATING  — 1 to 5 (or Skip) under the ending message; the pair rides in the button, so it
#           needs no stored state and each side can answer whenever they like.
# COMMENT — an optional few words, typed or skipped; stored as flow "end_feedback".
# DONE    — thanks; a seeker who ended it themselves is offered a new peer.

FEEDBACK_FLOW = "end_feedback"
COMMENT_STEP = "comment"
RATE_ACTION, SKIP_ACTION = "relay.rate", "relay.skip"
# After this, a typed text is no longer taken for a comment someone meant to leave.
COMMENT_WAIT = timedelta(hours=1)


async def rate(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    pair_id: str,
    stars: int,
    prompt_id: int | None,
) -> None:
    """RATING: a star count (0 = skip), once per side; then the comment is asked for."""
    lang = person.language
    pair = await uow.pairs.get(pair_id)
    if pair is None or pair.open or not pair.has(person.id):
        await close_prompt(uow, person, prompt_id, ctx.t(lang, "relay.feedback.expired"))
        return
    is_seeker = pair.seeker_id == person.id
    if (pair.seeker_rating if is_seeker else pair.peer_rating) is not None:
        await close_prompt(uow, person, prompt_id, None)
        await say(uow, person, ctx.t(lang, "relay.feedback.already"))
        return
    await close_prompt(uow, person, prompt_id, None)
    if not 1 <= stars <= 5:
        await _feedback_done(uow, ctx, person, pair)
        return
    if is_seeker:
        pair.seeker_rating = stars
    else:
        pair.peer_rating = stars
    await uow.pairs.save(pair)
    flows = uow.flows
    current = await flows.get(person.id)
    if current is not None and current.flow != FEEDBACK_FLOW:
        # Never interrupt another flow they are in (onboarding, a check-in...).
        await _feedback_done(uow, ctx, person, pair)
        return
    now = ctx.clock.now()
    state = await flows.set(
        person.id, FEEDBACK_FLOW, COMMENT_STEP, {"pair_id": pair.id, "at": now.isoformat()}, now
    )
    others = await uow.pairs.open_for(person.id)
    key = "relay.feedback.comment_reply" if others else "relay.feedback.comment"
    skip = ctx.buttons.button(
        person.id, ctx.t(lang, "relay.feedback.skip"), SKIP_ACTION, state.nonce
    )
    await say(uow, person, ctx.t(lang, key, stars=stars), keyboard=[[skip]])


async def take_comment(uow: UnitOfWork, ctx: ServiceContext, person: Person, message: Json) -> bool:
    """COMMENT: a typed text is the comment; False when this message is not one."""
    flows = uow.flows
    state = await flows.get(person.id)
    if state is None or state.flow != FEEDBACK_FLOW or state.step != COMMENT_STEP:
        return False
    asked = datetime.fromisoformat(str(state.data.get("at")))
    if ctx.clock.now() - asked > COMMENT_WAIT:
        await flows.clear(person.id)
        return False
    text = message.get("text")
    if not text or rules.is_command(message):
        return False
    if await uow.pairs.open_for(person.id):
        # Someone still in other conversations comments by replying to the question, so a
        # message meant for one of them is never taken for a comment.
        reply = message.get("reply_to_message") or {}
        if not (reply.get("from") or {}).get("is_bot"):
            return False
        if await uow.pairs.counterpart(person.id, int(reply["message_id"])) is not None:
            return False
    await flows.clear(person.id)
    pair = await uow.pairs.get(str(state.data.get("pair_id")))
    if pair is None:
        return True
    if pair.seeker_id == person.id:
        pair.seeker_comment = text
    else:
        pair.peer_comment = text
    await uow.pairs.save(pair)
    # Before the thanks: crisis lines, if the words call for them, come first.
    await risk.screen_text(uow, ctx, person, text, pair)
    await _feedback_done(uow, ctx, person, pair)
    return True


async def skip_comment(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, nonce: str, prompt_id: int | None
) -> None:
    """COMMENT → DONE without a comment."""
    flows = uow.flows
    state = await flows.get(person.id)
    if state is None or state.flow != FEEDBACK_FLOW or state.nonce != nonce:
        await close_prompt(uow, person, prompt_id, ctx.t(person.language, "relay.feedback.expired"))
        return
    await flows.clear(person.id)
    await close_prompt(uow, person, prompt_id, None)
    pair = await uow.pairs.get(str(state.data.get("pair_id")))
    if pair is not None:
        await _feedback_done(uow, ctx, person, pair)


async def _feedback_done(uow: UnitOfWork, ctx: ServiceContext, person: Person, pair: Pair) -> None:
    """DONE: thanks, and a new peer offered to a seeker who ended it themselves."""
    await say(uow, person, ctx.t(person.language, "relay.feedback.thanks"))
    if pair.seeker_id == person.id and pair.end_reason == EndReason.SEEKER:
        await offer_new_peer(uow, ctx, person)
