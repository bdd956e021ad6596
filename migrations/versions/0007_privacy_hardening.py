"""privacy: every copy under its owner's key, slow blind index, ban markers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Whom an audit line's sealed detail is about: it is sealed under that person's key.
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("about_id", sa.String(length=36), nullable=True))
    # Slow hashes of the Telegram ids of suspended people who erased themselves.
    op.create_table(
        "ban_markers",
        sa.Column("marker", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("marker", name=op.f("pk_ban_markers")),
    )


def downgrade() -> None:
    op.drop_table("ban_markers")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("about_id")
