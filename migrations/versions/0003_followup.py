"""follow-up: check-ins, talk sessions, anonymous counts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 16:27:05.040805
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.orm

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stat_counts",
        sa.Column("metric", sa.String(length=48), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("metric", "day", name=op.f("pk_stat_counts")),
    )
    op.create_table(
        "checkins",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("pair_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("due_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.Column("sent_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.Column("answered_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.Column("answer", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name=op.f("fk_checkins_pair_id_pairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_checkins_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
    )
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkins_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkins_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_checkins_status_due", ["status", "due_at"], unique=False)
        batch_op.create_index("ix_checkins_side", ["pair_id", "person_id", "status"], unique=False)

    op.create_table(
        "talk_sessions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("pair_id", sa.String(length=36), nullable=False),
        sa.Column("proposer_id", sa.String(length=36), nullable=False),
        sa.Column("starts_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("remind_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.Column("reminded_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.Column("created_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["pairs.id"],
            name=op.f("fk_talk_sessions_pair_id_pairs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposer_id"],
            ["people.id"],
            name=op.f("fk_talk_sessions_proposer_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talk_sessions")),
    )
    with op.batch_alter_table("talk_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_talk_sessions_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(
            "ix_talk_sessions_status_remind", ["status", "remind_at"], unique=False
        )

    with op.batch_alter_table("pairs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nudged_at", bot.storage.orm.UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("silence_alerted_at", bot.storage.orm.UTCDateTime(), nullable=True)
        )

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("waiting_alerted_at", bot.storage.orm.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("waiting_alerted_at")

    with op.batch_alter_table("pairs", schema=None) as batch_op:
        batch_op.drop_column("silence_alerted_at")
        batch_op.drop_column("nudged_at")

    with op.batch_alter_table("talk_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_talk_sessions_status_remind")
        batch_op.drop_index(batch_op.f("ix_talk_sessions_pair_id"))

    op.drop_table("talk_sessions")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_index("ix_checkins_side")
        batch_op.drop_index("ix_checkins_status_due")
        batch_op.drop_index(batch_op.f("ix_checkins_person_id"))
        batch_op.drop_index(batch_op.f("ix_checkins_pair_id"))

    op.drop_table("checkins")
    op.drop_table("stat_counts")
