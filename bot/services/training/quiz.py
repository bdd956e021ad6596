"""The peer's side of the path: /training (progress, next module, expiry dates), a module's
lessons, its quiz (one question at a time, options as buttons) and the result.

A failed quiz shows every wrong answer with the right one and why; it can be taken again
after ``training.retry_minutes``. A pass counts for the module's ``valid_months``.
"""

from __future__ import annotations

import logging

from bot.domain import training as rules
from bot.domain.people import PeerState, Person
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import Keyboard, say
from bot.services.training import path
from bot.services.training.catalogue import modules
from bot.storage.training_repo import PeerTraining
from bot.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

START, ANSWER = "tr.m", "tr.a"


def takes_training(person: Person) -> bool:
    """Peers, and people applying to be one (they may train while they wait)."""
    return person.is_peer and person.peer_state in (PeerState.APPLICANT, PeerState.APPROVED)


async def show(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """/training for a peer: each module's state, whether they can be matched, what next."""
    lang = person.language
    if not takes_training(person):
        await say(uow, person, ctx.t(lang, "training.not_peer"))
        return
    state = await uow.training.peer(person.id)
    found, passes = await path.standing_of(uow, ctx, person.id, state)
    now = ctx.clock.now()
    lines = [ctx.t(lang, "training.title")]
    buttons: Keyboard = []
    next_module = None
    for module in modules(ctx.settings).ordered(lang):
        done = passes.get(module.id)
        required = ctx.t(lang, "training.required") if module.required else ""
        if done is None:
            key = "training.line_todo"
        elif done.expires_at <= now:
            key = "training.line_expired"
        elif any(mid == module.id for mid, _ in found.expiring):
            key = "training.line_expiring"
        else:
            key = "training.line_done"
        if key != "training.line_done" and next_module is None:
            next_module = module
        expiry = path.day(ctx, lang, done.expires_at) if done else ""
        lines.append(ctx.t(lang, key, title=module.title, required=required, date=expiry))
        label = ctx.t(lang, "training.open_button", title=module.title)
        buttons.append([ctx.buttons.button(person.id, label[:60], START, module.id)])
    if found.trained:
        lines.append(ctx.t(lang, "training.status_trained"))
    elif found.in_grace and state is not None and state.grace_until is not None:
        lines.append(
            ctx.t(lang, "training.status_grace", date=path.day(ctx, lang, state.grace_until))
        )
    else:
        lines.append(ctx.t(lang, "training.status_blocked"))
    if next_module is not None:
        lines.append(ctx.t(lang, "training.next", title=next_module.title))
    await say(uow, person, "\n".join(lines), keyboard=buttons)


async def start(uow: UnitOfWork, ctx: ServiceContext, person: Person, module_id: str) -> None:
    """A module's lessons, then its first question (not before the retry wait is over)."""
    lang = person.language
    module = modules(ctx.settings).get(module_id, lang)
    if module is None or not takes_training(person):
        await say(uow, person, ctx.t(lang, "errors.button_expired"))
        return
    now = ctx.clock.now()
    last = await uow.training.last_attempt(person.id, module.id)
    if last is not None and not last.passed:
        again = rules.retry_at(last.taken_at, ctx.settings.training.retry_minutes)
        if again > now:
            minutes = max(1, int((again - now).total_seconds() + 59) // 60)
            await say(uow, person, ctx.t(lang, "training.retry_wait", minutes=minutes))
            return
    state = await uow.training.peer(person.id) or PeerTraining(person.id)
    state.quiz_module, state.quiz_answers = module.id, ""
    await uow.training.save_peer(state, now)
    await say(uow, person, ctx.t(lang, "training.module_intro", title=module.title))
    for number, lesson in enumerate(module.lessons, start=1):
        await say(uow, person, f"{number}/{len(module.lessons)} · {lesson}")
    await _ask(uow, ctx, person, module, 0)


async def _ask(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, module: rules.Module, index: int
) -> None:
    question = module.questions[index]
    rows = [
        [ctx.buttons.button(person.id, option, ANSWER, module.id, str(index), str(n))]
        for n, option in enumerate(question.options)
    ]
    text = ctx.t(
        person.language,
        "training.question",
        number=index + 1,
        total=len(module.questions),
        question=question.text,
    )
    await say(uow, person, text, keyboard=rows)


async def answer(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, module_id: str, index: str, option: str
) -> None:
    """One option pressed: the next question, or the result. A press on an earlier question
    or another quiz is an expired button (nothing changes)."""
    lang = person.language
    module = modules(ctx.settings).get(module_id, lang)
    state = await uow.training.peer(person.id)
    answers = state.quiz_answers if state is not None else None
    valid = (
        module is not None
        and state is not None
        and state.quiz_module == module_id
        and answers is not None
        and index.isdigit()
        and int(index) == len(answers)
        and option.isdigit()
        and int(option) < len(module.questions[int(index)].options)
    )
    if not valid or module is None or state is None or answers is None:
        await say(uow, person, ctx.t(lang, "errors.button_expired"))
        return
    answers += option
    now = ctx.clock.now()
    if len(answers) < len(module.questions):
        state.quiz_answers = answers
        await uow.training.save_peer(state, now)
        await _ask(uow, ctx, person, module, len(answers))
        return
    state.quiz_module = state.quiz_answers = None
    await uow.training.save_peer(state, now)
    await _finish(uow, ctx, person, module, [int(a) for a in answers])


async def _finish(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, module: rules.Module, answers: list[int]
) -> None:
    lang = person.language
    now = ctx.clock.now()
    outcome = rules.score(module, answers)
    expires = rules.add_months(now, module.valid_months) if outcome.passed else None
    await uow.training.add_result(
        person.id, module.id, outcome.correct, outcome.total, outcome.passed, now, expires
    )
    log.info("quiz taken", extra={"training_module": module.id, "passed": outcome.passed})
    if outcome.passed:
        assert expires is not None
        head = ctx.t(
            lang,
            "training.passed",
            title=module.title,
            correct=outcome.correct,
            total=outcome.total,
            date=path.day(ctx, lang, expires),
        )
    else:
        head = ctx.t(
            lang,
            "training.failed",
            title=module.title,
            correct=outcome.correct,
            total=outcome.total,
            mark=module.pass_mark,
        )
    parts = [head]
    for index, given in outcome.wrong:
        question = module.questions[index]
        parts.append(
            ctx.t(
                lang,
                "training.correction",
                number=index + 1,
                question=question.text,
                given=question.options[given],
                right=question.options[question.answer],
                why=question.explanation,
            )
        )
    keyboard: Keyboard | None = None
    if not outcome.passed:
        minutes = ctx.settings.training.retry_minutes
        parts.append(ctx.t(lang, "training.retry_after", minutes=minutes))
    else:
        following = await _next_module(uow, ctx, person)
        if following is not None:
            label = ctx.t(lang, "training.open_button", title=following.title)[:60]
            keyboard = [[ctx.buttons.button(person.id, label, START, following.id)]]
    texts = rules.in_messages(parts, "\n\n")
    for n, text in enumerate(texts):
        await say(uow, person, text, keyboard=keyboard if n == len(texts) - 1 else None)
    await path.refresh(uow, ctx, person)


async def _next_module(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> rules.Module | None:
    """The first module in reading order not passed, or no longer valid."""
    now = ctx.clock.now()
    passes = (await uow.training.passes([person.id])).get(person.id, {})
    for module in modules(ctx.settings).ordered(person.language):
        done = passes.get(module.id)
        if done is None or done.expires_at <= now:
            return module
    return None
