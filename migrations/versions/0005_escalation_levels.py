"""escalations: levels, merged signals, on-call duty

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 08:00:00.000000

``urgent`` becomes ``level`` (0 routine, 1 concern, 2 urgent): existing urgent rows become 2,
automatic (risk-word) rows 1, the rest 0. Signals merged into an open escalation are counted;
``alerted_at`` and ``widen_at`` pace the alerts; ``on_duty`` holds who said ``/oncall on``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.orm

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("level", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("signals", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(
            sa.Column("last_signal_at", bot.storage.orm.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(sa.Column("alerted_at", bot.storage.orm.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("widen_at", bot.storage.orm.UTCDateTime(), nullable=True))
    escalations = sa.table(
        "escalations",
        sa.column("urgent", sa.Boolean()),
        sa.column("kind", sa.String()),
        sa.column("level", sa.Integer()),
    )
    op.execute(escalations.update().where(escalations.c.urgent.is_(True)).values(level=2))
    op.execute(
        escalations.update()
        .where(escalations.c.urgent.is_(False), escalations.c.kind == "automatic")
        .values(level=1)
    )
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_column("urgent")
        batch_op.create_index(batch_op.f("ix_escalations_widen_at"), ["widen_at"], unique=False)
        batch_op.create_index(
            "ix_escalations_queue", ["status", "level", "created_at"], unique=False
        )
        batch_op.create_index("ix_escalations_subject", ["subject_id", "created_at"], unique=False)
    op.create_table(
        "on_duty",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("since", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_on_duty_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_on_duty")),
    )


def downgrade() -> None:
    op.drop_table("on_duty")
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    escalations = sa.table(
        "escalations", sa.column("urgent", sa.Boolean()), sa.column("level", sa.Integer())
    )
    op.execute(escalations.update().where(escalations.c.level >= 2).values(urgent=True))
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_index("ix_escalations_subject")
        batch_op.drop_index("ix_escalations_queue")
        batch_op.drop_index(batch_op.f("ix_escalations_widen_at"))
        batch_op.drop_column("widen_at")
        batch_op.drop_column("alerted_at")
        batch_op.drop_column("last_signal_at")
        batch_op.drop_column("signals")
        batch_op.drop_column("level")
