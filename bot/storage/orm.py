"""Tables. Encrypted columns carry ``info={"encrypted": True}`` so key rotation finds them all."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names let Alembic's batch mode rebuild SQLite tables and keep the
# migrations identical on SQLite and Postgres.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments an INTEGER PRIMARY KEY, Postgres wants BIGINT for a busy outbox.
BigIntPK = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC and always hands back aware datetimes (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


def new_id() -> str:
    return str(uuid.uuid4())


def sealed(nullable: bool = True, owner: str | None = None) -> Any:
    """An encrypted column; ``owner`` names the column holding the person whose own data key
    seals it (erasing that person makes it unreadable, backups included)."""
    info: dict[str, Any] = {"encrypted": True}
    if owner:
        info["owner"] = owner
    return mapped_column(LargeBinary, nullable=nullable, info=info)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class PersonRow(Base):
    __tablename__ = "people"
    __table_args__ = (
        # Covers what every matching search reads of every available peer, so that read never
        # touches the wide rows (migration 0004 says how much that saves).
        Index(
            "ix_people_matching",
            "peer_state",
            "peer_away",
            "status",
            "unreachable_at",
            "peer_capacity",
            "id",
            "profile_rev",
            "language",
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    # HMAC of the Telegram id: the only way to find a person from an update.
    tg_index: Mapped[str] = mapped_column(String(64), unique=True)
    tg_id: Mapped[bytes] = sealed(nullable=False, owner="id")
    pseudonym: Mapped[bytes | None] = sealed(owner="id")
    language: Mapped[str | None] = mapped_column(String(8))
    is_seeker: Mapped[bool] = mapped_column(Boolean, default=False)
    is_peer: Mapped[bool] = mapped_column(Boolean, default=False)
    is_coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="active")
    unreachable_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timezone: Mapped[bytes | None] = sealed(owner="id")
    consent_version: Mapped[int | None] = mapped_column(Integer)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Seeker side: none | onboarding | waiting | offered | paired | paused
    seeker_state: Mapped[str] = mapped_column(String(16), default="none", index=True)
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seeker_profile: Mapped[bytes | None] = sealed(owner="id")
    # Peer side: none | onboarding | applicant | approved | rejected
    peer_state: Mapped[str] = mapped_column(String(16), default="none", index=True)
    peer_away: Mapped[bool] = mapped_column(Boolean, default=False)
    peer_capacity: Mapped[int] = mapped_column(Integer, default=0)
    peer_profile: Mapped[bytes | None] = sealed(owner="id")
    # Bumped on every profile change, so a cache of decrypted profiles knows when to refresh.
    profile_rev: Mapped[int] = mapped_column(Integer, default=0)
    focus_pair_id: Mapped[str | None] = mapped_column(String(36))
    waiting_alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class InboxUpdateRow(Base):
    __tablename__ = "inbox_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[bytes | None] = sealed()
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    failure: Mapped[str | None] = mapped_column(String(200))
    # Set when the sender's inbound limit deferred this update: not processed before then.
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Per-person order across processes (bot/storage/inbox_repo.py); erased once processed.
    order_key: Mapped[int | None] = mapped_column(BigInteger)


class OutboxRow(Base):
    __tablename__ = "outbox"
    # The claim reads, per chat, the waiting row of lowest (priority, id) from this index alone.
    __table_args__ = (Index("ix_outbox_status_person", "status", "person_id", "priority", "id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    # Known before the insert, so the payload can be bound to its row. Being unique and set by
    # us, it also lets SQLAlchemy insert many rows in one statement and still match each row to
    # the id SQLite gave it ("insert sentinel"): without it, every outbox row was an INSERT of
    # its own, the most frequent statement of a busy bot.
    uid: Mapped[str] = mapped_column(String(36), unique=True, insert_sentinel=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(32))
    payload: Mapped[bytes | None] = sealed()
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    uncertain: Mapped[bool] = mapped_column(Boolean, default=False)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    tg_message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(String(200))
    # What asked for this send, so delivery can record the message id where it is needed.
    ref_kind: Mapped[str | None] = mapped_column(String(24))
    ref_id: Mapped[str | None] = mapped_column(String(36))
    update_id: Mapped[int | None] = mapped_column(BigInteger)
    # Lower goes first within the chat (repositories.PRIORITY_URGENT, PRIORITY_ROUTINE).
    priority: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    # The process whose dispatcher put the row on the wire (bot/storage/cluster.py).
    claimed_by: Mapped[int | None] = mapped_column(Integer)


class DomainEventRow(Base):
    __tablename__ = "domain_events"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class FlowStateRow(Base):
    """Where a person is in a multi-step flow, and the answers so far (sealed)."""

    __tablename__ = "flow_states"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    flow: Mapped[str] = mapped_column(String(24))
    step: Mapped[str] = mapped_column(String(32))
    data: Mapped[bytes | None] = sealed(owner="person_id")
    # Changes with every step, so a button from an earlier step can be recognised as stale.
    nonce: Mapped[str] = mapped_column(String(12))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ConsentRow(Base):
    __tablename__ = "consents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class InviteRow(Base):
    __tablename__ = "invites"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # HMAC of the code in the link: a database copy cannot be used to redeem invites.
    code_index: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class OfferRow(Base):
    __tablename__ = "offers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seeker_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    peer_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # pending | accepted | declined | expired | cancelled
    status: Mapped[str] = mapped_column(String(12), index=True)
    score: Mapped[bytes | None] = sealed()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PairRow(Base):
    __tablename__ = "pairs"
    # Open pairs by peer without the table: every matching search counts them all.
    __table_args__ = (Index("ix_pairs_status_peer", "status", "peer_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    seeker_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    peer_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # active | paused | ended
    status: Mapped[str] = mapped_column(String(12), index=True)
    paused_by: Mapped[str | None] = mapped_column(String(36))
    # The score's parts, so a coordinator can ask why this pair was made.
    score: Mapped[bytes | None] = sealed(owner="seeker_id")
    handover_note: Mapped[bytes | None] = sealed(owner="seeker_id")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # seeker | peer | coordinator | reassigned | blocked | reported | forgotten | unreachable
    end_reason: Mapped[str | None] = mapped_column(String(16))
    seeker_rating: Mapped[int | None] = mapped_column(Integer)
    seeker_comment: Mapped[bytes | None] = sealed(owner="seeker_id")
    # Follow-up bookkeeping, so a nudge or an alert is sent once per silence.
    nudged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    silence_alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    peer_rating: Mapped[int | None] = mapped_column(Integer)
    peer_comment: Mapped[bytes | None] = sealed(owner="peer_id")


class MessageLinkRow(Base):
    """One relayed message: the original in the sender's chat and its copy in the other's."""

    __tablename__ = "message_links"
    __table_args__ = (
        Index("ix_message_links_sender", "sender_id", "sender_message_id"),
        Index("ix_message_links_recipient", "recipient_id", "recipient_message_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    sender_message_id: Mapped[int] = mapped_column(BigInteger)
    recipient_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # Known once the copy is delivered (the outbox hook fills it in).
    recipient_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HeldMessageRow(Base):
    """A message waiting for its sender: to confirm contact details, or to choose a chat."""

    __tablename__ = "held_messages"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    pair_id: Mapped[str | None] = mapped_column(String(36))
    message: Mapped[bytes | None] = sealed(owner="person_id")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EscalationRow(Base):
    __tablename__ = "escalations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    # sos | referral | automatic | checkin | onboarding | report
    kind: Mapped[str] = mapped_column(String(16))
    # 0 routine (a referral, a report, a check-in), 1 concern, 2 urgent: RiskLevel's values.
    level: Mapped[int] = mapped_column(Integer, default=0)
    subject_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    opened_by: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    pair_id: Mapped[str | None] = mapped_column(String(36))
    # open | claimed | resolved
    status: Mapped[str] = mapped_column(String(12), index=True)
    # The opener's words (a report's or referral's reason is the reporter's data), or the
    # subject's own when nobody opened it (automatic): see ``escalation_reason_owner``.
    reason: Mapped[bytes | None] = sealed(owner="opened_by|subject_id")
    # A coordinator's note about the subject.
    note: Mapped[bytes | None] = sealed(owner="subject_id")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_alert_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Every signal merged into it (a repeated /sos, another worrying message) counts.
    signals: Mapped[int] = mapped_column(Integer, default=1)
    last_signal_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When coordinators were last alerted, so a flood of signals alerts at most once a reminder.
    alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Alerted only to the coordinators on duty: everyone else is alerted at this time if it is
    # still unclaimed. None once everyone has been alerted (or when nobody was on duty).
    widen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    __table_args__ = (
        Index("ix_escalations_queue", "status", "level", "created_at"),
        # A signal looks for the person's open escalation; a stranger's, for their last one.
        Index("ix_escalations_subject", "subject_id", "created_at"),
    )

    @property
    def urgent(self) -> bool:
        return self.level >= 2


class OnDutyRow(Base):
    """Coordinators who put themselves on duty with ``/oncall on`` (the rota is in the config)."""

    __tablename__ = "on_duty"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    since: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    # Opaque codes only (people, pairs, escalations), never names.
    targets: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(16))
    # The person the detail is about (a /msg to them, the reason of their suspension): it is
    # sealed under their data key, so erasing them reaches it, old backups included.
    about_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[bytes | None] = sealed(owner="about_id")


class ResourceRow(Base):
    """The referral directory; public numbers and services, not personal data."""

    __tablename__ = "resources"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(String(120))
    contact: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RiskCooldownRow(Base):
    """When a person last got the automatic crisis message (one per cooldown period)."""

    __tablename__ = "risk_cooldowns"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    last_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CheckinRow(Base):
    """One check-in question for one side of a pair, due at a time in their own day."""

    __tablename__ = "checkins"
    __table_args__ = (
        Index("ix_checkins_status_due", "status", "due_at"),
        Index("ix_checkins_side", "pair_id", "person_id", "status"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(8))
    # due | sent | answered | expired | cancelled
    status: Mapped[str] = mapped_column(String(12))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer: Mapped[bytes | None] = sealed(owner="person_id")


class SessionRow(Base):
    """A time the two sides of a pair agreed (or proposed) to talk."""

    __tablename__ = "talk_sessions"
    __table_args__ = (Index("ix_talk_sessions_status_remind", "status", "remind_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    proposer_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # proposed | accepted | declined | cancelled | replaced | done
    status: Mapped[str] = mapped_column(String(12))
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StatCountRow(Base):
    """Anonymous counts that outlive the rows they summarise (retention purges those)."""

    __tablename__ = "stat_counts"

    metric: Mapped[str] = mapped_column(String(48), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class BanMarkerRow(Base):
    """A suspended person who erased themselves: a slow keyed hash of their Telegram id (the
    one thing erasure keeps, so that the same account cannot come back as a stranger)."""

    __tablename__ = "ban_markers"

    marker: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MetaRow(Base):
    """Small named values; the key canary lets start-up tell a wrong key from a right one."""

    __tablename__ = "meta"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[bytes | None] = sealed()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


def column_owner(table: str, column: str) -> str | None:
    """The column naming whose data key seals ``table.column`` (None: the key ring);
    ``a|b`` means the first of those columns that is set."""
    owner = Base.metadata.tables[table].c[column].info.get("owner")
    return str(owner) if owner else None


def escalation_reason_owner(opened_by: str | None, subject_id: str | None) -> str | None:
    """Whose key seals an escalation's reason: whoever wrote it (the opener), or the subject
    when it was opened automatically from their own message."""
    return opened_by or subject_id


def encrypted_columns() -> list[tuple[str, str, str]]:
    """(table, primary key column, encrypted column) for every sealed column."""
    found: list[tuple[str, str, str]] = []
    for table in Base.metadata.sorted_tables:
        pk = next(iter(table.primary_key.columns)).name
        row_key = "uid" if "uid" in table.c else pk
        for column in table.columns:
            if column.info.get("encrypted"):
                found.append((table.name, row_key, column.name))
    return found


# ---- running as a cluster (issue 19) ------------------------------------------------------------
# A person's unprocessed updates, oldest first: what the per-person order check reads.
Index("ix_inbox_updates_order", InboxUpdateRow.order_key, InboxUpdateRow.update_id)
# ---- end of running as a cluster ----------------------------------------------------------------
# ---- group circles ------------------------------------------------------------------------------
# A circle, its members, its sessions, who came to each, and the copies a session's messages
# made (kept for replies and edits while the session lasts, deleted when it closes).


class CircleRow(Base):
    __tablename__ = "circles"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    title: Mapped[bytes | None] = sealed()
    topics: Mapped[bytes | None] = sealed()
    language: Mapped[str] = mapped_column(String(8))
    facilitator_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    cofacilitator_id: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    # weekly | biweekly | once, with the first (or only) day, wall-clock start and zone.
    cadence: Mapped[str] = mapped_column(String(12))
    first_day: Mapped[str] = mapped_column(String(10))
    start_time: Mapped[str] = mapped_column(String(5))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
    capacity: Mapped[int] = mapped_column(Integer)
    # open | invitation
    access: Mapped[str] = mapped_column(String(12))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CircleMemberRow(Base):
    """A person in a circle (or only invited to it, while ``joined_at`` is empty)."""

    __tablename__ = "circle_members"

    circle_id: Mapped[str] = mapped_column(
        ForeignKey("circles.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    invited: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CircleSessionRow(Base):
    __tablename__ = "circle_sessions"
    __table_args__ = (Index("ix_circle_sessions_status_starts", "status", "starts_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    circle_id: Mapped[str] = mapped_column(ForeignKey("circles.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # scheduled | open | paused | closed
    status: Mapped[str] = mapped_column(String(12))
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_early: Mapped[bool] = mapped_column(Boolean, default=False)
    # Anonymous counts for /stats, kept after the attendance rows are purged.
    present_count: Mapped[int] = mapped_column(Integer, default=0)
    helpful_yes: Mapped[int] = mapped_column(Integer, default=0)
    helpful_no: Mapped[int] = mapped_column(Integer, default=0)


class CircleAttendanceRow(Base):
    """One member in one session, known there by a code that lives for that session only."""

    __tablename__ = "circle_attendance"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("circle_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    code: Mapped[str] = mapped_column(String(4))
    present: Mapped[bool] = mapped_column(Boolean, default=False)
    muted: Mapped[bool] = mapped_column(Boolean, default=False)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    helpful: Mapped[bool | None] = mapped_column(Boolean)


class CircleLinkRow(Base):
    """One copy of a message said in a session: replies and edits find the copies through it."""

    __tablename__ = "circle_links"
    __table_args__ = (
        Index("ix_circle_links_sender", "sender_id", "sender_message_id"),
        Index("ix_circle_links_recipient", "recipient_id", "recipient_message_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("circle_sessions.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    sender_message_id: Mapped[int] = mapped_column(BigInteger)
    recipient_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    recipient_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# ---- end of group circles -----------------------------------------------------------------------
# ---- training, supervision, debriefs (issue 17) ---------------------------------------------


class TrainingPeerRow(Base):
    """A peer's place on the training path: held out of matching or not, the grace given to
    peers approved before training existed, the quiz under way, when to look again."""

    __tablename__ = "training_peers"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    # Out of matching because of training (matching's "training" constraint reads this).
    held: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    held_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    grace_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Told (a week before) that their grace period ends.
    grace_told: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the clock alone can next change their standing (a reminder, an expiry, grace).
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    quiz_module: Mapped[str | None] = mapped_column(String(24))
    # The options chosen so far, one digit per question.
    quiz_answers: Mapped[str | None] = mapped_column(String(8))
    # Circle sessions facilitated in ``circles_month`` (YYYY-MM): part of the load coordinators
    # see.
    circles_month: Mapped[str | None] = mapped_column(String(7))
    circles_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TrainingResultRow(Base):
    """One quiz taken: how many right, passed or not, until when a pass is valid."""

    __tablename__ = "training_results"
    __table_args__ = (Index("ix_training_results_person_module", "person_id", "module_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    module_id: Mapped[str] = mapped_column(String(24), index=True)
    correct: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TrainingHoursRow(Base):
    """Continuing education: a live training or supervision hours a coordinator logged."""

    __tablename__ = "training_hours"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Emptied when the peer is erased: the hours stay counted, anonymously.
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    logged_by: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    minutes: Mapped[int] = mapped_column(Integer)
    topic: Mapped[bytes | None] = sealed(owner="person_id")
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class TrainingMetaRow(Base):
    """Once-only moments of the feature (when existing peers were given their grace)."""

    __tablename__ = "training_meta"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class DebriefRow(Base):
    """A debrief: offered after a hard moment or asked for, answered (sealed), claimed by a
    coordinator and given a time."""

    __tablename__ = "debriefs"
    __table_args__ = (Index("ix_debriefs_status_offer", "status", "offer_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    peer_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # asked | escalation | checkin | reassigned | blocked | reported | circle
    trigger: Mapped[str] = mapped_column(String(12))
    # due | offered | answering | waiting | claimed | scheduled | declined
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    offer_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answers: Mapped[bytes | None] = sealed(owner="peer_id")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    talk_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Both sides are reminded before the agreed time, once (as /schedule does).
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WellbeingRow(Base):
    """The monthly question to a peer: when asked, and their answer (sealed)."""

    __tablename__ = "wellbeing_checks"
    __table_args__ = (Index("ix_wellbeing_checks_person_asked", "person_id", "asked_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer: Mapped[bytes | None] = sealed(owner="person_id")


# ---- end of training ---------------------------------------------------------------------------
