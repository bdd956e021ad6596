"""matching: covering indexes for the per-search read of available peers and open pairs

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 21:30:00.000000

Every search reads, for all available peers, their id, profile revision, language and capacity,
and the peer of every open pair. From the table that is one row lookup per peer (people rows are
wide: sealed profiles), about 8 ms at 10,000 peers on SQLite; from these indexes alone, without
touching the table, about 2 ms (docs/performance.md).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PEOPLE_MATCHING = [
    "peer_state",
    "peer_away",
    "status",
    "unreachable_at",
    "peer_capacity",
    "id",
    "profile_rev",
    "language",
]


def upgrade() -> None:
    op.create_index("ix_people_matching", "people", PEOPLE_MATCHING, unique=False)
    op.create_index("ix_pairs_status_peer", "pairs", ["status", "peer_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_pairs_status_peer", table_name="pairs")
    op.drop_index("ix_people_matching", table_name="people")
