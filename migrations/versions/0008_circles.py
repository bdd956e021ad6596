"""circles: group circles, their members, sessions, attendance and session copies

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 13:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.orm

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "circles",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("title", sa.LargeBinary(), nullable=True),
        sa.Column("topics", sa.LargeBinary(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("facilitator_id", sa.String(length=36), nullable=False),
        sa.Column("cofacilitator_id", sa.String(length=36), nullable=True),
        sa.Column("cadence", sa.String(length=12), nullable=False),
        sa.Column("first_day", sa.String(length=10), nullable=False),
        sa.Column("start_time", sa.String(length=5), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("access", sa.String(length=12), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cofacilitator_id"],
            ["people.id"],
            name=op.f("fk_circles_cofacilitator_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["people.id"],
            name=op.f("fk_circles_facilitator_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circles")),
        sa.UniqueConstraint("code", name=op.f("uq_circles_code")),
    )
    op.create_table(
        "circle_members",
        sa.Column("circle_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("invited", sa.Boolean(), nullable=False),
        sa.Column("joined_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["circle_id"],
            ["circles.id"],
            name=op.f("fk_circle_members_circle_id_circles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_circle_members_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("circle_id", "person_id", name=op.f("pk_circle_members")),
    )
    with op.batch_alter_table("circle_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_circle_members_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "circle_sessions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("circle_id", sa.String(length=36), nullable=False),
        sa.Column("starts_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.Column("ends_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reminded_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.Column("opened_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.Column("closed_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.Column("closed_early", sa.Boolean(), nullable=False),
        sa.Column("present_count", sa.Integer(), nullable=False),
        sa.Column("helpful_yes", sa.Integer(), nullable=False),
        sa.Column("helpful_no", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["circle_id"],
            ["circles.id"],
            name=op.f("fk_circle_sessions_circle_id_circles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circle_sessions")),
    )
    with op.batch_alter_table("circle_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_circle_sessions_circle_id"), ["circle_id"], unique=False
        )
        batch_op.create_index(
            "ix_circle_sessions_status_starts", ["status", "starts_at"], unique=False
        )

    op.create_table(
        "circle_attendance",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("muted", sa.Boolean(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_circle_attendance_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["circle_sessions.id"],
            name=op.f("fk_circle_attendance_session_id_circle_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "person_id", name=op.f("pk_circle_attendance")),
    )
    with op.batch_alter_table("circle_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_circle_attendance_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "circle_links",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("sender_id", sa.String(length=36), nullable=False),
        sa.Column("sender_message_id", sa.BigInteger(), nullable=False),
        sa.Column("recipient_id", sa.String(length=36), nullable=False),
        sa.Column("recipient_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["people.id"],
            name=op.f("fk_circle_links_recipient_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["people.id"],
            name=op.f("fk_circle_links_sender_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["circle_sessions.id"],
            name=op.f("fk_circle_links_session_id_circle_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circle_links")),
    )
    with op.batch_alter_table("circle_links", schema=None) as batch_op:
        batch_op.create_index(
            "ix_circle_links_recipient", ["recipient_id", "recipient_message_id"], unique=False
        )
        batch_op.create_index(
            "ix_circle_links_sender", ["sender_id", "sender_message_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_circle_links_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("circle_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circle_links_session_id"))
        batch_op.drop_index("ix_circle_links_sender")
        batch_op.drop_index("ix_circle_links_recipient")

    op.drop_table("circle_links")
    with op.batch_alter_table("circle_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circle_attendance_person_id"))

    op.drop_table("circle_attendance")
    with op.batch_alter_table("circle_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_circle_sessions_status_starts")
        batch_op.drop_index(batch_op.f("ix_circle_sessions_circle_id"))

    op.drop_table("circle_sessions")
    with op.batch_alter_table("circle_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circle_members_person_id"))

    op.drop_table("circle_members")
    op.drop_table("circles")
