"""What the fuzzing found, pinned down: each case crashed the update before its fix, so the
sender waited through three failed attempts for an apology instead of a plain answer."""

from __future__ import annotations

from functools import partial

import pytest

from bot.services.escalations import alerts
from bot.services.followup import checkins
from bot.services.relay import conversation, ending, feedback
from bot.services.relay import routing as relay
from bot.services.shared.buttons import ButtonCodec
from bot.storage.crypto import KeyRing
from tests.support.factories import add_pair, add_person
from tests.support.in_process import InProcessBot, in_process_bot

SEEKER, PEER = 8_200_000_001, 8_200_000_002


def test_callback_data_in_any_characters_is_refused_not_raised() -> None:
    codec = ButtonCodec(b"k" * 32)
    # compare_digest raised TypeError on a non-ASCII tag; encoding raised on a lone surrogate.
    for data in ("0|\x80", "relay.end|é", "a|\ud800", "\ud800|tag", "offer.accept|x|ñññññññññññ"):
        assert codec.decode("person", data) is None
    assert codec.decode("person", codec.encode("person", "a", "b")) == ("a", ["b"])
    assert codec.decode("person", codec.encode("person", "a", "\x00")) is None


async def _pair(bot: InProcessBot) -> tuple[str, str]:
    async with bot.storage.uow() as uow:
        seeker = await add_person(uow, SEEKER, "Saule", seeker=True)
        peer = await add_person(uow, PEER, "Tilleul", peer=True)
        pair = await add_pair(uow, seeker, peer)
        await uow.commit()
    return seeker.id, pair.id


async def test_non_ascii_callback_data_is_an_expired_button(db_url: str, key_ring: KeyRing) -> None:
    async with in_process_bot(db_url, key_ring, ()) as bot:
        await _pair(bot)
        seeker = bot.user(SEEKER)
        expired = bot.services.t("en", "errors.button_expired")
        for data in ("0|\x80", "relay.end|é"):
            [outcome] = await bot.feed(partial(seeker.press_data, 1, data))
            assert outcome.processed and outcome.failure is None, outcome.errors
            assert [s.params.get("text") for s in outcome.sent] == [expired]


@pytest.mark.parametrize(
    ("action", "args"),
    [
        (ending.BLOCK_ACTION, ()),
        (ending.END_ACTION, ()),
        (ending.NEWPEER_ACTION, ()),
        (conversation.PICK_ACTION, ("e",)),
        (feedback.RATE_ACTION, ("{pair}",)),
        (feedback.SKIP_ACTION, ()),
        (conversation.FOCUS_ACTION, ()),
        (relay.CHOOSE_ACTION, ()),
        (relay.SEND_ACTION, ()),
        (relay.DROP_ACTION, ("a", "b")),
        (ending.END_ACTION, ("{pair}", "extra")),
        # An id with NUL in it crashed the lookup on Postgres.
        (checkins.ANSWER_ACTION, ("\x00", "fine")),
        (alerts.CLAIM_ACTION, ("\x00",)),
    ],
)
async def test_a_signed_button_with_other_arguments_is_an_expired_button(
    action: str, args: tuple[str, ...], db_url: str, key_ring: KeyRing
) -> None:
    """What a button from another version of the bot could look like: signed, and with
    arguments this version never makes."""
    async with in_process_bot(db_url, key_ring, ()) as bot:
        seeker_id, pair_id = await _pair(bot)
        data = bot.services.buttons.encode(
            seeker_id, action, *(a.format(pair=pair_id) for a in args)
        )
        [outcome] = await bot.feed(lambda: bot.user(SEEKER).press_data(1, data))
        assert outcome.processed and outcome.failure is None, outcome.errors
        expired = bot.services.t("en", "errors.button_expired")
        assert [s.params.get("text") for s in outcome.sent] == [expired]
        async with bot.storage.uow() as uow:
            pair = await uow.pairs.get(pair_id)
        assert pair is not None and pair.status == "active"


async def test_a_rating_in_superscript_digits_is_no_rating(db_url: str, key_ring: KeyRing) -> None:
    async with in_process_bot(db_url, key_ring, ()) as bot:
        seeker_id, pair_id = await _pair(bot)
        data = bot.services.buttons.encode(seeker_id, feedback.RATE_ACTION, pair_id, "²")
        [outcome] = await bot.feed(lambda: bot.user(SEEKER).press_data(1, data))
        assert outcome.processed and outcome.failure is None, outcome.errors
