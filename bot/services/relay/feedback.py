"""What follows an ending: feedback (a rating, then an optional comment), and a new peer
offered to the seeker.

Flow "end_feedback":

RATING  — 1 to 5 (or Skip) under the ending message; the pair rides in the button, so it
          needs no stored state and each side can answer whenever they like.
COMMENT — an optional few words, typed or skipped; stored as flow "end_feedback".
DONE    — thanks; a seeker who ended it themselves is offered a new peer (Again / Not now).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain import relay as rules
from bot.domain.events import SeekerLooking
from bot.domain.pairs import EndReason, Pair
from bot.domain.people import Person
from bot.domain.relay import Json
from bot.services.escalations import screening as risk
from bot.services.relay import moderation
from bot.services.relay.routing import close_prompt
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import Keyboard, say
from bot.storage.uow import UnitOfWork

FEEDBACK_FLOW = "end_feedback"
COMMENT_STEP = "comment"
RATE_ACTION, SKIP_ACTION = "relay.rate", "relay.skip"
# After this, a typed text is no longer taken for a comment someone meant to leave.
COMMENT_WAIT = timedelta(hours=1)
AGAIN_ACTION, NOT_NOW_ACTION = "relay.again", "relay.notnow"


def rating_keyboard(ctx: ServiceContext, person: Person, pair: Pair) -> Keyboard:
    stars = [
        ctx.buttons.button(person.id, str(n), RATE_ACTION, pair.id, str(n)) for n in range(1, 6)
    ]
    skip = ctx.buttons.button(
        person.id, ctx.t(person.language, "relay.feedback.skip"), RATE_ACTION, pair.id, "0"
    )
    return [stars, [skip]]


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


# ---- a new peer -------------------------------------------------------------------------------


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
