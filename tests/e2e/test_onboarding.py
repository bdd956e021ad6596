"""Seeker onboarding end to end: the real bot process, over HTTP, against the sandbox Bot API.

Also the helpers the other test_onboarding_* end-to-end modules use.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.support.e2e_harness import BotProcess
from tests.support.e2e_onboarding import Chat, do, everything_stored, in_clear, stored

pytestmark = pytest.mark.e2e


FR_SEEKER = [
    ("press", "Je cherche du soutien"),
    ("press", "✓ Français"),
    ("press", "J'ai compris, continuons"),
    ("press", "J'accepte"),
    ("redraw", "Proposez-m'en un"),
    ("redraw", "Un autre"),
    ("use", "Prendre « "),
    ("toggle", "Deuil et perte"),
    ("toggle", "Retour de mission"),
    ("press", "Terminé"),
    ("toggle", "English"),
    ("press", "Terminé"),
    ("press", "Peu importe"),
    ("press", "45–59 ans"),
    ("press", "Souhaité, sans plus"),
    ("toggle", "Le soir"),
    ("toggle", "Le week-end"),
    ("press", "Terminé"),
    ("press", "Europe/Paris"),
    ("press", "Non"),
]
# By step: a label that shows the step's question is on screen, then its answer.
EN_STEPS: list[tuple[str, list[tuple[str, str]]]] = [
    ("I'm looking for support", [("press", "I'm looking for support")]),
    ("✓ English", [("press", "✓ English")]),
    ("I understand, let's go on", [("press", "I understand, let's go on")]),
    ("I agree", [("press", "I agree")]),
    ("Suggest one", [("type", "Héloïse Kerbrat")]),
    ("Burnout", [("toggle", "Burnout"), ("press", "Done")]),
    ("Done", [("press", "Done")]),
    ("Non-binary", [("press", "Non-binary")]),
    ("It's a must", [("press", "It's a must")]),
    ("It doesn't matter", [("press", "It doesn't matter")]),
    ("Mornings", [("toggle", "Mornings"), ("press", "Done")]),
    ("Europe/Paris", [("type", "america/montreal")]),
    ("No", [("press", "No")]),
]
EN_SEEKER = [action for _, actions in EN_STEPS for action in actions]


CAMILLE_ID = 7_319_864_025


async def test_a_seeker_completes_onboarding_in_french(sandbox, make_bot, storage, db_url):
    bot = make_bot()
    await bot.start()
    # A long, distinctive id: a short one like 6001 turns up by chance inside
    # stored timestamps' microseconds, which would make the clear-text check flaky.
    camille = sandbox.user(CAMILLE_ID, first_name="Camille", language_code="fr")
    chat = Chat(camille)
    camille.send_command("/start")
    welcome = await chat.said("bienvenue")
    assert "3114" in welcome.content
    for step in FR_SEEKER:
        await do(chat, step)
    await chat.said("nous cherchons maintenant un pair pour vous")
    person = await stored(storage, CAMILLE_ID)
    assert person.seeker_state == "waiting" and person.language == "fr"
    confirmed = next(m for m in camille.received if m.content.startswith("Désormais"))
    assert person.pseudonym and f"« {person.pseudonym} »" in confirmed.content
    profile = person.seeker_profile
    assert profile is not None
    assert profile.experiences == ["grief", "mission_return"]
    assert profile.languages == ["fr", "en"]
    assert profile.availability == ["evenings", "weekends"]
    assert {k: (c.value, c.must) for k, c in profile.criteria.items()} == {
        "age_range": ("45_59", False)
    }
    assert person.timezone == "Europe/Paris" and person.consent_version == 1
    blob = await everything_stored(storage, db_url)
    assert in_clear(blob, person.pseudonym, "mission_return", "Camille", str(CAMILLE_ID)) == []


async def test_a_seeker_completes_onboarding_in_english(sandbox, make_bot, storage, db_url):
    bot = make_bot()
    await bot.start()
    sam = sandbox.user(6002, first_name="Sam", language_code="en-GB")
    chat = Chat(sam)
    sam.send_command("/start")
    await chat.said("welcome")
    for step in EN_SEEKER:
        await do(chat, step)
    await chat.said("we are now looking for a peer for you")
    person = await stored(storage, 6002)
    assert (person.seeker_state, person.language, person.pseudonym) == (
        "waiting",
        "en",
        "Héloïse Kerbrat",
    )
    profile = person.seeker_profile
    assert profile is not None and profile.experiences == ["burnout"]
    assert profile.languages == ["en"] and profile.availability == ["mornings"]
    assert {k: (c.value, c.must) for k, c in profile.criteria.items()} == {
        "gender": ("nonbinary", True)
    }
    assert person.timezone == "America/Montreal" and not profile.in_danger
    blob = await everything_stored(storage, db_url)
    assert in_clear(blob, "Héloïse Kerbrat", "America/Montreal", "nonbinary") == []


@pytest.mark.parametrize(
    ("language", "steps", "yes", "crisis_line"),
    [
        ("fr", FR_SEEKER, "Oui, je suis en danger", "3114"),
        ("en", EN_SEEKER, "Yes, I am in danger", "116 123"),
    ],
)
async def test_immediate_danger_crisis_lines_next_and_every_coordinator_alerted(
    sandbox, make_bot, language, steps, yes, crisis_line
):
    coordinators = [sandbox.user(6100 + i, language_code="fr") for i in range(2)]
    for coordinator in coordinators:
        coordinator.started = True
    bot = make_bot(coordinators=(6100, 6101))
    await bot.start()
    seeker = sandbox.user(6003, language_code=language)
    chat = Chat(seeker)
    seeker.send_command("/start")
    for step in steps[:-1]:
        await do(chat, step)
    danger = await chat.press(yes)
    nxt = await seeker.wait_for(lambda m: m.message_id > danger.message_id)
    assert crisis_line in nxt.content
    for coordinator in coordinators:
        alert = await coordinator.wait_for("Escalade urgente")
        assert "inscription" in alert.content or "danger" in alert.content


async def walk_with_restarts(
    bot: BotProcess, chat: Chat, steps: list[tuple[str, list[tuple[str, str]]]]
) -> None:
    """Each question is on screen (the step before is done), then the bot restarts, then the
    question is answered by the new process."""
    for ready, actions in steps:
        await chat.question(ready)
        await bot.stop()
        await bot.start()
        for action in actions:
            await do(chat, action)


async def test_restart_between_every_pair_of_steps_resumes_where_it_was(
    sandbox, make_bot, storage, db_url
):
    # A restart costs about four seconds (five on Postgres); on Postgres the walk stops after
    # the first multi-select, which still crosses every kind of step (buttons, typed text, a
    # multi-select edited in place). SQLite walks the whole flow, thirteen restarts.
    full = db_url.startswith("sqlite")
    steps = EN_STEPS if full else EN_STEPS[:6]
    bot = make_bot()
    await bot.start()
    user = sandbox.user(6004, language_code="en")
    chat = Chat(user)
    user.send_command("/start")
    await walk_with_restarts(bot, chat, steps)
    if full:
        await chat.said("we are now looking for a peer for you")
    else:
        await chat.question("Done")  # the next question: languages
    person = await stored(storage, 6004)
    assert person.pseudonym == "Héloïse Kerbrat"
    if full:
        assert person.seeker_state == "waiting"
        assert person.seeker_profile is not None
        assert person.seeker_profile.experiences == ["burnout"]
        assert person.timezone == "America/Montreal"
    # Nothing was refused as stale, nothing asked twice, nothing left unprocessed.
    assert not [m for m in user.received if "expired" in m.content]
    assert len([m for m in user.received if m.content.startswith("Choose a pseudonym")]) == 1
    assert await bot.stop() == 0
    async with storage.engine.connect() as conn:
        left = await conn.execute(
            text("SELECT count(*) FROM inbox_updates WHERE processed_at IS NULL")
        )
        assert left.scalar_one() == 0
