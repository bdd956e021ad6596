"""people profiles, flows, pairs, relay, escalations, audit

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 16:19:13.309310
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.orm

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # People rows that exist already get neutral values for the new NOT NULL columns.
    op.create_table(
        "resources",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("created_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resources")),
    )
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resources_language"), ["language"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("targets", sa.String(length=200), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["people.id"],
            name=op.f("fk_audit_log_actor_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "consents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_consents_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consents_person_id"), ["person_id"], unique=False)

    op.create_table(
        "escalations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=True),
        sa.Column("opened_by", sa.String(length=36), nullable=True),
        sa.Column("pair_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.LargeBinary(), nullable=True),
        sa.Column("note", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(length=36), nullable=True),
        sa.Column("claimed_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.Column("resolved_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.Column("next_alert_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claimed_by"],
            ["people.id"],
            name=op.f("fk_escalations_claimed_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"],
            ["people.id"],
            name=op.f("fk_escalations_opened_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["people.id"],
            name=op.f("fk_escalations_subject_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalations")),
        sa.UniqueConstraint("code", name=op.f("uq_escalations_code")),
    )
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_escalations_next_alert_at"), ["next_alert_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_escalations_status"), ["status"], unique=False)

    op.create_table(
        "flow_states",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("flow", sa.String(length=24), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("nonce", sa.String(length=12), nullable=False),
        sa.Column("updated_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_flow_states_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_flow_states")),
    )
    op.create_table(
        "held_messages",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("pair_id", sa.String(length=36), nullable=True),
        sa.Column("message", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_held_messages_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_messages")),
    )
    with op.batch_alter_table("held_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_held_messages_person_id"), ["person_id"], unique=False)

    op.create_table(
        "invites",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code_index", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("created_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.Column("expires_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.Column("used_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.Column("used_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["people.id"],
            name=op.f("fk_invites_created_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["used_by"], ["people.id"], name=op.f("fk_invites_used_by_people"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invites")),
        sa.UniqueConstraint("code_index", name=op.f("uq_invites_code_index")),
    )
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invites_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "offers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("seeker_id", sa.String(length=36), nullable=False),
        sa.Column("peer_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("score", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.Column("expires_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.Column("decided_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["peer_id"], ["people.id"], name=op.f("fk_offers_peer_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["people.id"],
            name=op.f("fk_offers_seeker_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_peer_id"), ["peer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_seeker_id"), ["seeker_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_status"), ["status"], unique=False)

    op.create_table(
        "pairs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("seeker_id", sa.String(length=36), nullable=False),
        sa.Column("peer_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("paused_by", sa.String(length=36), nullable=True),
        sa.Column("score", sa.LargeBinary(), nullable=True),
        sa.Column("handover_note", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.Column("last_activity_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.Column("ended_at", bot.storage.orm.UTCDateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=16), nullable=True),
        sa.Column("seeker_rating", sa.Integer(), nullable=True),
        sa.Column("seeker_comment", sa.LargeBinary(), nullable=True),
        sa.Column("peer_rating", sa.Integer(), nullable=True),
        sa.Column("peer_comment", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["peer_id"], ["people.id"], name=op.f("fk_pairs_peer_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"], ["people.id"], name=op.f("fk_pairs_seeker_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairs")),
        sa.UniqueConstraint("code", name=op.f("uq_pairs_code")),
    )
    with op.batch_alter_table("pairs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pairs_peer_id"), ["peer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pairs_seeker_id"), ["seeker_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pairs_status"), ["status"], unique=False)

    op.create_table(
        "risk_cooldowns",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("last_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_risk_cooldowns_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_risk_cooldowns")),
    )
    op.create_table(
        "message_links",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("pair_id", sa.String(length=36), nullable=False),
        sa.Column("sender_id", sa.String(length=36), nullable=False),
        sa.Column("sender_message_id", sa.BigInteger(), nullable=False),
        sa.Column("recipient_id", sa.String(length=36), nullable=False),
        sa.Column("recipient_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", bot.storage.orm.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["pairs.id"],
            name=op.f("fk_message_links_pair_id_pairs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["people.id"],
            name=op.f("fk_message_links_recipient_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["people.id"],
            name=op.f("fk_message_links_sender_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_links")),
    )
    with op.batch_alter_table("message_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_message_links_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(
            "ix_message_links_recipient", ["recipient_id", "recipient_message_id"], unique=False
        )
        batch_op.create_index(
            "ix_message_links_sender", ["sender_id", "sender_message_id"], unique=False
        )

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("consent_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("consent_at", bot.storage.orm.UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("seeker_state", sa.String(length=16), nullable=False, server_default="none")
        )
        batch_op.add_column(
            sa.Column("waiting_since", bot.storage.orm.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(sa.Column("seeker_profile", sa.LargeBinary(), nullable=True))
        batch_op.add_column(
            sa.Column("peer_state", sa.String(length=16), nullable=False, server_default="none")
        )
        batch_op.add_column(
            sa.Column("peer_away", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("peer_capacity", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("peer_profile", sa.LargeBinary(), nullable=True))
        batch_op.add_column(
            sa.Column("profile_rev", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("focus_pair_id", sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f("ix_people_peer_state"), ["peer_state"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_seeker_state"), ["seeker_state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_seeker_state"))
        batch_op.drop_index(batch_op.f("ix_people_peer_state"))
        batch_op.drop_column("focus_pair_id")
        batch_op.drop_column("profile_rev")
        batch_op.drop_column("peer_profile")
        batch_op.drop_column("peer_capacity")
        batch_op.drop_column("peer_away")
        batch_op.drop_column("peer_state")
        batch_op.drop_column("seeker_profile")
        batch_op.drop_column("waiting_since")
        batch_op.drop_column("seeker_state")
        batch_op.drop_column("consent_at")
        batch_op.drop_column("consent_version")
        batch_op.drop_column("timezone")

    with op.batch_alter_table("message_links", schema=None) as batch_op:
        batch_op.drop_index("ix_message_links_sender")
        batch_op.drop_index("ix_message_links_recipient")
        batch_op.drop_index(batch_op.f("ix_message_links_pair_id"))

    op.drop_table("message_links")
    op.drop_table("risk_cooldowns")
    with op.batch_alter_table("pairs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pairs_status"))
        batch_op.drop_index(batch_op.f("ix_pairs_seeker_id"))
        batch_op.drop_index(batch_op.f("ix_pairs_peer_id"))

    op.drop_table("pairs")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_status"))
        batch_op.drop_index(batch_op.f("ix_offers_seeker_id"))
        batch_op.drop_index(batch_op.f("ix_offers_peer_id"))
        batch_op.drop_index(batch_op.f("ix_offers_expires_at"))

    op.drop_table("offers")
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invites_expires_at"))

    op.drop_table("invites")
    with op.batch_alter_table("held_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_held_messages_person_id"))

    op.drop_table("held_messages")
    op.drop_table("flow_states")
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escalations_status"))
        batch_op.drop_index(batch_op.f("ix_escalations_next_alert_at"))

    op.drop_table("escalations")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_person_id"))

    op.drop_table("consents")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resources_language"))

    op.drop_table("resources")
