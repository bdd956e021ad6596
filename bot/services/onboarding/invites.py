"""One-time invite links: created by coordinators, redeemed once through ``/start <code>``.

Only a keyed HMAC of the code is stored, so a copy of the database cannot redeem an invite.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from bot.domain.onboarding import ROLES, Invite
from bot.domain.people import Person, config_coordinator
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import say
from bot.storage.repositories import new_id
from bot.storage.uow import UnitOfWork

# A /start payload is at most 64 characters among A-Z, a-z, 0-9, _ and -.
_CODE_BYTES = 18
_MAX_CODE = 64


async def create(
    uow: UnitOfWork,
    ctx: ServiceContext,
    coordinator: Person,
    role: str | None,
    bot_username: str,
) -> None:
    """/invite ROLE: a deep link valid for ``network.invite_ttl_hours``, told to the coordinator."""
    lang = coordinator.language
    if role not in ROLES:
        await say(uow, coordinator, ctx.t(lang, "invite.usage"))
        await audit.record(uow, coordinator, "invite", outcome="usage")
        return
    if role == "coordinator" and not config_coordinator(
        coordinator, ctx.settings.network.coordinators
    ):
        # Coordinator power starts from the configuration only: an invited coordinator cannot
        # grow a team of their own, which could then outvote or lock out the configured one.
        await say(uow, coordinator, ctx.t(lang, "coord.invite.config_only"))
        await audit.record(uow, coordinator, "invite", outcome="refused", detail=role)
        return
    code = secrets.token_urlsafe(_CODE_BYTES)
    now = ctx.clock.now()
    expires = now + timedelta(hours=ctx.settings.network.invite_ttl_hours)
    await uow.invites.add(Invite(new_id(), role, coordinator.id, now, expires), code)
    link = f"https://t.me/{bot_username}?start={code}"
    await say(
        uow,
        coordinator,
        ctx.t(
            lang,
            "invite.created",
            role=ctx.t(lang, f"invite.role.{role}"),
            hours=ctx.settings.network.invite_ttl_hours,
            expires=expires.strftime("%Y-%m-%d %H:%M UTC"),
            link=link,
        ),
    )
    await audit.record(uow, coordinator, "invite", detail=role)


async def peek(uow: UnitOfWork, ctx: ServiceContext, code: str) -> str | None:
    """The role of a valid (known, unused, unexpired) invite, without using it up."""
    invite = await _find(uow, ctx, code)
    return invite.role if invite else None


async def claim(uow: UnitOfWork, ctx: ServiceContext, person: Person, code: str) -> str | None:
    """Uses the invite up for this person; None if it was not valid (or someone was first)."""
    invite = await _find(uow, ctx, code)
    if invite is None or not await uow.invites.use(invite.id, person.id, ctx.clock.now()):
        return None
    await audit.record(uow, person, "invite.redeem", targets=[person.code], detail=invite.role)
    return invite.role


async def used_by(uow: UnitOfWork, person_id: str, role: str) -> bool:
    """Whether this person came in through an invite for ``role``."""
    return await uow.invites.used_by(person_id, role)


async def _find(uow: UnitOfWork, ctx: ServiceContext, code: str) -> Invite | None:
    if not code or len(code) > _MAX_CODE:
        return None
    invite = await uow.invites.by_code(code)
    return invite if invite is not None and invite.usable(ctx.clock.now()) else None
