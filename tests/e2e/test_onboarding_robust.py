"""What people actually do mid-flow: old buttons, photos instead of answers, far too much text,
/cancel, /start again, /language, /help. Each gets a clear, kind answer, and nothing is lost."""

from __future__ import annotations

import pytest

from tests.support.e2e_onboarding import Chat, stored

pytestmark = pytest.mark.e2e


async def up_to_the_pseudonym(chat: Chat) -> None:
    chat.user.send_command("/start")
    await chat.press("I'm looking for support")
    await chat.press("✓ English")
    await chat.press("I understand, let's go on")
    await chat.press("I agree")
    await chat.said("Choose a pseudonym")


async def test_stale_and_forged_buttons_expire_and_change_nothing(sandbox, make_bot, storage):
    bot = make_bot()
    await bot.start()
    user = sandbox.user(6801, language_code="en")
    chat = Chat(user)
    user.send_command("/start")
    await chat.press("I'm looking for support")
    language = await chat.press("✓ English")
    old_french = dict(language.buttons())["Français"]
    assert old_french is not None
    await chat.question("I understand, let's go on")
    chat.after_last()
    user.press_data(language.message_id, old_french)  # an old keyboard, still on the screen
    await chat.said("This button has expired, so nothing was changed.")
    chat.after_last()
    user.press_data(language.message_id, old_french.rsplit("|", 1)[0] + "|forgedtag00")
    await chat.said("This button has expired, so nothing was changed.")
    assert (await stored(storage, 6801)).language == "en"
    chat.mark = 0
    await chat.press("I understand, let's go on")  # the current question still works
    await chat.question("I agree")


async def test_wrong_kinds_of_answer_are_met_kindly_and_lose_nothing(sandbox, make_bot, storage):
    bot = make_bot()
    await bot.start()
    user = sandbox.user(6802, language_code="en")
    chat = Chat(user)
    user.send_command("/start")
    await chat.press("I'm looking for support")
    await chat.question("✓ English")
    chat.after_last()
    user.send_photo(caption="is this right?")  # where a button is expected
    reask = await chat.said("Please answer with the buttons below.")
    assert "Which language would you like me to use?" in reask.content
    assert [t for t, _ in reask.buttons()] == ["Français", "✓ English"]
    await chat.press("✓ English")
    await chat.press("I understand, let's go on")
    await chat.press("I agree")
    await chat.said("Choose a pseudonym")
    chat.after_last()
    user.send_sticker()  # where text is expected
    await chat.said("I can only read a typed answer here")
    chat.after_last()
    user.send_text("x" * 200)
    await chat.said("That is too long: 32 characters at most, please.")
    chat.after_last()
    user.send_text("a")
    await chat.said("That is a little short: please use at least 2 characters.")
    chat.after_last()
    user.send_text("@heron_du_port")
    await chat.said("That looks like contact details")
    assert (await stored(storage, 6802)).pseudonym is None
    chat.after_last()
    user.send_text("Heron du Port")
    await chat.said("others will know you as “Heron du Port”")
    await chat.question("Burnout")


async def test_cancel_says_what_was_kept_and_start_offers_to_resume(sandbox, make_bot, storage):
    bot = make_bot()
    await bot.start()
    user = sandbox.user(6803, language_code="en")
    chat = Chat(user)
    user.send_command("/cancel")
    await chat.said("There is nothing to cancel right now.")
    await up_to_the_pseudonym(chat)
    chat.after_last()
    user.send_command("/start")
    offer = await chat.said("You were in the middle of signing up for support.")
    assert [t for t, _ in offer.buttons()] == ["Carry on", "Start over"]
    await chat.press("Carry on")
    await chat.said("Choose a pseudonym")
    chat.after_last()
    user.send_text("Quiet Heron")
    await chat.question("Burnout")
    chat.after_last()
    user.send_command("/cancel")
    said = await chat.said("Stopped. What was kept:")
    assert "your language: English" in said.content
    assert "your pseudonym: Quiet Heron" in said.content
    assert "your agreement to the confidentiality rules" in said.content
    person = await stored(storage, 6803)
    assert person.seeker_state == "none" and person.pseudonym == "Quiet Heron"
    chat.after_last()
    user.send_text("hello")
    await chat.said("you are not in a conversation yet")


async def test_language_changes_mid_flow_and_the_question_comes_back_in_it(
    sandbox, make_bot, storage
):
    bot = make_bot()
    await bot.start()
    user = sandbox.user(6804, language_code="en")
    chat = Chat(user)
    await up_to_the_pseudonym(chat)
    chat.after_last()
    user.send_command("/language")
    await chat.press("Français")
    await chat.said("C'est noté : je vous parlerai désormais en Français.")
    await chat.said("Choisissez un pseudonyme")
    assert (await stored(storage, 6804)).language == "fr"
    chat.after_last()
    user.send_text("Héron")
    await chat.question("Épuisement professionnel")


async def test_help_shows_what_each_role_can_do(sandbox, make_bot):
    boss = sandbox.user(6805, language_code="fr")
    bot = make_bot(coordinators=(6805,))
    await bot.start()
    newcomer = sandbox.user(6806, language_code="en")
    newcomer.send_command("/help")
    plain = await newcomer.wait_for("What you can do here:")
    assert "/apply — Offer to support others as a peer" in plain.content
    assert "/pending" not in plain.content and "As a coordinator" not in plain.content
    boss.send_command("/help")
    full = await boss.wait_for("Ce que vous pouvez faire ici :")
    assert "En tant que coordinateur·rice :" in full.content
    assert "/approve — Accepter une candidature : /approve CODE" in full.content
