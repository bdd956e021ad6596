"""The escalation entity and the rules around it, pure: transitions, merging of further
signals, the severity-first order, when reminders and widenings are due, who hears first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import oncall
from bot.domain.escalations import (
    REASON_MAX,
    Escalation,
    IllegalTransition,
    Pace,
    Status,
    by_severity,
    due_reminder,
    due_widening,
    gentle_message_due,
    is_stranger,
    level_of,
    merges,
    shown_level,
)
from bot.domain.people import SUSPENDED, Person
from bot.domain.risk import RiskLevel

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PACE = Pace(
    reminder=timedelta(minutes=30),
    urgent_reminder=timedelta(minutes=10),
    to_all=timedelta(minutes=15),
)


def opened(
    level: int = 0,
    *,
    kind: str = "sos",
    on_duty_only: bool = False,
    now: datetime = T0,
    reason: str | None = None,
    esc_id: str = "e1",
) -> Escalation:
    return Escalation.open(
        id=esc_id,
        code="E" + esc_id.upper(),
        kind=kind,
        level=level,
        now=now,
        pace=PACE,
        on_duty_only=on_duty_only,
        subject_id="subject",
        reason=reason,
    )


def person(pid: str, *, coordinator: bool = True, minutes: int = 0, **kw: object) -> Person:
    return Person(
        id=pid,
        code=pid.upper(),
        telegram_id=hash(pid) % 10_000,
        created_at=T0 + timedelta(minutes=minutes),
        is_coordinator=coordinator,
        **kw,  # type: ignore[arg-type]
    )


# ---- opening ---------------------------------------------------------------------------------


def test_a_new_escalation_is_open_alerted_now_and_reminded_by_its_level():
    esc = opened(int(RiskLevel.URGENT))
    assert esc.status is Status.OPEN and esc.urgent
    assert (esc.signals, esc.last_signal_at, esc.alerted_at) == (1, T0, T0)
    assert esc.next_alert_at == T0 + PACE.urgent_reminder
    assert opened(int(RiskLevel.CONCERN)).next_alert_at == T0 + PACE.reminder
    assert not opened(int(RiskLevel.CONCERN)).urgent


def test_a_new_escalation_gets_a_fresh_id_and_a_short_code():
    a, b = (
        Escalation.open(kind="sos", level=0, now=T0, pace=PACE, on_duty_only=False)
        for _ in range(2)
    )
    assert a.id != b.id and len(a.id) == 36
    assert a.code.startswith("E") and len(a.code) == 6


def test_widened_later_only_when_just_the_coordinators_on_duty_heard():
    assert opened(on_duty_only=True).widen_at == T0 + PACE.to_all
    assert opened(on_duty_only=False).widen_at is None


def test_the_status_is_an_enum_that_still_reads_as_its_stored_word():
    esc = Escalation(id="x", code="EX", kind="sos", level=0, status="claimed", created_at=T0)  # type: ignore[arg-type]
    assert esc.status is Status.CLAIMED
    stored: str = esc.status
    assert stored == "claimed" and f"{esc.status}" == "claimed"
    with pytest.raises(ValueError):
        Escalation(id="x", code="EX", kind="sos", level=0, status="lost", created_at=T0)  # type: ignore[arg-type]


def test_the_level_of_a_signal():
    assert level_of(None) == 0
    assert level_of(RiskLevel.CONCERN) == 1
    assert level_of(RiskLevel.CONCERN, urgent=True) == 2
    assert level_of(None, urgent=True) == 2
    assert [shown_level(v) for v in (-1, 0, 1, 2, 5)] == [0, 0, 1, 2, 2]


# ---- claim, resolve, reopen --------------------------------------------------------------


def test_claim_then_resolve():
    esc = opened()
    esc.claim("coord", T0 + timedelta(minutes=3))
    assert (esc.status, esc.claimed_by) == (Status.CLAIMED, "coord")
    assert esc.claimed_at == T0 + timedelta(minutes=3)
    esc.resolve("other", "safe at home", T0 + timedelta(minutes=9))
    assert esc.status is Status.RESOLVED and esc.note == "safe at home"
    assert esc.resolved_at == T0 + timedelta(minutes=9)
    # The holder stays the one who claimed it.
    assert (esc.claimed_by, esc.claimed_at) == ("coord", T0 + timedelta(minutes=3))


def test_resolving_an_unclaimed_one_makes_the_resolver_its_holder():
    esc = opened()
    esc.resolve("coord", "handled", T0 + timedelta(minutes=5))
    assert (esc.claimed_by, esc.claimed_at) == ("coord", T0 + timedelta(minutes=5))


def test_illegal_transitions_are_refused_and_change_nothing():
    esc = opened()
    esc.claim("a", T0)
    with pytest.raises(IllegalTransition):
        esc.claim("b", T0)
    assert esc.claimed_by == "a"
    esc.resolve("a", "done", T0)
    for change in (
        lambda: esc.claim("b", T0),
        lambda: esc.resolve("b", "again", T0),
        lambda: esc.reopen(T0),
        lambda: esc.add_signal(2, "more", T0, PACE.reminder),
    ):
        with pytest.raises(IllegalTransition):
            change()
    assert (esc.status, esc.note, esc.level, esc.signals) == (Status.RESOLVED, "done", 0, 1)
    with pytest.raises(IllegalTransition):
        opened().reopen(T0)  # only a claimed one can be opened again


def test_an_automatic_escalations_reason_is_dropped_once_resolved_a_referrals_kept():
    auto = opened(kind="automatic", reason="their own words")
    auto.resolve("c", "called", T0)
    assert auto.reason is None
    referral = opened(kind="referral", reason="the peer's words")
    referral.resolve("c", "called", T0)
    assert referral.reason == "the peer's words"
    spam = opened(kind="referral", reason="noise")
    spam.resolve("c", "spam", T0, spam=True)
    assert spam.reason is None


def test_a_claim_whose_holder_cannot_act_is_open_again_and_due_at_once():
    esc = opened(on_duty_only=True)
    esc.claim("gone", T0)
    later = T0 + timedelta(hours=2)
    esc.reopen(later)
    assert (esc.status, esc.claimed_by, esc.claimed_at) == (Status.OPEN, None, None)
    assert esc.next_alert_at == later and esc.widen_at is None
    assert due_reminder(esc, later)


def test_nobody_acts_on_an_escalation_about_themselves():
    esc = opened()
    assert esc.about("subject") and not esc.about("coord")
    anonymous = Escalation(
        id="x", code="EX", kind="sos", level=0, status=Status.OPEN, created_at=T0
    )
    assert not anonymous.about("subject")


# ---- further signals ---------------------------------------------------------------------


def test_a_further_signal_is_counted_and_its_reason_appended():
    esc = opened(reason="first")
    signal = esc.add_signal(0, "second", T0 + timedelta(minutes=1), PACE.reminder)
    assert (esc.signals, esc.last_signal_at) == (2, T0 + timedelta(minutes=1))
    assert esc.reason == "first\n— second"
    assert signal.raised is False and signal.alert is False  # alerted a minute ago
    esc.add_signal(0, None, T0 + timedelta(minutes=2), PACE.reminder)
    assert esc.reason == "first\n— second" and esc.signals == 3


def test_a_signal_without_an_earlier_reason_becomes_the_reason():
    esc = opened()
    esc.add_signal(0, "now a reason", T0, PACE.reminder)
    assert esc.reason == "now a reason"


def test_merged_reasons_keep_the_newest_words_within_the_limit():
    esc = opened(reason="old " * 600)
    esc.add_signal(0, "the newest words", T0, PACE.reminder)
    assert esc.reason is not None and len(esc.reason) == REASON_MAX
    assert esc.reason.startswith("…") and esc.reason.endswith("the newest words")


def test_a_higher_level_raises_and_alerts_at_once():
    esc = opened(int(RiskLevel.CONCERN))
    moment = T0 + timedelta(minutes=1)
    signal = esc.add_signal(int(RiskLevel.URGENT), None, moment, PACE.reminder)
    assert signal.raised and signal.alert
    assert esc.level == int(RiskLevel.URGENT) and esc.alerted_at == moment


def test_a_lower_level_never_lowers():
    esc = opened(int(RiskLevel.URGENT))
    signal = esc.add_signal(0, None, T0 + timedelta(minutes=1), PACE.reminder)
    assert not signal.raised and esc.level == int(RiskLevel.URGENT)


def test_a_signal_that_raises_nothing_alerts_at_most_once_per_reminder():
    esc = opened()
    just_before = T0 + PACE.reminder - timedelta(seconds=1)
    assert not esc.add_signal(0, None, just_before, PACE.reminder).alert
    assert esc.alerted_at == T0
    due = T0 + PACE.reminder
    assert esc.add_signal(0, None, due, PACE.reminder).alert
    assert esc.alerted_at == due
    assert not esc.add_signal(0, None, due + timedelta(minutes=1), PACE.reminder).alert


def test_a_signal_joins_a_claimed_one_too():
    esc = opened()
    esc.claim("coord", T0)
    assert esc.add_signal(2, None, T0, PACE.reminder).raised
    assert esc.status is Status.CLAIMED


def test_a_report_takes_no_further_signal():
    assert not merges("report") and merges("sos") and merges("automatic")
    report = opened(kind="report")
    with pytest.raises(IllegalTransition):
        report.add_signal(0, "more", T0, PACE.reminder)
    assert report.signals == 1


def test_announced_again_rearms_the_reminder_and_ends_the_widening_once_everyone_heard():
    esc = opened(int(RiskLevel.URGENT), on_duty_only=True)
    later = T0 + timedelta(minutes=5)
    esc.rearm(later, PACE, on_duty_only=True)
    assert esc.next_alert_at == later + PACE.urgent_reminder and esc.widen_at is not None
    esc.rearm(later, PACE, on_duty_only=False)
    assert esc.widen_at is None
    esc.alerted(later, PACE)
    assert (esc.alerted_at, esc.next_alert_at) == (later, later + PACE.urgent_reminder)


# ---- reminders and widenings -------------------------------------------------------------


def test_a_reminder_is_due_when_its_time_has_come_and_only_while_unclaimed():
    esc = opened()
    assert not due_reminder(esc, T0 + PACE.reminder - timedelta(seconds=1))
    assert due_reminder(esc, T0 + PACE.reminder)
    esc.claim("c", T0)
    assert not due_reminder(esc, T0 + timedelta(days=1))


def test_urgent_ones_are_reminded_sooner():
    urgent, routine = opened(2), opened(0)
    moment = T0 + PACE.urgent_reminder
    assert due_reminder(urgent, moment) and not due_reminder(routine, moment)


def test_a_widening_to_everyone_is_due_after_the_delay_while_unclaimed():
    esc = opened(on_duty_only=True)
    assert not due_widening(esc, T0 + PACE.to_all - timedelta(seconds=1))
    assert due_widening(esc, T0 + PACE.to_all)
    assert not due_widening(opened(on_duty_only=False), T0 + timedelta(days=1))
    esc.claim("c", T0)
    assert not due_widening(esc, T0 + timedelta(days=1))


def test_the_gentle_message_goes_at_most_once_per_cooldown():
    cooldown = timedelta(hours=6)
    assert gentle_message_due(None, T0, cooldown)
    assert not gentle_message_due(T0, T0 + cooldown - timedelta(seconds=1), cooldown)
    assert gentle_message_due(T0, T0 + cooldown, cooldown)


# ---- order -------------------------------------------------------------------------------


def test_severity_first_then_the_oldest_first():
    a = opened(0, esc_id="a", now=T0)
    b = opened(2, esc_id="b", now=T0 + timedelta(minutes=5))
    c = opened(1, esc_id="c", now=T0 + timedelta(minutes=1))
    d = opened(2, esc_id="d", now=T0 + timedelta(minutes=2))
    e = opened(1, esc_id="e", now=T0 + timedelta(minutes=1))  # same age as c: by id
    assert [x.id for x in by_severity([a, b, c, d, e])] == ["d", "b", "c", "e", "a"]


# ---- strangers -----------------------------------------------------------------------------


def test_a_stranger_never_consented_or_has_no_role_yet():
    assert is_stranger(person("x", coordinator=False))
    consented = person("y", coordinator=False, consent_at=T0)
    assert is_stranger(consented)
    assert not is_stranger(person("z", coordinator=False, consent_at=T0, is_seeker=True))
    assert not is_stranger(person("w", coordinator=False, consent_at=T0, is_peer=True))
    assert not is_stranger(person("v", coordinator=True, consent_at=T0))


# ---- who hears first -----------------------------------------------------------------------


def test_the_coordinators_on_duty_hear_first_oldest_first():
    old, new = person("old", minutes=0), person("new", minutes=5)
    heard = oncall.on_duty_audience([new, old], subject_id="subject")
    assert heard is not None and heard.on_duty_only
    assert [p.id for p in heard.people] == ["old", "new"]


def test_nobody_eligible_on_duty_means_every_coordinator_hears():
    suspended = person("s", status=SUSPENDED)
    subject = person("subject")
    assert oncall.on_duty_audience([suspended, subject], subject_id="subject") is None
    everyone = oncall.everyone(
        [suspended, subject, person("a"), person("p", coordinator=False)], subject_id="subject"
    )
    assert not everyone.on_duty_only
    assert [p.id for p in everyone.people] == ["a"]


def test_who_may_act_on_an_escalation():
    assert oncall.may_act(person("a"))
    assert oncall.may_act(person("a"), "someone else")
    assert not oncall.may_act(person("a"), "a")
    assert not oncall.may_act(person("a", status=SUSPENDED))
    assert not oncall.may_act(person("a", coordinator=False))
