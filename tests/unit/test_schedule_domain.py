from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.schedule import TalkSession, TalkStatus, in_quiet_hours, local_slot, next_allowed

PARIS = ZoneInfo("Europe/Paris")
MONTREAL = ZoneInfo("America/Montreal")
Q_START, Q_END = time(21, 0), time(9, 0)


def test_a_moment_outside_quiet_hours_is_kept():
    noon_paris = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)  # 12:00 in Paris
    assert next_allowed(noon_paris, PARIS, Q_START, Q_END) == noon_paris


def test_a_night_moment_moves_to_the_end_of_quiet_hours_in_the_persons_zone():
    # 23:30 in Paris → 09:00 Paris the next morning.
    late = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)
    assert next_allowed(late, PARIS, Q_START, Q_END) == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    # The same instant is 17:30 in Montreal: allowed there.
    assert next_allowed(late, MONTREAL, Q_START, Q_END) == late


def test_early_morning_moves_to_the_same_days_end_of_quiet_hours():
    early = datetime(2026, 3, 3, 5, 0, tzinfo=UTC)  # 06:00 Paris
    assert next_allowed(early, PARIS, Q_START, Q_END) == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)


def test_daylight_saving_change_keeps_local_nine_oclock():
    # Paris switches to summer time on 2026-03-29.
    night = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert next_allowed(night, PARIS, Q_START, Q_END) == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)


def test_local_slot_is_wall_clock_time_in_that_zone():
    day = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert local_slot(day, 18, 0, MONTREAL) == datetime(2026, 7, 1, 22, 0, tzinfo=UTC)


@settings(derandomize=True, max_examples=300)
@given(
    st.datetimes(
        min_value=datetime(2025, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
    st.sampled_from([PARIS, MONTREAL, ZoneInfo("Asia/Tokyo"), ZoneInfo("Australia/Sydney")]),
    st.times(),
    st.times(),
)
def test_next_allowed_is_never_in_quiet_hours_and_never_earlier(moment, zone, start, end):
    start, end = start.replace(microsecond=0, second=0), end.replace(microsecond=0, second=0)
    result = next_allowed(moment, zone, start, end)
    assert result >= moment
    local = result.astimezone(zone).time().replace(tzinfo=None)
    # A wall-clock time skipped by DST can land a minute-precise boundary an hour late; the
    # result is still outside quiet hours, which is what matters to the person.
    assert not in_quiet_hours(local, start, end)
    assert (result - moment).total_seconds() <= 26 * 3600


# ---- a time to talk -----------------------------------------------------------------------------


def _talk(status: TalkStatus) -> TalkSession:
    starts = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    return TalkSession("t1", "p1", "proposer", starts, status)


def test_only_the_other_side_answers_a_proposal_and_only_while_it_is_one():
    assert _talk(TalkStatus.PROPOSED).may_answer("other")
    assert not _talk(TalkStatus.PROPOSED).may_answer("proposer")
    for status in TalkStatus:
        if status != TalkStatus.PROPOSED:
            assert not _talk(status).may_answer("other")


def test_only_an_agreed_time_can_be_cancelled():
    assert [s for s in TalkStatus if _talk(s).may_cancel] == [TalkStatus.ACCEPTED]


def test_the_reminder_comes_before_the_agreed_time():
    talk = _talk(TalkStatus.ACCEPTED)
    assert talk.reminder_at(timedelta(minutes=30)) == datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
