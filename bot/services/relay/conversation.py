"""Which conversation a command is about, focus (``/with``), pause and resume.

Commands that act on "the" conversation use the only open one, else the one in focus, else ask
with one button per conversation (the answer comes back through ``picking``). Every change
tells both sides, each in their language. Ending a pair is ``ending``; what follows an ending
is ``feedback``; ``/report`` is ``reports``.
"""

from __future__ import annotations

from bot.domain import relay as rules
from bot.domain.pairs import PAUSED, Pair, ResumeRefusal
from bot.domain.people import Person, SeekerState
from bot.services.relay import moderation
from bot.services.relay.routing import Sender, close_prompt, pair_buttons, release_choice
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.uow import UnitOfWork

PICK_ACTION = "relay.pick"
FOCUS_ACTION = "relay.focus"
# Short codes carried by "which conversation?" buttons.
PICK_PAUSE, PICK_RESUME, PICK_END, PICK_BLOCK, PICK_REPORT = "p", "u", "e", "b", "r"


# ---- which conversation -----------------------------------------------------------------------


async def target(
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
        await ask_pick(uow, ctx, person, pairs, pick)
    return pair


async def ask_pick(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pairs: list[Pair], pick: str
) -> None:
    rows = [[b] for b in await pair_buttons(uow, ctx, person, pairs, PICK_ACTION, pick)]
    await say(uow, person, ctx.t(person.language, f"relay.pick.{pick}"), keyboard=rows)


def name_of(person: Person | None) -> str:
    return person.display_name if person is not None else "—"


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
        now = ctx.t(lang, "relay.with.current", name=name_of(other), code=current.code)
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
        names[pair.id] = name_of(other).casefold()
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
    text = ctx.t(person.language, "relay.with.set", name=name_of(other), code=pair.code)
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
    pair = await target(uow, ctx, person, pair_id, PICK_PAUSE)
    if pair is None:
        return
    other = await uow.people.get(pair.other(person.id))
    if pair.status == PAUSED:
        await say(uow, person, ctx.t(person.language, "relay.pause.already", name=name_of(other)))
        return
    await set_paused(uow, pair, person.id)
    await say(uow, person, ctx.t(person.language, "relay.pause.done", name=name_of(other)))
    if other is not None:
        await say(uow, other, ctx.t(other.language, "relay.pause.other", name=person.display_name))


async def resume(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, pair_id: str | None = None
) -> None:
    """/resume: whoever paused resumes; a pause the bot made resumes once both are reachable."""
    pair = await target(uow, ctx, person, pair_id, PICK_RESUME)
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
