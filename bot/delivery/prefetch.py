"""Reads, in a few queries, what handling a batch of updates is about to read one by one.

Each update starts with the same look-ups: who sent it, are they mid-flow, which conversations
are they in, and who is on the other side. Done per update, these were most of the queries of a
relayed message. Loaded here for the whole batch, they sit in the transaction's identity map
and the repositories' per-transaction caches, and the handlers find them there.

Only an accelerator: handlers still ask the repositories, which fall back to a query for
anything not loaded here, so what is prefetched never changes what a handler sees.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.storage.uow import UnitOfWork

SENDER_KEYS = ("message", "edited_message", "callback_query")


def senders(updates: Iterable[dict[str, Any]]) -> set[int]:
    """The Telegram ids of the people who sent these updates (bots left out)."""
    found: set[int] = set()
    for data in updates:
        for key in SENDER_KEYS:
            sender = (data.get(key) or {}).get("from")
            if sender and not sender.get("is_bot") and isinstance(sender.get("id"), int):
                found.add(sender["id"])
    return found


async def prefetch(uow: UnitOfWork, updates: list[dict[str, Any]]) -> None:
    telegram_ids = senders(updates)
    if not telegram_ids:
        return
    person_ids = await uow.people.prefetch_telegram_ids(telegram_ids)
    if not person_ids:
        return
    await uow.flows.prefetch(person_ids)
    pairs = uow.pairs
    # The other side of each conversation: the relay reads them, and their own conversations
    # (a label names the sender when the recipient has several).
    partners = await pairs.prefetch_open(person_ids) - person_ids
    if partners:
        await uow.people.prefetch(partners)
        await pairs.prefetch_open(partners)
