"""The Offer: pending until one answer, which is final. No database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import matching
from bot.domain.offers import (
    ACCEPTED,
    ANSWERED,
    CANCELLED,
    DECLINED,
    EXPIRED,
    PENDING,
    Offer,
    OfferStatus,
)
from bot.domain.people import IllegalTransition

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)

ANSWERS: dict[OfferStatus, Callable[[Offer, datetime], None]] = {
    ACCEPTED: Offer.accept,
    DECLINED: Offer.decline,
    EXPIRED: Offer.expire,
    CANCELLED: Offer.cancel,
}


def fresh(**parts: float) -> Offer:
    return Offer.new("o1", "seeker", "peer", NOW, timedelta(minutes=30), parts)


def test_a_new_offer_is_pending_until_its_time() -> None:
    offer = fresh(shared_experience=3.0)
    assert offer.status is PENDING and offer.pending and offer.decided_at is None
    assert offer.expires_at == NOW + timedelta(minutes=30)
    assert offer.parts == {"shared_experience": 3.0}
    assert not offer.due(NOW + timedelta(minutes=29))
    assert offer.due(NOW + timedelta(minutes=30))


def test_the_parts_are_the_offers_own() -> None:
    parts = {"load_balance": 1.0}
    offer = Offer.new("o1", "s", "p", NOW, timedelta(minutes=1), parts)
    parts["load_balance"] = 0.0
    assert offer.parts == {"load_balance": 1.0}


@pytest.mark.parametrize("status", list(ANSWERS))
def test_each_answer_settles_a_pending_offer(status: OfferStatus) -> None:
    offer = fresh()
    ANSWERS[status](offer, LATER)
    assert (offer.status, offer.decided_at) == (status, LATER)
    assert not offer.pending and not offer.due(LATER + timedelta(days=1))
    assert not offer.open_to("peer")


@pytest.mark.parametrize("first", list(ANSWERS))
@pytest.mark.parametrize("then", list(ANSWERS))
def test_a_settled_offer_takes_no_second_answer(first: OfferStatus, then: OfferStatus) -> None:
    offer = fresh()
    ANSWERS[first](offer, LATER)
    with pytest.raises(IllegalTransition):
        ANSWERS[then](offer, LATER + timedelta(minutes=1))
    assert (offer.status, offer.decided_at) == (first, LATER)


def test_only_the_peer_asked_may_answer() -> None:
    offer = fresh()
    assert offer.open_to("peer")
    assert not offer.open_to("seeker")
    assert not offer.open_to("someone else")


def test_answers_by_the_peer_are_accept_and_decline() -> None:
    assert frozenset({ACCEPTED, DECLINED}) == ANSWERED


def test_a_status_read_from_a_row_is_the_member() -> None:
    offer = Offer("o1", "s", "p", NOW, LATER, "declined")
    assert offer.status is DECLINED and offer.status == "declined"
    with pytest.raises(ValueError):
        Offer("o1", "s", "p", NOW, LATER, "lost")


def test_matching_still_names_offers_and_their_states() -> None:
    assert matching.Offer is Offer
    assert (matching.PENDING, matching.ACCEPTED, matching.DECLINED) == (PENDING, ACCEPTED, DECLINED)
    assert (matching.EXPIRED, matching.CANCELLED) == (EXPIRED, CANCELLED)
