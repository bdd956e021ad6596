"""A new version of the confidentiality rules, end to end: asked again before anything else."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.domain.profiles import SeekerProfile
from bot.services.shared import people
from bot.storage.orm import ConsentRow
from bot.storage.uow import Storage
from tests.support.context import make_ctx
from tests.support.e2e_harness import BotProcess
from tests.support.e2e_onboarding import Chat, stored

pytestmark = pytest.mark.e2e


async def seeker_who_agreed_to_version_1(storage: Storage, telegram_id: int) -> None:
    """Someone onboarded before the rules changed: waiting for a peer, consent version 1."""
    ctx = make_ctx(FakeClock())
    async with storage.uow() as uow:
        person = await people.identify(uow, ctx, telegram_id, "en")
        person.pseudonym = "Quiet Heron"
        person.consent_version, person.consent_at = 1, ctx.clock.now()
        person.is_seeker, person.seeker_state = True, "waiting"
        person.waiting_since = ctx.clock.now()
        person.seeker_profile = SeekerProfile(experiences=["grief"], languages=["en"])
        await uow.people.save(person)
        await uow.commit()


def bump_consent(bot: BotProcess, version: int) -> None:
    line = f"consent_version = {version}\n"
    bot.config.write_text(bot.config.read_text().replace("[network]\n", "[network]\n" + line))


async def test_a_version_bump_asks_again_and_refusing_ends_nothing_silently(
    sandbox, make_bot, storage
):
    await seeker_who_agreed_to_version_1(storage, 6701)
    bot = make_bot()
    bump_consent(bot, 2)
    await bot.start()
    user = sandbox.user(6701, language_code="en")
    chat = Chat(user)
    # /help and /sos still work as they are...
    user.send_command("/help")
    await chat.said("What you can do here:")
    # ...but anything else waits for an answer about the new rules first.
    chat.after_last()
    user.send_command("/end")
    asked = await chat.said("The network's confidentiality rules have changed.")
    assert "Do you agree to these rules?" in asked.content
    await chat.press("I don't agree")
    refusal = await chat.said("Understood.")
    assert "we can't match you with anyone or pass on messages" in refusal.content
    assert "Nothing has been ended or erased" in refusal.content and "/forgetme" in refusal.content
    assert "116 123" in refusal.content
    person = await stored(storage, 6701)
    assert (person.consent_version, person.seeker_state) == (1, "waiting")
    # The next interaction asks again, before anything else.
    chat.after_last()
    user.send_text("hello?")
    await chat.said("The network's confidentiality rules have changed.")
    await chat.press("I agree")
    await chat.said("Thank you. Everything carries on as before.")
    person = await stored(storage, 6701)
    assert person.consent_version == 2 and person.seeker_state == "waiting"
    async with storage.uow() as uow:
        answers = (
            await uow.session.execute(
                select(ConsentRow.version, ConsentRow.accepted).order_by(ConsentRow.at)
            )
        ).all()
    assert [tuple(a) for a in answers] == [(2, False), (2, True)]
    # From now on, nothing is held back.
    chat.after_last()
    user.send_command("/start")
    await chat.said("Welcome back, Quiet Heron.")


async def test_sos_is_never_held_back_by_the_consent_question(sandbox, make_bot, storage):
    await seeker_who_agreed_to_version_1(storage, 6702)
    bot = make_bot()
    bump_consent(bot, 2)
    await bot.start()
    user = sandbox.user(6702, language_code="en")
    chat = Chat(user)
    user.send_text("I need to talk")
    await chat.said("The network's confidentiality rules have changed.")
    chat.after_last()
    user.send_command("/sos")
    await chat.said("You are not alone. If you are in danger, call now")
