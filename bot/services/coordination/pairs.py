"""Coordinators acting on pairs: /match, /endpair, /why (and /reassign in coord_reassign)."""

from __future__ import annotations

import json

from bot.domain import matching as rules
from bot.domain.pairs import Pair
from bot.domain.people import Person
from bot.services.matching import pairing as matching
from bot.services.relay import ending
from bot.services.shared import audit
from bot.services.shared.context import ServiceContext
from bot.services.shared.coordinators import Command, label, reply, usage
from bot.services.training.coordinators import training_todo
from bot.storage.uow import UnitOfWork

# A refusal of /match that is about the seeker, named like matching's constraints.
SEEKER_SUSPENDED = "seeker_suspended"


async def find_person(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, code: str, action: str
) -> Person | None:
    person = await uow.people.by_code(code)
    if person is None:
        await _unknown_code(uow, ctx, coordinator, code, action, "coord.unknown_person")
    return person


async def find_pair(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, code: str, action: str
) -> Pair | None:
    pair = await uow.pairs.by_code(code)
    if pair is None:
        await _unknown_code(uow, ctx, coordinator, code, action, "coord.unknown_pair")
    return pair


async def _unknown_code(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, code: str, action: str, key: str
) -> None:
    # What was typed is not a known code and could be anything (a name, a Telegram id): sealed
    # in the detail, never in the clear targets.
    await audit.record(uow, coordinator, action, outcome="unknown", detail=code[:64])
    await reply(uow, ctx, coordinator, key, code=code.upper())


async def refusals(uow: UnitOfWork, seeker: Person, peer: Person) -> list[str]:
    """The hard constraints this pair breaks, as matching names them (for the answer)."""
    excluded = await uow.pairs.history_between(seeker.id)
    if seeker.waiting_since is not None:
        offers = uow.offers
        excluded |= await offers.peers_asked_since(seeker.id, seeker.waiting_since)
    load = await uow.offers.load_of(peer.id)
    on_hold = [] if seeker.may_be_matched else [SEEKER_SUSPENDED]
    held = bool(await uow.training.held_ids([peer.id]))
    return on_hold + rules.violations(seeker, peer, load, excluded, training_held=held)


async def eligible(
    uow: UnitOfWork,
    ctx: ServiceContext,
    seeker: Person,
    peer: Person,
    exclude: frozenset[str] = frozenset(),
) -> matching.Ranked | None:
    """The peer's ranking for this seeker if matching's hard constraints allow the pair."""
    for ranked in await matching.rank_peers(uow, ctx, seeker, exclude=exclude):
        if ranked.peer.id == peer.id:
            return ranked
    return None


async def explain_refusal(
    uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, seeker: Person, peer: Person
) -> None:
    lang = coordinator.language
    reasons = await refusals(uow, seeker, peer) or ["other"]
    await reply(
        uow,
        ctx,
        coordinator,
        "coord.match.refused",
        seeker=label(seeker),
        peer=label(peer),
        reasons="\n".join("• " + ctx.t(lang, f"coord.constraint.{r}") for r in reasons),
    )


async def open_pair_of(uow: UnitOfWork, seeker: Person) -> Pair | None:
    for pair in await uow.pairs.open_for(seeker.id):
        if pair.seeker_id == seeker.id:
            return pair
    return None


