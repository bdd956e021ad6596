"""Versioned consent to the confidentiality rules: who agreed to which version, and when.

Matching and the relay should treat a person whose consent is not ``is_current`` as not
available: they have not agreed to the rules that now apply.
"""

from __future__ import annotations

from bot.domain.people import Person
from bot.services.shared.context import ServiceContext
from bot.storage.uow import UnitOfWork


def is_current(ctx: ServiceContext, person: Person) -> bool:
    """Agreed to the version in force (or a later one, after a configuration rollback)."""
    version = person.consent_version
    return version is not None and version >= ctx.settings.network.consent_version


def outdated(ctx: ServiceContext, person: Person) -> bool:
    """Agreed once, but to an older version: must agree again before anything else."""
    version = person.consent_version
    return version is not None and version < ctx.settings.network.consent_version


async def record(uow: UnitOfWork, ctx: ServiceContext, person: Person, *, accepted: bool) -> None:
    """Every answer is kept, refusals included, so a coordinator can see what was agreed."""
    now = ctx.clock.now()
    version = ctx.settings.network.consent_version
    await uow.people.record_consent(person.id, version, accepted=accepted, at=now)
    if accepted:
        person.consent_version = version
        person.consent_at = now
        await uow.people.save(person)
