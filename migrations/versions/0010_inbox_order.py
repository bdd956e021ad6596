"""cluster: per-person order of updates across processes, and who holds a send on the wire

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 13:50:00.000000

Both columns are nullable and read only by the new version, so a process of the previous
version keeps running against the upgraded schema during a rolling upgrade (its updates get no
ordering key and form one queue of their own; see docs/operations.md).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inbox_updates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("order_key", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_inbox_updates_order", ["order_key", "update_id"], unique=False)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("claimed_by")
    with op.batch_alter_table("inbox_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_updates_order")
        batch_op.drop_column("order_key")
