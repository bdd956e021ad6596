"""The circles' part of /stats: sessions held, attendance, "helpful" answers. Counts only:
never a title's members, never a word said."""

from __future__ import annotations

from bot.services.shared.context import ServiceContext
from bot.storage.uow import UnitOfWork


async def stats_section(uow: UnitOfWork, ctx: ServiceContext, language: str | None) -> str:
    f = await uow.circles.figures()
    return ctx.t(
        language,
        "circles.stats",
        circles=f.circles,
        sessions=f.sessions_held,
        attendance=f.attendance,
        helpful_yes=f.helpful_yes,
        helpful_no=f.helpful_no,
    )
