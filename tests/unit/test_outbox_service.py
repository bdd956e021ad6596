"""outbox.say and send_file over a fake unit of work: what is queued, with which priority, and
how a reply, a keyboard and a reference travel."""

from __future__ import annotations

import base64
from typing import cast

from bot.clock import FakeClock
from bot.services.shared import messages as outbox
from bot.storage.repositories import PRIORITY_ROUTINE, PRIORITY_URGENT
from bot.storage.uow import UnitOfWork
from tests.support.coord import person
from tests.support.fakes import FakeUnitOfWork

CLOCK = FakeClock()


def setup() -> tuple[FakeUnitOfWork, UnitOfWork]:
    fake = FakeUnitOfWork(CLOCK)
    return fake, cast(UnitOfWork, fake)


async def test_a_routine_message_is_plain_text_without_a_link_preview() -> None:
    fake, uow = setup()
    who = person(CLOCK, 1)
    await outbox.say(uow, who, "Hello")
    [sent] = fake.outbox.messages
    assert (sent.person_id, sent.method) == (who.id, "sendMessage")
    assert sent.params == {"text": "Hello", "link_preview_options": {"is_disabled": True}}
    assert sent.priority == PRIORITY_ROUTINE
    assert (sent.ref_kind, sent.ref_id) == (None, None)


async def test_an_urgent_message_overtakes_routine_ones() -> None:
    fake, uow = setup()
    who = person(CLOCK, 1)
    await outbox.say(uow, who, "routine")
    await outbox.say(uow, who, "3114", urgent=True)
    routine, urgent = fake.outbox.messages
    assert routine.priority == PRIORITY_ROUTINE
    assert urgent.priority == PRIORITY_URGENT
    # The dispatcher sends the lowest priority value first.
    assert urgent.priority < routine.priority


async def test_a_reply_arrives_even_if_the_message_answered_was_deleted() -> None:
    fake, uow = setup()
    who = person(CLOCK, 1)
    await outbox.say(uow, who, "Noted", reply_to=7)
    [sent] = fake.outbox.messages
    assert sent.params["reply_parameters"] == {"message_id": 7, "allow_sending_without_reply": True}


async def test_a_keyboard_and_a_reference_travel_with_the_message() -> None:
    fake, uow = setup()
    who = person(CLOCK, 1)
    keyboard = [[{"text": "Yes", "callback_data": "a|1"}]]
    await outbox.say(uow, who, "Sure?", keyboard=keyboard, ref=("link", "L1"))
    [sent] = fake.outbox.messages
    assert sent.params["reply_markup"] == {"inline_keyboard": keyboard}
    assert (sent.ref_kind, sent.ref_id) == ("link", "L1")
    assert "reply_parameters" not in sent.params


async def test_a_file_travels_base64_encoded_with_its_caption() -> None:
    fake, uow = setup()
    who = person(CLOCK, 1)
    await outbox.send_file(uow, who, "sendDocument", "document", "export.json", b"{}\x00", "Yours")
    [sent] = fake.outbox.messages
    assert sent.method == "sendDocument"
    upload = sent.params[outbox.UPLOAD_KEY]
    assert sent.params["caption"] == "Yours"
    assert (upload["field"], upload["filename"]) == ("document", "export.json")
    assert base64.b64decode(upload["base64"]) == b"{}\x00"
