"""What a session opened, so saving a personal field that did not change leaves it alone.

Repositories copy every field of a domain object back onto its row when it is saved. Sealing an
unchanged field again would cost an encryption and, because every envelope has a fresh nonce,
an UPDATE of a value that did not change: for a relayed message that was the pair's score on
every message and a person's profile whenever their last-seen time moved.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.crypto import envelope_owner

_KEY = "entraide.opened"

# (table, row id, column) -> (the stored envelope, its plaintext)
Memo = dict[tuple[str, str, str], tuple[bytes | None, str | None]]


def _memo(session: AsyncSession) -> Memo:
    memo: Memo = session.info.setdefault(_KEY, {})
    return memo


def remember(
    session: AsyncSession,
    table: str,
    row_id: str,
    column: str,
    sealed: bytes | None,
    plain: str | None,
) -> None:
    """``sealed`` (as stored) opens to ``plain``."""
    _memo(session)[(table, row_id, column)] = (sealed, plain)


def opened(
    session: AsyncSession,
    table: str,
    row_id: str,
    column: str,
    sealed: bytes | None,
    decrypt: Callable[..., str | None],
) -> str | None:
    """The plaintext of ``sealed``: from the memo when this same value was opened before in the
    session (a person is read several times while one update is handled), else decrypted.
    Compared by value: a row read again (a lock refreshes it) brings equal bytes, new objects."""
    known = _memo(session).get((table, row_id, column))
    if known is not None and known[0] == sealed:
        return known[1]
    plain = decrypt(sealed, table=table, column=column, row_id=row_id)
    remember(session, table, row_id, column, sealed, plain)
    return plain


def resealed(
    session: AsyncSession,
    table: str,
    row_id: str,
    column: str,
    current: bytes | None,
    plain: str | None,
    owner: str | None,
    seal: Callable[[str | None], bytes | None],
) -> bytes | None:
    """The value to store for ``plain``: ``current`` itself when it already holds exactly that,
    sealed the right way (under ``owner``'s key, or the ring's when ``owner`` is None);
    otherwise a new envelope from ``seal``."""
    known = _memo(session).get((table, row_id, column))
    if (
        known is not None
        and known[0] == current
        and known[1] == plain
        and (current is None or envelope_owner(current) == owner)
    ):
        return current
    sealed = seal(plain)
    remember(session, table, row_id, column, sealed, plain)
    return sealed
