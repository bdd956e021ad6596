"""Seeker and peer onboarding, and the short flows that interrupt them (consent, language).

The order of the steps of each flow is ``STEPS``; what each step asks is in ``STEP`` (one-line
docs there; the steps themselves live in onboarding_steps.py and onboarding_typed.py). Answers
are kept in the shared flow store, sealed, as soon as they are given, so a restart between two
steps loses nothing. Every button carries the step's nonce: a press from an earlier step is
refused as expired and changes nothing. Diagram: docs/onboarding.mmd.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.domain.events import SeekerLooking
from bot.domain.people import IDLE, PeerState, Person, SeekerState
from bot.domain.profiles import Criterion, PeerProfile, SeekerProfile
from bot.services.onboarding import applications, consent, greeting, invites, steps
from bot.services.onboarding.applications import language_label
from bot.services.onboarding.flow import (
    CONSENT,
    GO,
    LANGUAGE,
    MINE,
    PEER,
    RESUME,
    SEEKER,
    Step,
    Turn,
    flows,
)
from bot.services.onboarding.typed import PSEUDONYM, TIMEZONE
from bot.services.shared import replies
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.flows_repo import FlowState
from bot.storage.uow import UnitOfWork

# What still works while someone has not agreed to the current rules.
CONSENT_EXEMPT = frozenset({"sos", "help", "language"})

STEPS: dict[str, tuple[str, ...]] = {
    SEEKER: (
        "language",
        "about",
        "consent",
        "pseudonym",
        "experiences",
        "languages",
        "gender",
        "gender_must",
        "age_range",
        "age_range_must",
        "availability",
        "timezone",
        "danger",
    ),
    PEER: (
        "language",
        "about",
        "consent",
        "pseudonym",
        "experiences",
        "cannot_take",
        "languages",
        "capacity",
        "availability",
        "timezone",
        "gender",
        "age_range",
        "principles",
    ),
    CONSENT: ("consent",),
    LANGUAGE: ("language",),
}

STEP: dict[str, Step] = {
    "language": steps.LANGUAGE_STEP,
    "about": steps.ABOUT,
    "consent": steps.CONSENT_STEP,
    "pseudonym": PSEUDONYM,
    "experiences": steps.multi(
        "What seekers want to talk about; what peers have lived",
        "experiences",
        steps.experiences,
        1,
    ),
    "cannot_take": steps.multi(
        "Topics a peer cannot take on (never matched on them)", "cannot_take", steps.experiences, 0
    ),
    "languages": steps.multi(
        "Languages they can talk in", "languages", steps.languages, 1, preselect=True
    ),
    "gender": steps.criterion("gender"),
    "gender_must": steps.importance("gender"),
    "age_range": steps.criterion("age_range"),
    "age_range_must": steps.importance("age_range"),
    "capacity": steps.CAPACITY,
    "availability": steps.multi("When they are usually free", "availability", steps.slots, 1),
    "timezone": TIMEZONE,
    "danger": steps.DANGER,
    "principles": steps.PRINCIPLE,
}


class _Engine:
    """Asks steps and moves flows on, in the order of ``STEPS``."""

    async def ask(self, turn: Turn, prefix: str | None = None) -> None:
        text, keyboard = STEP[turn.state.step].render(turn)
        await turn.say(f"{prefix}\n\n{text}" if prefix else text, keyboard)

    async def advance(self, turn: Turn) -> None:
        """On to the next step that applies, or the end of the flow."""
        order = STEPS[turn.flow]
        index = order.index(turn.state.step) + 1
        while index < len(order) and not _applies(turn, order[index]):
            index += 1
        if index == len(order):
            await FINISH[turn.flow](turn)
        else:
            await turn.go_to(turn.flow, order[index], turn.data)


ENGINE = _Engine()


def _turn(
    uow: UnitOfWork,
    ctx: ServiceContext,
    person: Person,
    state: FlowState,
    message_id: int | None = None,
) -> Turn:
    return Turn(uow, ctx, person, state, ENGINE, message_id)


def _applies(turn: Turn, step: str) -> bool:
    if step == "consent":
        return turn.flow == CONSENT or not consent.is_current(turn.ctx, turn.person)
    if step.endswith("_must"):
        return step.removesuffix("_must") in turn.data.get("criteria", {})
    return True


# --- the ends of the flows ---------------------------------------------------------------------


async def _finish_seeker(turn: Turn) -> None:
    data, seeker = turn.data, turn.person
    seeker.seeker_profile = SeekerProfile(
        experiences=list(data.get("experiences", [])),
        languages=list(data.get("languages", [])),
        criteria={
            name: Criterion(str(c["value"]), bool(c["must"]))
            for name, c in data.get("criteria", {}).items()
        },
        availability=list(data.get("availability", [])),
        in_danger=bool(data.get("in_danger", False)),
    )
    seeker.timezone = data.get("timezone") or turn.ctx.settings.checkins.default_timezone
    seeker.is_seeker = True
    seeker.profile_rev += 1
    await flows(turn.uow).clear(seeker.id)
    await turn.save_person()
    await turn.say(turn.t("seeker.done", name=seeker.display_name))
    await turn.ctx.publish(turn.uow, SeekerLooking(seeker))


async def _finish_peer(turn: Turn) -> None:
    data, peer = turn.data, turn.person
    peer.peer_profile = PeerProfile(
        experiences=list(data.get("experiences", [])),
        cannot_take=list(data.get("cannot_take", [])),
        languages=list(data.get("languages", [])),
        availability=list(data.get("availability", [])),
        attributes={k: str(v) for k, v in data.get("attributes", {}).items()},
        principles_version=steps.PRINCIPLES_VERSION,
    )
    peer.peer_capacity = int(data.get("capacity", turn.ctx.settings.matching.default_capacity))
    peer.timezone = data.get("timezone") or turn.ctx.settings.checkins.default_timezone
    peer.profile_rev += 1
    await flows(turn.uow).clear(peer.id)
    if await invites.used_by(turn.uow, peer.id, "peer"):
        await applications.admit(turn.uow, turn.ctx, peer)
        return
    peer.apply_as_peer()
    await turn.save_person()
    await turn.say(turn.t("peer.applied", name=peer.display_name))
    await applications.announce(turn.uow, turn.ctx, peer)


async def _finish_interruption(turn: Turn) -> None:
    """Consent or language done: back to whatever they were doing, where they were."""
    stash = turn.data.get("resume")
    if not stash:
        await flows(turn.uow).clear(turn.person.id)
        return
    turn.state = await flows(turn.uow).set(
        turn.person.id, stash["flow"], stash["step"], stash["data"], turn.ctx.clock.now()
    )
    if turn.flow in MINE:
        turn.message_id = None
        await ENGINE.ask(turn)


FINISH: dict[str, Callable[[Turn], Awaitable[None]]] = {
    SEEKER: _finish_seeker,
    PEER: _finish_peer,
    CONSENT: _finish_interruption,
    LANGUAGE: _finish_interruption,
}


# --- starting, resuming, leaving -----------------------------------------------------------------


async def begin(uow: UnitOfWork, ctx: ServiceContext, person: Person, flow: str) -> None:
    """Starts (or starts over) seeker or peer onboarding at its first step."""
    if flow == SEEKER and person.seeker_state is SeekerState.NONE:
        person.begin_seeker_onboarding()
    if flow == PEER and person.peer_state in (PeerState.NONE, PeerState.REJECTED):
        person.begin_peer_onboarding()
    await uow.people.save(person)
    turn = _turn(uow, ctx, person, FlowState(flow, STEPS[flow][0]))
    first = next(step for step in STEPS[flow] if _applies(turn, step))
    await turn.go_to(flow, first, {})


async def _interrupt(uow: UnitOfWork, ctx: ServiceContext, person: Person, flow: str) -> None:
    """Puts the flow in progress aside (it resumes afterwards) and starts ``flow``."""
    current = await flows(uow).get(person.id)
    stash = {"flow": current.flow, "step": current.step, "data": current.data} if current else None
    turn = _turn(uow, ctx, person, FlowState(flow, STEPS[flow][0]))
    await turn.go_to(flow, STEPS[flow][0], {"resume": stash})


async def start(uow: UnitOfWork, ctx: ServiceContext, person: Person, payload: str | None) -> None:
    """/start [invite]: redeem an invite, offer to resume a flow, or welcome."""
    if person.is_coordinator:
        await replies.publish_own_menu(uow, ctx, person)
    if payload and await _redeem(uow, ctx, person, payload):
        return
    state = await flows(uow).get(person.id)
    if state is not None and state.flow in (SEEKER, PEER):
        await _offer_resume(uow, ctx, person, state)
    elif state is not None and state.flow in MINE:
        await ENGINE.ask(_turn(uow, ctx, person, state))
    else:
        await greeting.start(uow, ctx, person)


async def _redeem(uow: UnitOfWork, ctx: ServiceContext, person: Person, code: str) -> bool:
    """True when the invite decided what happens next; False to carry on with the welcome."""
    lang = person.language
    role = await invites.peek(uow, ctx, code)
    already = {
        "coordinator": person.is_coordinator,
        "seeker": person.seeker_state not in IDLE,
        "peer": person.approved_peer,
    }
    if role is not None and already[role]:
        # Not used up: the coordinator may still give it to someone else.
        await say(uow, person, ctx.t(lang, f"invite.already_{role}"))
        return True
    if role is None or await invites.claim(uow, ctx, person, code) is None:
        await say(uow, person, ctx.t(lang, "invite.invalid"))
        return False
    if role == "coordinator":
        person.is_coordinator = True
        await uow.people.save(person)
        await say(uow, person, ctx.t(lang, "invite.welcome_coordinator"))
        await replies.publish_own_menu(uow, ctx, person)
    elif role == "peer" and person.peer_state is PeerState.APPLICANT:
        await applications.admit(uow, ctx, person)
    else:
        await begin(uow, ctx, person, SEEKER if role == "seeker" else PEER)
    return True


async def _offer_resume(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, state: FlowState
) -> None:
    lang = person.language
    text = ctx.t(lang, "resume.ask", flow=ctx.t(lang, f"resume.flow.{state.flow}"))
    keyboard = [
        [ctx.buttons.button(person.id, ctx.t(lang, "resume.resume"), RESUME, state.nonce, "r")],
        [ctx.buttons.button(person.id, ctx.t(lang, "resume.over"), RESUME, state.nonce, "o")],
    ]
    await say(uow, person, text, keyboard=keyboard)


async def _resumed(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> bool:
    """Someone already signing up is offered to resume rather than begin something else."""
    state = await flows(uow).get(person.id)
    if state is not None and state.flow in (SEEKER, PEER):
        await _offer_resume(uow, ctx, person, state)
        return True
    return False


async def resume_or_restart(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, args: list[str], message_id: int | None
) -> None:
    """The answer to the Resume / Start over question."""
    state = await flows(uow).get(person.id)
    valid = len(args) == 2 and args[1] in ("r", "o")
    if not valid or state is None or state.flow not in (SEEKER, PEER) or args[0] != state.nonce:
        await replies.button_expired(uow, ctx, person)
        return
    turn = _turn(uow, ctx, person, state, message_id)
    await turn.close()
    if args[1] == "r":
        await ENGINE.ask(turn)
    else:
        await begin(uow, ctx, person, state.flow)


async def choose_role(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, args: list[str]
) -> None:
    """A press on the welcome's Find support / Become a peer."""
    if args == ["s"]:
        await seek(uow, ctx, person)
    elif args == ["p"]:
        await apply(uow, ctx, person)
    else:
        await replies.button_expired(uow, ctx, person)


