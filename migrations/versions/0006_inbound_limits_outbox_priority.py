"""delivery: outbox priorities and inbound limits

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 08:00:00.000000

Outbox rows carry a priority (crisis lines and urgent alerts overtake routine messages queued
for the same chat); the claim's index gains it so each chat's next row is still read from the
index alone. Inbox updates deferred by their sender's inbound limit carry the moment they may
be processed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.orm

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("priority", sa.SmallInteger(), server_default="0", nullable=False)
        )
        batch_op.drop_index("ix_outbox_status_person")
        batch_op.create_index(
            "ix_outbox_status_person", ["status", "person_id", "priority", "id"], unique=False
        )
    with op.batch_alter_table("inbox_updates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("not_before", bot.storage.orm.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbox_updates", schema=None) as batch_op:
        batch_op.drop_column("not_before")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_status_person")
        batch_op.create_index(
            "ix_outbox_status_person", ["status", "person_id", "id"], unique=False
        )
        batch_op.drop_column("priority")
