"""The referral directory: crisis lines, social workers, employee assistance, public health.

Entries come from two places: the config's ``[[resources]]`` (fixed, shown first, edited in the
file) and the ``resources`` table (added and removed by coordinators with ``/resources``).
Every message that gives crisis lines (/sos, the welcome, the danger question, an urgent
check-in answer, the automatic risk screen) reads them here, so a line a coordinator adds is
shown everywhere at once. Table entries are shown by a short id (their row id's start).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.shared.context import ServiceContext
from bot.storage.uow import UnitOfWork

CRISIS_KINDS = frozenset({"crisis_line", "emergency"})
SHORT_ID = 6


@dataclass(frozen=True)
class Entry:
    language: str
    kind: str
    name: str
    contact: str
    note: str = ""
    short_id: str | None = None  # None: from the config file, not removable here

    @property
    def is_crisis(self) -> bool:
        return self.kind in CRISIS_KINDS


async def entries(uow: UnitOfWork, ctx: ServiceContext, language: str | None = None) -> list[Entry]:
    found = [
        Entry(r.language, r.kind, r.name, r.contact, r.note)
        for r in ctx.settings.resources
        if language is None or r.language == language
    ]
    for row in await uow.coord.resources(language):
        found.append(
            Entry(row.language, row.kind, row.name, row.contact, row.note or "", row.id[:SHORT_ID])
        )
    return found


async def crisis_lines(uow: UnitOfWork, ctx: ServiceContext, language: str | None) -> str:
    """Crisis lines for this language (the default language's when it has none), one a line."""
    lang = language or ctx.settings.network.default_language
    found = [e for e in await entries(uow, ctx, lang) if e.is_crisis]
    if not found:
        default = ctx.settings.network.default_language
        found = [e for e in await entries(uow, ctx, default) if e.is_crisis]
    return "\n".join(ctx.t(lang, "resource.line", name=e.name, contact=e.contact) for e in found)
