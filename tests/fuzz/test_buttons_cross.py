"""Exhaustive companions of the fuzz tests: every real button the bot sent to someone else,
pressed by the sender, does nothing; and the fuzzed command list is the bot's own."""

from __future__ import annotations

from functools import partial

import pytest
from sqlalchemy import update

from bot.bootstrap import build_application
from bot.config import Settings
from bot.services.escalations import alerts
from bot.services.matching import offers
from bot.services.relay.ending import BLOCK_ACTION, END_ACTION, NEWPEER_ACTION
from bot.storage.crypto import KeyRing
from bot.storage.orm import PairRow
from tests.fuzz.ownership import Owner, foreign_changes, snapshot
from tests.fuzz.world import build_world, coordinators_for
from tests.support.in_process import (
    NOT_FUZZED_YET,
    fuzzed_commands,
    in_process_bot,
    technical_words,
)


def test_the_fuzzed_commands_are_every_registered_command() -> None:
    commands = set(fuzzed_commands(build_application(Settings(), "123456:TESTTOKEN")))
    everyone = {"start", "help", "sos", "end", "with", "capacity", "schedule", "escalate"}
    coordinators = {"approve", "invite", "claim", "resolve", "match", "msg", "suspend", "stats"}
    assert everyone | coordinators <= commands
    assert not commands & NOT_FUZZED_YET


@pytest.mark.parametrize("role", ["seeker_paired", "peer_paired", "coordinator"])
async def test_another_persons_buttons_do_nothing_but_say_they_expired(
    role: str, db_url: str, key_ring: KeyRing
) -> None:
    async with in_process_bot(db_url, key_ring, coordinators_for(role)) as bot:
        world = await build_world(bot, role)
        sender_id = await world.sender_id()
        assert sender_id is not None
        foreign = sorted({b for pid, bs in bot.buttons.items() if pid != sender_id for b in bs})
        actions = {data.split("|")[0] for data in foreign}
        # The seeded world sent the buttons worth stealing: an offer, a Claim, confirmations
        # naming a conversation.
        wanted = {offers.ACCEPT, offers.DECLINE, alerts.CLAIM_ACTION}
        assert wanted | {END_ACTION, BLOCK_ACTION, NEWPEER_ACTION} <= actions
        expired = bot.services.t("en", "errors.button_expired")
        for data in foreign:
            before = await snapshot(bot.storage)
            [outcome] = await bot.feed(partial(world.sender.press_data, 1, data))
            after = await snapshot(bot.storage)
            assert outcome.processed and outcome.failure is None, outcome.errors
            assert [sent.params.get("text") for sent in outcome.sent] == [expired], data
            assert foreign_changes(Owner(sender_id), before, after) == [], data
        # Control: the same check does see a bystander's conversation end.
        before = await snapshot(bot.storage)
        async with bot.storage.uow() as uow:
            await uow.session.execute(
                update(PairRow).where(PairRow.seeker_id != sender_id).values(status="ended")
            )
            await uow.commit()
        changed = foreign_changes(Owner(sender_id), before, await snapshot(bot.storage))
        assert changed and all(line.startswith("pairs ") for line in changed)


def test_technical_words_are_seen_unless_typed_by_the_sender() -> None:
    shown = 'Sorry: KeyError in File "x.py", line 3'
    assert technical_words(shown, "") == ['File "x.py", line', "KeyError"]
    assert technical_words(shown, 'KeyError File "x.py", line') == []
    assert technical_words("Traceback (most recent call last)", "") == ["Traceback"]
    assert technical_words("Désolé, une erreur est survenue.", "") == []
