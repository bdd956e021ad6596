"""The pair's state machine and who may resume a pair: pure, no database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.pairs import (
    ACTIVE,
    ENDED,
    PAUSED,
    PAUSED_BY_COORDINATION,
    PAUSED_UNREACHABLE,
    EndReason,
    Pair,
    PairError,
    PairStatus,
    ResumeRefusal,
)
from bot.domain.people import SUSPENDED, Person

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def person(pid: str, **kw: object) -> Person:
    return Person(id=pid, code=pid.upper(), telegram_id=hash(pid) % 10**9, created_at=NOW, **kw)  # type: ignore[arg-type]


SEEKER, PEER = person("seeker"), person("peer")


def pair(status: PairStatus = ACTIVE, paused_by: str | None = None) -> Pair:
    return Pair("p1", "CODE1", SEEKER.id, PEER.id, status, NOW, paused_by=paused_by)


def test_stored_strings_become_the_enum_and_still_compare():
    loaded = Pair("p1", "CODE1", "s", "p", "paused", NOW)  # type: ignore[arg-type]
    assert loaded.status is PairStatus.PAUSED
    stored: str = loaded.status
    assert stored == "paused" and PAUSED == "paused" and ACTIVE == "active"
    assert loaded.open


def test_pause_then_resume_by_the_one_who_paused():
    p = pair()
    p.pause(SEEKER.id)
    assert (p.status, p.paused_by) == (PAUSED, SEEKER.id)
    assert p.resume_refusal(SEEKER, PEER) is None
    p.resume(SEEKER, PEER)
    assert (p.status, p.paused_by) == (ACTIVE, None)


def test_a_paused_pair_cannot_be_paused_again():
    p = pair(PAUSED, PEER.id)
    with pytest.raises(PairError):
        p.pause(SEEKER.id)
    assert p.paused_by == PEER.id


def test_an_ended_pair_cannot_be_paused_resumed_or_ended_again():
    p = pair()
    p.end(EndReason.SEEKER, NOW)
    assert (p.status, p.end_reason, p.ended_at) == (ENDED, "seeker", NOW)
    assert not p.open
    with pytest.raises(PairError):
        p.pause(SEEKER.id)
    with pytest.raises(PairError):
        p.resume(SEEKER, PEER)
    with pytest.raises(PairError):
        p.end(EndReason.PEER, NOW)
    assert p.end_reason == "seeker"


def test_ending_a_paused_pair_forgets_who_paused_it():
    p = pair(PAUSED, SEEKER.id)
    p.end(EndReason.COORDINATOR, NOW)
    assert (p.status, p.paused_by) == (ENDED, None)


def test_an_active_pair_is_not_resumed():
    assert pair().resume_refusal(SEEKER, PEER) is ResumeRefusal.NOT_PAUSED


def test_only_the_one_who_paused_may_resume():
    p = pair(PAUSED, PEER.id)
    assert p.resume_refusal(SEEKER, PEER) is ResumeRefusal.THEIRS
    assert p.resume_refusal(PEER, SEEKER) is None
    with pytest.raises(PairError):
        p.resume(SEEKER, PEER)
    assert (p.status, p.paused_by) == (PAUSED, PEER.id)


def test_no_participant_resumes_a_pause_made_by_coordination():
    p = pair(PAUSED, PAUSED_BY_COORDINATION)
    assert p.resume_refusal(SEEKER, PEER) is ResumeRefusal.COORDINATOR
    assert p.resume_refusal(PEER, SEEKER) is ResumeRefusal.COORDINATOR


def test_a_pause_by_someone_else_counts_as_coordination():
    assert pair(PAUSED, "a-coordinator").resume_refusal(SEEKER, PEER) is ResumeRefusal.COORDINATOR


def test_either_side_resumes_the_bots_pause_once_the_other_is_reachable():
    p = pair(PAUSED, PAUSED_UNREACHABLE)
    gone = person("peer", unreachable_at=NOW)
    assert p.resume_refusal(SEEKER, gone) is ResumeRefusal.UNREACHABLE
    assert p.resume_refusal(SEEKER, PEER) is None
    assert p.resume_refusal(PEER, SEEKER) is None


def test_a_suspended_other_side_hands_the_pause_to_coordination():
    p = pair(PAUSED, SEEKER.id)
    on_hold = person("peer", status=SUSPENDED)
    assert p.resume_refusal(SEEKER, on_hold) is ResumeRefusal.OTHER_ON_HOLD
    p.hand_to_coordination()
    assert p.paused_by == PAUSED_BY_COORDINATION
    assert p.resume_refusal(SEEKER, PEER) is ResumeRefusal.COORDINATOR
    p.lift_coordination_pause()
    assert p.status == ACTIVE
    assert p.paused_by is None


def test_unreachable_is_said_before_suspended():
    p = pair(PAUSED, SEEKER.id)
    both = person("peer", unreachable_at=NOW, status=SUSPENDED)
    assert p.resume_refusal(SEEKER, both) is ResumeRefusal.UNREACHABLE


def test_only_a_coordination_pause_is_lifted_by_coordination():
    with pytest.raises(PairError):
        pair(PAUSED, SEEKER.id).lift_coordination_pause()
    with pytest.raises(PairError):
        pair().lift_coordination_pause()
    with pytest.raises(PairError):
        pair().hand_to_coordination()


def test_other_and_has():
    p = pair()
    assert p.other(SEEKER.id) == PEER.id and p.other(PEER.id) == SEEKER.id
    assert p.has(SEEKER.id) and not p.has("stranger")
    with pytest.raises(ValueError):
        p.other("stranger")
