"""Follow-up rules without a database: planning check-ins, asking them, lapses, silence,
retention cutoffs."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.checkins import (
    AskAction,
    Checkin,
    CheckinPolicy,
    CheckinStatus,
    IllegalCheckinChange,
    PastCheckin,
    Side,
    SideToPlan,
    SilenceAction,
    SkipReason,
    allowed_answers,
    ask_decision,
    plan_checkins,
    silence_action,
    unanswered_streak,
)
from bot.domain.pairs import ACTIVE, ENDED, PAUSED, Pair, PairStatus
from bot.domain.people import SUSPENDED, Person
from bot.domain.retention import INBOX_KEEP_DAYS, retention_cutoffs, stranger_cutoff

# Monday 2026-03-02 10:00 UTC: 11:00 in Paris, 05:00 in Montreal.
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
POLICY = CheckinPolicy(
    every_days=7,
    max_unanswered=2,
    quiet_start=time(21, 0),
    quiet_end=time(9, 0),
    default_zone=ZoneInfo("Europe/Paris"),
)


def side(
    person: str = "s1", role: Side = Side.SEEKER, status: str = ACTIVE, age_days: int = 0
) -> SideToPlan:
    return SideToPlan("p1", person, role, status, NOW - timedelta(days=age_days))


def past(*statuses: str) -> list[PastCheckin]:
    """Check-ins a week apart, latest first."""
    return [PastCheckin(s, NOW - timedelta(days=7 * (i + 1))) for i, s in enumerate(statuses)]


def plan_one(s: SideToPlan, history: list[PastCheckin] | None = None, zone: str | None = None):
    return plan_checkins(
        [s], {(s.pair_id, s.person_id): history or []}, {s.person_id: zone}, POLICY, NOW
    )


# ---- planning -------------------------------------------------------------------------------


def test_a_new_pair_is_asked_a_period_after_it_began_in_the_persons_own_day():
    decided = plan_one(side(), zone="Europe/Paris")
    assert decided.asked == 1 and not decided.skipped
    [planned] = decided.planned
    assert planned.status == CheckinStatus.DUE
    assert planned.role == Side.SEEKER
    assert planned.due_at == NOW + timedelta(days=7)  # 11:00 in Paris: allowed


def test_the_due_time_moves_out_of_quiet_hours_in_the_persons_own_zone():
    # Seven days on, 05:00 in Montreal is quiet: 09:00 there instead (13:00 UTC).
    [planned] = plan_one(side(role=Side.PEER), zone="America/Montreal").planned
    assert planned.due_at == datetime(2026, 3, 9, 13, 0, tzinfo=UTC)


def test_an_unknown_zone_falls_back_to_the_default_one():
    [planned] = plan_one(side(), zone=None).planned
    assert planned.due_at == NOW + timedelta(days=7)


def test_the_next_checkin_follows_the_last_one_not_the_start():
    history = [PastCheckin(CheckinStatus.ANSWERED, NOW - timedelta(days=2))]
    [planned] = plan_one(side(age_days=30), history, "Europe/Paris").planned
    assert planned.due_at == NOW + timedelta(days=5)


def test_after_downtime_one_checkin_now_rather_than_one_per_missed_period():
    history = [PastCheckin(CheckinStatus.ANSWERED, NOW - timedelta(days=40))]
    decided = plan_one(side(age_days=60), history, "Europe/Paris")
    assert [p.due_at for p in decided.planned] == [NOW]


@pytest.mark.parametrize("pending", [CheckinStatus.DUE, CheckinStatus.SENT, CheckinStatus.STOPPED])
def test_a_side_with_a_pending_checkin_is_skipped(pending):
    decided = plan_one(side(), [PastCheckin(pending, NOW)], "Europe/Paris")
    assert decided.planned == []
    assert [reason for _s, reason in decided.skipped] == [SkipReason.PENDING]


@pytest.mark.parametrize("status", [PAUSED, ENDED])
def test_a_paused_or_ended_pair_is_not_asked(status):
    decided = plan_one(side(status=status), zone="Europe/Paris")
    assert decided.planned == []
    assert [reason for _s, reason in decided.skipped] == [SkipReason.PAIR_NOT_ACTIVE]


def test_a_person_who_no_longer_exists_is_skipped():
    s = side()
    decided = plan_checkins([s], {}, {}, POLICY, NOW)
    assert decided.planned == []
    assert decided.skipped == [(s, SkipReason.UNKNOWN_PERSON)]


def test_after_n_unanswered_in_a_row_asking_stops_with_a_marker():
    decided = plan_one(side(age_days=30), past("expired", "expired"), "Europe/Paris")
    assert decided.asked == 0
    [marker] = decided.planned
    assert marker.status == CheckinStatus.STOPPED
    assert marker.due_at == NOW


@pytest.mark.parametrize(
    "history",
    [
        ("expired",),  # fewer than N
        ("expired", "answered"),  # not in a row
        ("answered", "expired", "expired"),  # the latest was answered
        ("cancelled", "expired"),
    ],
)
def test_fewer_than_n_unanswered_in_a_row_keeps_asking(history):
    decided = plan_one(side(age_days=30), past(*history), "Europe/Paris")
    assert decided.asked == 1
    assert decided.planned[0].status == CheckinStatus.DUE


def test_both_sides_are_planned_independently():
    seeker, peer = side("s1", Side.SEEKER), side("p9", Side.PEER)
    decided = plan_checkins(
        [seeker, peer],
        {("p1", "p9"): past("expired", "expired")},
        {"s1": "Europe/Paris", "p9": "Europe/Paris"},
        POLICY,
        NOW,
    )
    assert {(p.person_id, p.status) for p in decided.planned} == {
        ("s1", CheckinStatus.DUE),
        ("p9", CheckinStatus.STOPPED),
    }
    assert decided.asked == 1


# ---- asking ---------------------------------------------------------------------------------


def person(pid: str = "s1", timezone: str | None = "Europe/Paris", status: str = ACTIVE) -> Person:
    return Person(
        id=pid, code="ABC", telegram_id=1, created_at=NOW, timezone=timezone, status=status
    )


def pair(status: PairStatus = ACTIVE) -> Pair:
    return Pair(id="p1", code="PX", seeker_id="s1", peer_id="p9", status=status, created_at=NOW)


def test_a_due_checkin_is_asked_in_the_persons_day():
    assert ask_decision(person(), pair(), POLICY, NOW).action == AskAction.ASK


def test_a_due_checkin_found_in_quiet_hours_waits_for_the_morning():
    decision = ask_decision(person(timezone="America/Montreal"), pair(), POLICY, NOW)
    assert decision.action == AskAction.WAIT
    assert decision.at == datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # 09:00 in Montreal


@pytest.mark.parametrize(
    ("who", "what"),
    [
        (None, pair()),
        (person(), None),
        (person(), pair(PAUSED)),
        (person(), pair(ENDED)),
        (person(status=SUSPENDED), pair()),
    ],
)
def test_a_checkin_nobody_can_be_asked_is_cancelled(who, what):
    assert ask_decision(who, what, POLICY, NOW).action == AskAction.CANCEL


def checkin(status: CheckinStatus, role: Side = Side.SEEKER) -> Checkin:
    return Checkin("c1", "p1", "s1", role, status, NOW)


def test_a_checkin_lives_due_then_sent_then_answered():
    c = checkin(CheckinStatus.DUE)
    c.postpone(NOW + timedelta(hours=1))
    c.mark_sent(NOW)
    assert (c.status, c.sent_at) == (CheckinStatus.SENT, NOW)
    c.record_answer(NOW + timedelta(hours=2))
    assert (c.status, c.answered_at) == (CheckinStatus.ANSWERED, NOW + timedelta(hours=2))


@pytest.mark.parametrize(
    ("status", "change"),
    [
        (CheckinStatus.ANSWERED, lambda c: c.record_answer(NOW)),
        (CheckinStatus.DUE, lambda c: c.record_answer(NOW)),
        (CheckinStatus.SENT, lambda c: c.mark_sent(NOW)),
        (CheckinStatus.EXPIRED, lambda c: c.expire()),
        (CheckinStatus.ANSWERED, lambda c: c.cancel()),
        (CheckinStatus.SENT, lambda c: c.postpone(NOW)),
    ],
)
def test_a_checkin_refuses_an_illegal_change(status, change):
    with pytest.raises(IllegalCheckinChange):
        change(checkin(status))


def test_answers_belong_to_their_person_and_their_kind_of_question():
    seeker_q, peer_q = checkin(CheckinStatus.SENT), checkin(CheckinStatus.SENT, Side.PEER)
    assert seeker_q.accepts("s1", "urgent") and not seeker_q.accepts("s1", "break")
    assert peer_q.accepts("s1", "break") and not peer_q.accepts("s1", "5")
    assert not seeker_q.accepts("someone else", "4")
    assert "coord" in allowed_answers(Side.PEER)


@pytest.mark.parametrize(
    ("statuses", "streak"),
    [
        ([], 0),
        (["expired"], 1),
        (["expired", "expired", "answered", "expired"], 2),
        (["answered", "expired"], 0),
    ],
)
def test_the_unanswered_streak_counts_the_latest_lapses_in_a_row(statuses, streak):
    assert unanswered_streak(statuses) == streak


# ---- silence --------------------------------------------------------------------------------


def silence(since_days: float, nudged: float | None = None, alerted: float | None = None):
    """Days ago: the last message, the last nudge, the last alert."""

    def ago(days: float | None) -> datetime | None:
        return None if days is None else NOW - timedelta(days=days)

    since = ago(since_days)
    assert since is not None
    return silence_action(
        since=since, nudged_at=ago(nudged), alerted_at=ago(alerted), now=NOW, inactive_days=10
    )


def test_silence_is_nudged_then_reported_once_each():
    assert silence(9) == SilenceAction.NONE
    assert silence(10) == SilenceAction.NUDGE
    assert silence(15, nudged=5) == SilenceAction.NONE, "nudged once per silence"
    assert silence(20, nudged=10) == SilenceAction.ALERT
    assert silence(25, nudged=15, alerted=5) == SilenceAction.NONE, "reported once"
    # Reported but never nudged (the nudge is not skipped for good).
    assert silence(25, alerted=5) == SilenceAction.NUDGE


def test_a_new_message_starts_a_new_silence():
    assert silence(10, nudged=30, alerted=25) == SilenceAction.NUDGE
    assert silence(20, nudged=30, alerted=25) == SilenceAction.ALERT


# ---- retention ------------------------------------------------------------------------------


def test_retention_cutoffs():
    cutoffs = retention_cutoffs(NOW, 180)
    assert cutoffs.data == NOW - timedelta(days=180)
    assert cutoffs.inbox == NOW - timedelta(days=INBOX_KEEP_DAYS)


def test_updates_are_never_kept_longer_than_the_data():
    assert retention_cutoffs(NOW, 3).inbox == NOW - timedelta(days=3)


def test_strangers_are_deleted_after_their_own_silence():
    assert stranger_cutoff(NOW, 30) == NOW - timedelta(days=30)
