"""One-time invite links: created by coordinators, redeemed once through ``/start <code>``.

Only a keyed HMAC of the code is stored, so a copy of the database cannot redeem an invite.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select, update

from bot.domain.people import Person, config_coordinator
from bot.services import audit
from bot.services.context import ServiceContext
from bot.services.outbox import say
from bot.storage.orm import InviteRow, new_id
from bot.storage.uow import UnitOfWork

ROLES = ("peer", "coordinator", "seeker")
PURPOSE = "invite"
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
    uow.session.add(
        InviteRow(
            id=new_id(),
            code_index=uow.cipher.blind_index(code, purpose=PURPOSE),
            role=role,
            created_by=coordinator.id,
            created_at=now,
            expires_at=expires,
        )
    )
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
    row = await _find(uow, ctx, code)
    return row.role if row else None


async def claim(uow: UnitOfWork, ctx: ServiceContext, person: Person, code: str) -> str | None:
    """Uses the invite up for this person; None if it was not valid (or someone was first)."""
    row = await _find(uow, ctx, code)
    if row is None:
        return None
    now = ctx.clock.now()
    # A conditional update, so two people opening the same link at once cannot both get in.
    result = await uow.session.execute(
        update(InviteRow)
        .where(InviteRow.id == row.id, InviteRow.used_at.is_(None))
        .values(used_at=now, used_by=person.id)
    )
    if not getattr(result, "rowcount", 0):
        return None
    await audit.record(uow, person, "invite.redeem", targets=[person.code], detail=row.role)
    return row.role


async def used_by(uow: UnitOfWork, person_id: str, role: str) -> bool:
    """Whether this person came in through an invite for ``role``."""
    found = await uow.session.execute(
        select(InviteRow.id).where(InviteRow.used_by == person_id, InviteRow.role == role).limit(1)
    )
    return found.first() is not None


async def _find(uow: UnitOfWork, ctx: ServiceContext, code: str) -> InviteRow | None:
    if not code or len(code) > _MAX_CODE:
        return None
    candidates = uow.cipher.blind_index_candidates(code, purpose=PURPOSE)
    row = (
        await uow.session.execute(select(InviteRow).where(InviteRow.code_index.in_(candidates)))
    ).scalar_one_or_none()
    if row is None or row.used_at is not None or row.expires_at <= ctx.clock.now():
        return None
    return row
