"""What a sender owns, and a decrypted snapshot of everything else to compare before and after.

Sealed columns are compared by their plaintext: the same value sealed again has another nonce,
and a change hidden inside a ciphertext is still a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select

from bot.storage.orm import Base, encrypted_columns
from bot.storage.uow import Storage

# The state people act on. Left out: the inbox and outbox (delivery machinery), key material,
# and anonymous counters.
WATCHED = (
    "people",
    "consents",
    "flow_states",
    "held_messages",
    "invites",
    "offers",
    "pairs",
    "message_links",
    "checkins",
    "talk_sessions",
    "escalations",
    "risk_cooldowns",
    "resources",
    "audit_log",
    "domain_events",
)

# What one side of a conversation may change in the other side's record: ending, pausing or
# leaving a conversation moves both sides' conversation state and focus.
COUNTERPART_COLUMNS = frozenset({"seeker_state", "waiting_since", "focus_pair_id"})

Row = dict[str, Any]
Snapshot = dict[str, dict[tuple[Any, ...], Row]]


def _people_columns(table: Table) -> list[str]:
    return [
        c.name
        for c in table.columns
        if any(fk.target_fullname == "people.id" for fk in c.foreign_keys)
    ]


async def snapshot(storage: Storage) -> Snapshot:
    sealed: dict[str, dict[str, str]] = {}
    for table_name, row_key, column in encrypted_columns():
        sealed.setdefault(table_name, {})[column] = row_key
    cipher = storage.cipher
    out: Snapshot = {}
    async with storage.uow() as uow:
        for name in WATCHED:
            table = Base.metadata.tables[name]
            pk = [c.name for c in table.primary_key.columns]
            rows: dict[tuple[Any, ...], Row] = {}
            for found in (await uow.session.execute(select(table))).mappings():
                row = dict(found)
                for column, row_key in sealed.get(name, {}).items():
                    if row[column]:  # empty: an erased Telegram id, nothing to open
                        row[column] = cipher.decrypt(
                            row[column], table=name, column=column, row_id=str(row[row_key])
                        )
                rows[tuple(row[k] for k in pk)] = row
            out[name] = rows
    return out


@dataclass
class Owner:
    """A sender, by the person id they have after the update (a stranger's first update
    creates their record, which is theirs from then on) and the one they had before it
    (after /forgetme their old record, now anonymous, is still theirs)."""

    person_id: str | None
    earlier: str | None = None

    @property
    def ids(self) -> set[str]:
        return {i for i in (self.person_id, self.earlier) if i}

    def pairs(self, *snaps: Snapshot) -> set[str]:
        return {
            pair["id"]
            for snap in snaps
            for pair in snap["pairs"].values()
            if self.ids & {pair["seeker_id"], pair["peer_id"]}
        }

    def counterparts(self, *snaps: Snapshot) -> set[str]:
        mine = self.pairs(*snaps)
        return {
            person
            for snap in snaps
            for pair in snap["pairs"].values()
            if pair["id"] in mine
            for person in (pair["seeker_id"], pair["peer_id"])
            if person not in self.ids
        }

    def owns(self, table: str, row: Row, pairs: set[str], people: set[str]) -> bool:
        """The row is the sender's own, or about one of their conversations."""
        if table == "people":
            return row["id"] in people
        if table == "pairs":
            return row["id"] in pairs
        if row.get("pair_id") is not None and row["pair_id"] in pairs:
            return True
        columns = _people_columns(Base.metadata.tables[table])
        return any(row[c] is not None and row[c] in people for c in columns)


def foreign_changes(owner: Owner, before: Snapshot, after: Snapshot) -> list[str]:
    """Every row the sender does not own that was changed, removed, or created."""
    pairs = owner.pairs(before, after)
    counterparts = owner.counterparts(before, after)
    me = owner.ids
    changes: list[str] = []
    for table in WATCHED:
        old, new = before[table], after[table]
        for key in old.keys() | new.keys():
            was, now = old.get(key), new.get(key)
            if was == now:
                continue
            row = now if now is not None else was
            assert row is not None
            if owner.owns(table, row, pairs, me):
                continue
            if (
                table == "people"
                and was is not None
                and now is not None
                and (row["id"] in counterparts)
            ):
                moved = {c for c in was if was[c] != now[c]}
                if moved <= COUNTERPART_COLUMNS:
                    continue
                changes.append(f"people {key}: counterpart's {sorted(moved)} changed")
                continue
            if owner.owns(table, row, pairs, me | counterparts) and was is None:
                continue  # created for the other side of the sender's own conversation
            changes.append(f"{table} {key}: {_describe(was, now)}")
    return changes


def _describe(was: Row | None, now: Row | None) -> str:
    if was is None:
        return f"created {now}"
    if now is None:
        return f"removed {was}"
    return "changed " + ", ".join(
        f"{c}: {was[c]!r} -> {now[c]!r}" for c in was if was[c] != now.get(c)
    )
