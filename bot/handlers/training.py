"""Training and debriefs: /training (a peer's path, or the coordinators' view), /debrief, quiz
and debrief buttons, the debrief's answers; thin: parse, one service call."""

from __future__ import annotations

from telegram import Update

from bot.domain.people import Person
from bot.handlers.context import EntraideContext
from bot.services.training import coordinators as training_coord
from bot.services.training import debriefs, quiz, wellbeing


async def on_training(update: Update, context: EntraideContext, person: Person) -> None:
    """/training: coordinators get the network's view (and /training log …); peers their path."""
    message = update.effective_message
    text = message.text if message is not None and message.text else "/training"
    if person.has_coordinator_power():
        await training_coord.command(context.uow, context.services, person, text)
    else:
        await quiz.show(context.uow, context.services, person)


async def on_debrief(update: Update, context: EntraideContext, person: Person) -> None:
    await debriefs.ask(context.uow, context.services, person)


async def on_start_module(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await quiz.start(context.uow, context.services, person, args[0])


async def on_quiz_answer(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await quiz.answer(context.uow, context.services, person, args[0], args[1], args[2])


async def on_debrief_open(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await debriefs.open_offer(context.uow, context.services, person, args[0])


async def on_debrief_not_now(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await debriefs.not_now(context.uow, context.services, person, args[0])


async def on_debrief_claim(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await debriefs.claim(context.uow, context.services, person, args[0])


async def on_debrief_day(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await debriefs.pick_day(context.uow, context.services, person, args[0], args[1])


async def on_debrief_time(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await debriefs.pick_time(context.uow, context.services, person, args[0], args[1], args[2])


async def on_debrief_respond(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await debriefs.respond(context.uow, context.services, person, args[0], args[1])


async def on_wellbeing(
    update: Update, context: EntraideContext, person: Person, args: list[str]
) -> None:
    await wellbeing.answer(context.uow, context.services, person, args[0], args[1])


async def debrief_answer(update: Update, context: EntraideContext, person: Person) -> bool:
    """The words a debrief question waits for (commands pass through)."""
    message = update.message
    if message is None or update.edited_message is not None:
        return False
    if message.text is not None:
        if message.text.startswith("/"):
            return False
        return await debriefs.take_answer(context.uow, context.services, person, message.text)
    return await debriefs.not_text(context.uow, context.services, person)
