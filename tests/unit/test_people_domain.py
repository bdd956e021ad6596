"""People's states as state machines: every legal change is allowed, every other one refused,
and the stored strings still compare as before. No database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.domain import people
from bot.domain.people import (
    ACTIVE,
    SUSPENDED,
    IllegalTransition,
    PeerState,
    Person,
    PersonStatus,
    SeekerState,
)

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)


def someone(**fields: object) -> Person:
    return Person(id="p1", code="ABC234", telegram_id=1, created_at=NOW, **fields)  # type: ignore[arg-type]


Seeker = Callable[[Person], None]

# Each seeker transition and the states it is allowed from (the rest must be refused).
SEEKER_MOVES: dict[str, tuple[Seeker, SeekerState, set[SeekerState]]] = {
    "begin_seeker_onboarding": (
        Person.begin_seeker_onboarding,
        SeekerState.ONBOARDING,
        {SeekerState.NONE},
    ),
    "cancel_seeker_onboarding": (
        Person.cancel_seeker_onboarding,
        SeekerState.NONE,
        {SeekerState.ONBOARDING},
    ),
    "start_waiting": (
        lambda p: p.start_waiting(LATER),
        SeekerState.WAITING,
        set(SeekerState),
    ),
    "keep_waiting": (
        Person.keep_waiting,
        SeekerState.WAITING,
        {SeekerState.NONE, SeekerState.WAITING, SeekerState.OFFERED},
    ),
    "offered": (Person.offered, SeekerState.OFFERED, {SeekerState.WAITING, SeekerState.OFFERED}),
    "matched": (Person.matched, SeekerState.PAIRED, set(SeekerState)),
    "stop_searching": (
        Person.stop_searching,
        SeekerState.NONE,
        {SeekerState.WAITING, SeekerState.OFFERED},
    ),
    "pairing_paused": (Person.pairing_paused, SeekerState.PAUSED, {SeekerState.PAIRED}),
    "pairing_resumed": (Person.pairing_resumed, SeekerState.PAIRED, {SeekerState.PAUSED}),
    "pairing_ended": (
        Person.pairing_ended,
        SeekerState.NONE,
        {SeekerState.PAIRED, SeekerState.PAUSED},
    ),
}

PEER_MOVES: dict[str, tuple[Seeker, PeerState, set[PeerState]]] = {
    "begin_peer_onboarding": (
        Person.begin_peer_onboarding,
        PeerState.ONBOARDING,
        {PeerState.NONE, PeerState.REJECTED},
    ),
    "cancel_peer_onboarding": (
        Person.cancel_peer_onboarding,
        PeerState.NONE,
        {PeerState.ONBOARDING},
    ),
    "apply_as_peer": (Person.apply_as_peer, PeerState.APPLICANT, {PeerState.ONBOARDING}),
    "approve_peer": (
        Person.approve_peer,
        PeerState.APPROVED,
        {PeerState.APPLICANT, PeerState.ONBOARDING},
    ),
    "reject_peer": (Person.reject_peer, PeerState.REJECTED, {PeerState.APPLICANT}),
}

STATUS_MOVES: dict[str, tuple[Seeker, PersonStatus, set[PersonStatus]]] = {
    "suspend": (Person.suspend, PersonStatus.SUSPENDED, {PersonStatus.ACTIVE}),
    "reinstate": (Person.reinstate, PersonStatus.ACTIVE, {PersonStatus.SUSPENDED}),
    "erase": (Person.erase, PersonStatus.ERASED, {PersonStatus.ACTIVE, PersonStatus.SUSPENDED}),
}


@pytest.mark.parametrize("state", list(SeekerState))
@pytest.mark.parametrize("name", list(SEEKER_MOVES))
def test_seeker_transitions_allow_exactly_their_states(name: str, state: SeekerState) -> None:
    move, target, allowed = SEEKER_MOVES[name]
    person = someone(seeker_state=state, waiting_since=NOW)
    if state in allowed:
        move(person)
        assert person.seeker_state is target
    else:
        with pytest.raises(IllegalTransition) as refused:
            move(person)
        assert (refused.value.current, refused.value.wanted) == (state, target)
        assert person.seeker_state is state
        assert person.waiting_since == NOW


@pytest.mark.parametrize("state", list(PeerState))
@pytest.mark.parametrize("name", list(PEER_MOVES))
def test_peer_transitions_allow_exactly_their_states(name: str, state: PeerState) -> None:
    move, target, allowed = PEER_MOVES[name]
    person = someone(peer_state=state)
    if state in allowed:
        move(person)
        assert person.peer_state is target
    else:
        with pytest.raises(IllegalTransition):
            move(person)
        assert person.peer_state is state
        assert not person.is_peer


@pytest.mark.parametrize("status", list(PersonStatus))
@pytest.mark.parametrize("name", list(STATUS_MOVES))
def test_status_transitions_allow_exactly_their_states(name: str, status: PersonStatus) -> None:
    move, target, allowed = STATUS_MOVES[name]
    person = someone(status=status)
    if status in allowed:
        move(person)
        assert person.status is target
    else:
        with pytest.raises(IllegalTransition):
            move(person)
        assert person.status is status


def test_a_new_search_starts_now_and_a_pair_ends_it() -> None:
    seeker = someone(seeker_state="onboarding")
    seeker.start_waiting(NOW)
    assert (seeker.seeker_state, seeker.waiting_since) == (SeekerState.WAITING, NOW)
    seeker.offered()
    # The offer settled without a pair: the same search goes on, at the same place.
    seeker.keep_waiting()
    assert seeker.waiting_since == NOW
    seeker.offered()
    seeker.matched()
    assert seeker.seeker_state is SeekerState.PAIRED
    assert seeker.waiting_since is None
    seeker.pairing_paused()
    seeker.pairing_resumed()
    seeker.pairing_ended()
    assert seeker.seeker_state is SeekerState.NONE


def test_approval_makes_a_peer() -> None:
    peer = someone()
    peer.begin_peer_onboarding()
    peer.apply_as_peer()
    peer.approve_peer()
    assert peer.is_peer and peer.approved_peer


def test_a_rejected_applicant_may_apply_again() -> None:
    peer = someone(peer_state="applicant")
    peer.reject_peer()
    peer.begin_peer_onboarding()
    assert peer.peer_state is PeerState.ONBOARDING


def test_suspension_holds_back_and_reinstatement_lifts_it() -> None:
    person = someone()
    person.suspend()
    assert person.suspended and not person.may_reach_others and not person.may_be_matched
    person.reinstate()
    assert not person.suspended and person.may_be_matched


def test_states_are_the_stored_strings() -> None:
    person = someone(seeker_state="waiting", peer_state="approved", status="suspended")
    assert person.seeker_state is SeekerState.WAITING
    assert person.peer_state is PeerState.APPROVED
    assert person.status is PersonStatus.SUSPENDED
    # Comparisons with the strings written before the enums still hold.
    stored: tuple[str, str, str] = (person.seeker_state, person.peer_state, person.status)
    assert stored == ("waiting", "approved", "suspended")
    assert f"status.seeker.{person.seeker_state}" == "status.seeker.waiting"
    assert people.SUSPENDED is PersonStatus.SUSPENDED and ACTIVE is PersonStatus.ACTIVE
    assert SUSPENDED == "suspended"


def test_an_unknown_state_is_refused_even_when_written_directly() -> None:
    person = someone()
    with pytest.raises(ValueError):
        person.seeker_state = "lost"
    with pytest.raises(ValueError):
        someone(peer_state="maybe")
    # A plain string the enum knows is taken, as rows and older call sites give it.
    person.seeker_state = "paused"
    assert person.seeker_state is SeekerState.PAUSED


def test_searching_is_waiting_or_offered() -> None:
    assert {s for s in SeekerState if someone(seeker_state=s).searching} == {
        SeekerState.WAITING,
        SeekerState.OFFERED,
    }


def test_people_with_the_same_fields_are_equal() -> None:
    assert someone(seeker_state="waiting") == someone(seeker_state=SeekerState.WAITING)
    assert someone(seeker_state="waiting") != someone()