async def seek(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """Seeker onboarding, for those the network takes (open, or holding a seeker invite)."""
    if await _resumed(uow, ctx, person):
        return
    if person.seeker_state not in IDLE:
        await say(uow, person, ctx.t(person.language, "seeker.already"))
    elif not await greeting.may_enrol_as_seeker(uow, ctx, person):
        await say(uow, person, ctx.t(person.language, "start.closed"))
    else:
        await begin(uow, ctx, person, SEEKER)


async def apply(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/apply: peer onboarding, ending in an application for a coordinator to decide."""
    if await _resumed(uow, ctx, person):
        return
    lang = person.language
    if person.peer_state is PeerState.APPROVED:
        await say(uow, person, ctx.t(lang, "peer.already"))
    elif person.peer_state is PeerState.APPLICANT:
        await say(uow, person, ctx.t(lang, "peer.already_applied"))
    elif person.peer_state is PeerState.REJECTED:
        await say(uow, person, ctx.t(lang, "peer.rejected_before"))
    else:
        await begin(uow, ctx, person, PEER)


async def cancel(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/cancel: leaves the flow in progress, saying what was kept."""
    lang = person.language
    state = await flows(uow).get(person.id)
    if state is None:
        await say(uow, person, ctx.t(lang, "cancel.nothing"))
        return
    if state.flow == LANGUAGE:
        await say(uow, person, ctx.t(lang, "cancel.language"))
        await _finish_interruption(_turn(uow, ctx, person, state))
        return
    await flows(uow).clear(person.id)
    if state.flow not in (SEEKER, PEER):
        await say(uow, person, ctx.t(lang, "cancel.other"))
        return
    if state.flow == SEEKER and person.seeker_state is SeekerState.ONBOARDING:
        person.cancel_seeker_onboarding()
    if state.flow == PEER and person.peer_state is PeerState.ONBOARDING:
        person.cancel_peer_onboarding()
    await uow.people.save(person)
    kept = [ctx.t(lang, "cancel.kept_language", choice=language_label(ctx, lang, lang or ""))]
    if person.pseudonym:
        kept.append(ctx.t(lang, "cancel.kept_pseudonym", name=person.pseudonym))
    if consent.is_current(ctx, person):
        kept.append(ctx.t(lang, "cancel.kept_consent"))
    await say(uow, person, ctx.t(lang, "cancel.done", kept="\n".join(kept)))


async def change_language(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/language: choose again; a flow in progress resumes afterwards, in the new language."""
    state = await flows(uow).get(person.id)
    if state is not None and state.flow == LANGUAGE:
        await ENGINE.ask(_turn(uow, ctx, person, state))
    else:
        await _interrupt(uow, ctx, person, LANGUAGE)


# --- answers -------------------------------------------------------------------------------------


async def answer(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, args: list[str], message_id: int | None
) -> None:
    """A press on a step's button: only the current step's buttons count."""
    state = await flows(uow).get(person.id)
    if len(args) != 2 or state is None or state.flow not in MINE or args[0] != state.nonce:
        await replies.button_expired(uow, ctx, person)
        return
    step = STEP.get(state.step)
    turn = _turn(uow, ctx, person, state, message_id)
    if step is None or not await step.choose(turn, args[1]):
        await replies.button_expired(uow, ctx, person)


async def take_message(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, text: str | None
) -> bool:
    """A message while in one of these flows: the answer to a typed step, or a kind re-ask.
    ``text`` is None for anything that is not text (a photo, a sticker...)."""
    state = await flows(uow).get(person.id)
    if state is None or state.flow not in MINE:
        return False
    if text is not None and text.startswith("/"):
        return False  # an unknown command: answered as such
    turn = _turn(uow, ctx, person, state)
    step = STEP[state.step]
    if step.typed is None:
        await ENGINE.ask(turn, prefix=turn.t("onboarding.use_buttons"))
    elif text is None:
        await turn.say(turn.t("onboarding.type_text"))
    else:
        await step.typed(turn, text)
    return True


async def consent_gate(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, *, command: str | None, action: str | None
) -> bool:
    """Someone who agreed to older rules is asked again before anything else; True when this
    took the update (nothing else may act on it)."""
    # A coordinator's work (an urgent escalation to claim) must never wait behind a form.
    if person.is_coordinator or not consent.outdated(ctx, person) or command in CONSENT_EXEMPT:
        return False
    state = await flows(uow).get(person.id)
    if state is not None and state.flow == LANGUAGE:
        return False
    # Already facing the consent question (here, or as a step of onboarding): only its
    # buttons go through, anything else repeats it.
    if state is not None and state.flow in MINE and state.step == "consent":
        if action == GO:
            return False
        await ENGINE.ask(_turn(uow, ctx, person, state))
        return True
    await _interrupt(uow, ctx, person, CONSENT)
    return True
