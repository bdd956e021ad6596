"""The *Now* page: what needs a coordinator at this moment.

Escalations by level and age (with Claim and Resolve), seekers waiting and for how long, pairs
paused or silent for ``checkins.inactive_days``, peers away or at capacity. Escalations show the
subject's code only, as the chat alerts do; the reason is shown to the coordinator who claimed
it (need to know, as in the claim's details).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.domain.escalations import shown_level
from bot.domain.people import Person
from bot.services.dashboard.access import viewed
from bot.services.dashboard.lines import PairRow, PeerRow, label_of, pair_rows, peer_rows
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import since
from bot.storage.uow import UnitOfWork

SHOWN = 50
# The most severe and oldest first; the page says how many more there are.
ESCALATIONS_SHOWN = 100


@dataclass(frozen=True)
class EscRow:
    code: str
    level: int  # 0 other, 1 concern, 2 urgent
    kind: str
    status: str
    subject: str
    age: str
    claimed_by: str | None
    mine: bool
    reason: str | None


@dataclass(frozen=True)
class WaitRow:
    who: str
    waited: str


@dataclass(frozen=True)
class NowView:
    escalations: list[EscRow]
    escalations_total: int
    waiting: list[WaitRow]
    waiting_total: int
    pairs: list[PairRow]
    pairs_total: int
    peers: list[PeerRow]
    peers_total: int


async def now(uow: UnitOfWork, ctx: ServiceContext, viewer: Person) -> NowView:
    lang = viewer.language
    board = uow.dashboard
    escs, esc_total = await board.escalations(viewer.id, ESCALATIONS_SHOWN)
    waiting, wait_total = await board.waiting(SHOWN)
    silent_before = ctx.clock.now() - timedelta(days=ctx.settings.checkins.inactive_days)
    pairs, pairs_total = await board.pairs_at_risk(silent_before, SHOWN)
    peers, peers_total = await board.peers(SHOWN, 0, strained_only=True)
    people = await board.who(
        [e.subject_id or "" for e in escs]
        + [e.claimed_by or "" for e in escs]
        + [pid for pid, _ in waiting]
    )
    esc_rows = []
    for e in escs:
        subject = people.get(e.subject_id or "")
        holder = people.get(e.claimed_by or "")
        reason = None
        if e.claimed_by == viewer.id:
            full = await uow.escalations.get(e.id)
            reason = full.reason if full else None
        esc_rows.append(
            EscRow(
                code=e.code,
                level=shown_level(e.level),
                kind=ctx.t(lang, f"escalation.kind.{e.kind}"),
                status=e.status,
                subject=subject.code if subject else "—",
                age=since(ctx, lang, e.created_at),
                claimed_by=label_of(holder) if holder else None,
                mine=e.claimed_by == viewer.id,
                reason=reason,
            )
        )
    wait_rows = [WaitRow(label_of(people.get(pid)), since(ctx, lang, at)) for pid, at in waiting]
    await viewed(uow, viewer, "now")
    return NowView(
        esc_rows,
        esc_total,
        wait_rows,
        wait_total,
        await pair_rows(uow, ctx, viewer, pairs),
        pairs_total,
        await peer_rows(uow, ctx, viewer, peers),
        peers_total,
    )
