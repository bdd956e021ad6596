"""First contact, help, crisis resources, and what to say to a message with nowhere to go."""

from __future__ import annotations

from bot.domain.people import Person
from bot.services.context import ServiceContext
from bot.services.escalations import open_escalation
from bot.services.outbox import say
from bot.storage.uow import UnitOfWork


def crisis_lines(ctx: ServiceContext, language: str | None) -> str:
    lang = language or ctx.settings.network.default_language
    return "\n".join(
        ctx.t(lang, "resource.line", name=r.name, contact=r.contact)
        for r in ctx.settings.crisis_resources(lang)
    )


async def start(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    await say(
        uow,
        person,
        ctx.t(
            person.language,
            "start.welcome",
            network=ctx.settings.network.name,
            crisis=crisis_lines(ctx, person.language),
        ),
    )


async def help_text(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    text = ctx.t(person.language, "help.everyone")
    if person.is_coordinator:
        text += ctx.t(person.language, "help.coordinator")
    await say(uow, person, text)


async def nowhere_to_go(
    uow: UnitOfWork, ctx: ServiceContext, person: Person, message_id: int
) -> None:
    """A message outside any conversation is answered, never silently dropped."""
    await say(uow, person, ctx.t(person.language, "relay.no_conversation"), reply_to=message_id)


async def unknown_command(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """The one answer to any command this person may not use, coordinator commands included."""
    await say(uow, person, ctx.t(person.language, "errors.unknown_command"))


async def button_expired(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    await say(uow, person, ctx.t(person.language, "errors.button_expired"))


async def apologise(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    await say(uow, person, ctx.t(person.language, "errors.internal"))


async def sos(uow: UnitOfWork, ctx: ServiceContext, person: Person) -> None:
    """Crisis lines are the very next message; then an urgent escalation for coordinators."""
    await say(
        uow,
        person,
        ctx.t(person.language, "sos.resources", crisis=crisis_lines(ctx, person.language)),
    )
    await open_escalation(uow, ctx, kind="sos", subject=person, opened_by=person, urgent=True)
