"""The "which conversation?" buttons: the command that asked goes on with the chosen pair."""

from __future__ import annotations

from bot.services.relay.conversation import (
    PICK_BLOCK,
    PICK_END,
    PICK_PAUSE,
    PICK_REPORT,
    PICK_RESUME,
    pause,
    resume,
)
from bot.services.relay.ending import ask_block, ask_end
from bot.services.relay.reports import report_held
from bot.services.relay.routing import Sender, close_prompt
from bot.services.shared.context import ServiceContext
from bot.storage.uow import UnitOfWork


async def pick(
    uow: UnitOfWork,
    ctx: ServiceContext,
    sender: Sender,
    code: str,
    pair_id: str,
    prompt_id: int | None,
) -> None:
    """A "which conversation?" button: the command goes on with that pair."""
    person = sender.person
    await close_prompt(uow, person, prompt_id, None)
    if code == PICK_PAUSE:
        await pause(uow, ctx, person, pair_id)
    elif code == PICK_RESUME:
        await resume(uow, ctx, person, pair_id)
    elif code == PICK_END:
        await ask_end(uow, ctx, person, pair_id)
    elif code == PICK_BLOCK:
        await ask_block(uow, ctx, person, pair_id)
    elif code == PICK_REPORT:
        await report_held(uow, ctx, person, pair_id)
