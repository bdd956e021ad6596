"""The real bot process answers over real HTTP through the sandbox Bot API."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


async def test_start_is_answered_in_the_users_language(sandbox, make_bot):
    bot = make_bot()
    await bot.start()
    camille = sandbox.user(5001, first_name="Camille", language_code="fr")
    sam = sandbox.user(5002, first_name="Sam", language_code="en-GB")
    camille.send_command("/start")
    sam.send_command("/start")
    fr = await camille.wait_for(lambda m: "bienvenue" in (m.text or ""))
    en = await sam.wait_for(lambda m: "welcome" in (m.text or ""))
    # The crisis line of each language is part of the very first answer.
    assert "3114" in fr.text
    assert "116 123" in en.text
    assert await bot.stop() == 0


async def test_text_outside_a_conversation_is_acknowledged_not_dropped(sandbox, make_bot):
    bot = make_bot()
    await bot.start()
    lou = sandbox.user(5003, first_name="Lou", language_code="en")
    mid = lou.send_text("is anyone there?")
    reply = await lou.wait_for(lambda m: m.reply_to_message_id == mid)
    assert "not in a conversation" in reply.text
