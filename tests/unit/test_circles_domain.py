"""Circles' rules: schedules in a zone (DST included), the one-line /newcircle, who may join,
the session's state machine, and who hears and is heard. Pure, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.domain.circles import (
    Access,
    Attendance,
    Cadence,
    Circle,
    IllegalSessionChange,
    JoinRefusal,
    Schedule,
    Session,
    SessionStatus,
    Speech,
    audience,
    find_code,
    listed_for,
    may_join,
    parse_new_circle,
    parse_schedule,
    session_code,
    speech,
)
from bot.domain.people import Person
from bot.domain.profiles import SeekerProfile

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
TUESDAYS_IN_PARIS = Schedule(Cadence.WEEKLY, date(2026, 3, 3), time(19, 0), 90, "Europe/Paris")


def person(**kw: object) -> Person:
    return Person(id="p", code="PCODE1", telegram_id=1, created_at=MONDAY, **kw)  # type: ignore[arg-type]


def circle(**kw: object) -> Circle:
    fields: dict[str, object] = {
        "id": "c1",
        "code": "CAAAA",
        "title": "Tuesday circle",
        "topics": ["grief"],
        "language": "en",
        "facilitator_id": "fac",
        "schedule": TUESDAYS_IN_PARIS,
        "capacity": 10,
        "access": Access.OPEN,
        "created_at": MONDAY,
    }
    fields.update(kw)
    return Circle(**fields)  # type: ignore[arg-type]


# ---- schedules --------------------------------------------------------------------------------


def test_weekly_sessions_follow_the_wall_clock_of_the_circle_zone_across_dst():
    first = TUESDAYS_IN_PARIS.next_start(MONDAY)
    assert first == datetime(2026, 3, 3, 18, 0, tzinfo=UTC)  # 19:00 in Paris, winter time
    # Paris moves to summer time on 29 March: 19:00 there is then 17:00 UTC.
    after_dst = TUESDAYS_IN_PARIS.next_start(datetime(2026, 3, 30, tzinfo=UTC))
    assert after_dst == datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
    # Strictly after: asked at the very start, the next one is a week later.
    assert TUESDAYS_IN_PARIS.next_start(first) == datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
    assert TUESDAYS_IN_PARIS.end_of(first) == datetime(2026, 3, 3, 19, 30, tzinfo=UTC)


def test_every_other_week_counts_from_the_first_day_and_a_one_off_happens_once():
    fortnight = Schedule(Cadence.BIWEEKLY, date(2026, 3, 3), time(19, 0), 60, "Europe/Paris")
    after_first = datetime(2026, 3, 4, tzinfo=UTC)
    assert fortnight.next_start(after_first) == datetime(2026, 3, 17, 18, 0, tzinfo=UTC)
    once = Schedule(Cadence.ONCE, date(2026, 3, 5), time(18, 30), 60, "America/Montreal")
    assert once.next_start(MONDAY) == datetime(2026, 3, 5, 23, 30, tzinfo=UTC)
    assert once.next_start(datetime(2026, 3, 6, tzinfo=UTC)) is None


@pytest.mark.parametrize(
    ("words", "error"),
    [
        ("weekly tue 19:00 90", "schedule_shape"),
        ("daily tue 19:00 90 Europe/Paris", "cadence"),
        ("weekly tue 7pm 90 Europe/Paris", "start"),
        ("weekly tue 19:00 5 Europe/Paris", "duration"),
        ("weekly tue 19:00 90 Mars/Olympus", "timezone"),
        ("weekly someday 19:00 90 Europe/Paris", "weekday"),
        ("once 2026-02-30 19:00 90 Europe/Paris", "date"),
        ("once 2026-03-01 19:00 90 Europe/Paris", "date_past"),
    ],
)
def test_a_wrong_schedule_names_what_is_wrong(words: str, error: str):
    assert parse_schedule(words.split(), MONDAY.date()) == error


def test_french_day_names_are_understood():
    parsed = parse_schedule("weekly jeu 18:00 60 Europe/Paris".split(), MONDAY.date())
    assert isinstance(parsed, Schedule) and parsed.first_day == date(2026, 3, 5)


# ---- the one-line /newcircle ---------------------------------------------------------------

SCHEDULE = "weekly tue 19:00 90 Europe/Paris"


def test_newcircle_takes_defaults_and_optional_parts():
    made = parse_new_circle(
        f"Tuesday circle | grief, burnout | en | k7m3qp | {SCHEDULE}",
        MONDAY.date(),
        ["en", "fr"],
        10,
    )
    assert not isinstance(made, str)
    assert made.topics == ["grief", "burnout"] and made.facilitator_codes == ["K7M3QP"]
    assert made.capacity == 10 and made.access is Access.OPEN
    made = parse_new_circle(
        f"T | g | fr | A,B | {SCHEDULE} | 6 | invitation", MONDAY.date(), ["en", "fr"], 10
    )
    assert not isinstance(made, str)
    assert (
        made.capacity == 6
        and made.access is Access.INVITATION
        and made.facilitator_codes == ["A", "B"]
    )


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("only a title", "shape"),
        (f" | g | en | A | {SCHEDULE}", "title"),
        (f"T |  | en | A | {SCHEDULE}", "topics"),
        (f"T | g | de | A | {SCHEDULE}", "language"),
        (f"T | g | en | A,B,C | {SCHEDULE}", "facilitators"),
        (f"T | g | en | A | {SCHEDULE} | 500", "capacity"),
        (f"T | g | en | A | {SCHEDULE} | secret", "extra"),
        ("T | g | en | A | weekly tue 19:00 90 Nowhere/City", "timezone"),
    ],
)
def test_newcircle_errors_name_the_part(text: str, error: str):
    assert parse_new_circle(text, MONDAY.date(), ["en", "fr"], 10) == error


# ---- who may join -------------------------------------------------------------------------------


def join(
    who: Person, where: Circle, *, members: int = 3, member: bool = False, invited: bool = False
) -> JoinRefusal | None:
    return may_join(who, where, members=members, member=member, invited=invited)


def test_seekers_and_peers_may_join_a_circle_in_a_language_they_speak():
    assert join(person(is_seeker=True, language="en"), circle()) is None
    assert join(person(is_peer=True, language="en"), circle()) is None
    french = person(is_seeker=True, language="fr")
    assert join(french, circle()) is JoinRefusal.LANGUAGE
    assert not listed_for(french, circle(), invited=False)
    bilingual = person(
        is_seeker=True, language="fr", seeker_profile=SeekerProfile(languages=["fr", "en"])
    )
    assert join(bilingual, circle()) is None and listed_for(bilingual, circle(), invited=False)


def test_suspended_unreachable_full_closed_or_uninvited_people_may_not_join():
    seeker = {"is_seeker": True, "language": "en"}
    assert join(person(**seeker, status="suspended"), circle()) is JoinRefusal.SUSPENDED
    assert join(person(**seeker, unreachable_at=MONDAY), circle()) is JoinRefusal.UNREACHABLE
    assert join(person(is_coordinator=True, language="en"), circle()) is JoinRefusal.ROLE
    assert join(person(**seeker), circle(), members=10) is JoinRefusal.FULL
    assert join(person(**seeker), circle(), member=True) is JoinRefusal.ALREADY
    assert join(person(**seeker), circle(archived=True)) is JoinRefusal.ARCHIVED
    private = circle(access=Access.INVITATION)
    assert join(person(**seeker), private) is JoinRefusal.INVITATION
    assert not listed_for(person(**seeker), private, invited=False)
    assert join(person(**seeker), private, invited=True) is None


# ---- sessions ---------------------------------------------------------------------------------


def test_a_session_opens_pauses_resumes_and_closes_and_nothing_else():
    s = Session("s1", "c1", MONDAY, MONDAY)
    with pytest.raises(IllegalSessionChange):
        s.pause()
    s.open(MONDAY)
    assert s.live
    s.pause()
    assert s.status is SessionStatus.PAUSED and s.live
    s.resume()
    s.close(MONDAY, early=True)
    assert s.closed_at == MONDAY and s.closed_early and not s.live
    with pytest.raises(IllegalSessionChange):
        s.open(MONDAY)


def test_only_present_members_hear_and_muted_or_removed_ones_are_not_heard():
    s = Session("s1", "c1", MONDAY, MONDAY, SessionStatus.OPEN)
    me = Attendance("s1", "me", "AAA", present=True)
    others = [
        me,
        Attendance("s1", "here", "BBB", present=True),
        Attendance("s1", "muted", "CCC", present=True, muted=True),
        Attendance("s1", "away", "DDD"),
        Attendance("s1", "removed", "EEE", present=True, removed=True),
    ]
    assert [a.person_id for a in audience("me", others)] == ["here", "muted"]
    assert speech(s, me) is Speech.PASSED
    assert speech(s, others[2]) is Speech.MUTED
    assert speech(s, others[3]) is Speech.NOT_PRESENT
    assert speech(s, others[4]) is Speech.REMOVED
    s.pause()
    assert speech(s, me) is Speech.PAUSED


def test_session_codes_are_short_unique_in_the_session_and_typed_in_any_case():
    taken: set[str] = set()
    for _ in range(200):
        code = session_code(taken)
        assert len(code) == 3 and code not in taken
        taken.add(code)
    people = [Attendance("s1", "x", "K7P")]
    assert find_code(people, " k7p ") is people[0]
    assert find_code(people, "ZZZ") is None