async def match(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command) -> None:
    """/match SEEKER PEER: pairs them if matching's hard constraints allow it."""
    if len(cmd.words) != 2:
        await usage(uow, ctx, coordinator, "match")
        return
    seeker = await find_person(uow, ctx, coordinator, cmd.words[0], "match")
    if seeker is None:
        return
    peer = await find_person(uow, ctx, coordinator, cmd.words[1], "match")
    if peer is None:
        return
    targets = [seeker.code, peer.code]
    if not seeker.is_seeker:
        await reply(uow, ctx, coordinator, "coord.match.not_seeker", who=label(seeker))
        await audit.record(uow, coordinator, "match", targets=targets, outcome="refused")
        return
    current = await open_pair_of(uow, seeker)
    if current is not None:
        await reply(
            uow,
            ctx,
            coordinator,
            "coord.match.already_paired",
            who=label(seeker),
            pair=current.code,
        )
        await audit.record(uow, coordinator, "match", targets=targets, outcome="refused")
        return
    ranked = await eligible(uow, ctx, seeker, peer)
    if ranked is None:
        await explain_refusal(uow, ctx, coordinator, seeker, peer)
        await audit.record(uow, coordinator, "match", targets=targets, outcome="refused")
        return
    # pair_up withdraws the seeker's pending offers and tells the peers asked.
    parts = {**ranked.parts, "matched_by": coordinator.code}
    pair = await matching.pair_up(uow, ctx, seeker, ranked.peer, parts)
    await audit.record(uow, coordinator, "match", targets=[*targets, pair.code])
    await reply(
        uow,
        ctx,
        coordinator,
        "coord.match.done",
        pair=pair.code,
        seeker=label(seeker),
        peer=label(peer),
    )


async def endpair(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command) -> None:
    """/endpair PAIR: both sides are told kindly; the peer's room goes back to matching."""
    if len(cmd.words) != 1:
        await usage(uow, ctx, coordinator, "endpair")
        return
    pair = await find_pair(uow, ctx, coordinator, cmd.words[0], "endpair")
    if pair is None:
        return
    if not pair.open:
        await reply(uow, ctx, coordinator, "coord.pair_ended", code=pair.code)
        await audit.record(uow, coordinator, "endpair", targets=[pair.code], outcome="ended")
        return
    await ending.end_pair(uow, ctx, pair, reason="coordinator", by=coordinator, notify=True)
    await audit.record(uow, coordinator, "endpair", targets=[pair.code])
    await reply(uow, ctx, coordinator, "coord.endpair.done", code=pair.code)


async def why(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, cmd: Command) -> None:
    """/why PAIR: the parts of the score the pair was made with. /why PEER: the hard
    constraints that keep this peer from being offered to anyone right now."""
    if len(cmd.words) != 1:
        await usage(uow, ctx, coordinator, "why")
        return
    if await uow.pairs.by_code(cmd.words[0]) is None:
        peer = await uow.people.by_code(cmd.words[0])
        if peer is not None and peer.is_peer:
            await why_peer(uow, ctx, coordinator, peer)
            return
    pair = await find_pair(uow, ctx, coordinator, cmd.words[0], "why")
    if pair is None:
        return
    parts = "\n".join(
        f"• {name}: {value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"
        for name, value in sorted(pair.score.items())
    ) or ctx.t(coordinator.language, "coord.why.none")
    await audit.record(uow, coordinator, "why", targets=[pair.code])
    await reply(
        uow,
        ctx,
        coordinator,
        "coord.why.text",
        code=pair.code,
        seeker=label(await uow.people.get(pair.seeker_id)),
        peer=label(await uow.people.get(pair.peer_id)),
        created=pair.created_at.strftime("%Y-%m-%d %H:%M"),
        parts=parts,
    )


async def why_peer(uow: UnitOfWork, ctx: ServiceContext, coordinator: Person, peer: Person) -> None:
    """The constraints that depend on the peer alone, named as matching names them, with the
    training modules a ``training`` hold is waiting for."""
    lang = coordinator.language
    load = await uow.offers.load_of(peer.id)
    held = bool(await uow.training.held_ids([peer.id]))
    reasons = rules.peer_violations(peer, load, training_held=held)
    await audit.record(uow, coordinator, "why", targets=[peer.code])
    if not reasons:
        await reply(uow, ctx, coordinator, "coord.why.peer_free", peer=label(peer))
        return
    lines = []
    for reason in reasons:
        line = f"• {reason}: " + ctx.t(lang, f"coord.constraint.{reason}")
        if reason == rules.TRAINING:
            line += " — " + await training_todo(uow, ctx, lang, peer)
        lines.append(line)
    await reply(uow, ctx, coordinator, "coord.why.peer", peer=label(peer), reasons="\n".join(lines))
