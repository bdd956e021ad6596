"""Peers and coordinators end to end: invites, applications, /pending, /approve, menus."""

from __future__ import annotations

import re

import pytest

from tests.support.e2e_onboarding import Chat, do, everything_stored, in_clear, stored

pytestmark = pytest.mark.e2e

COORDINATOR = 6500
PEER_STEPS = [
    ("press", "✓ English"),
    ("press", "I understand, let's go on"),
    ("press", "I agree"),
    ("type", "Steady Otter"),
    ("toggle", "Trauma"),
    ("toggle", "Back from a mission"),
    ("press", "Done"),
    ("toggle", "Grief and loss"),
    ("press", "Done"),
    ("toggle", "Français"),
    ("press", "Done"),
    ("press", "3"),
    ("toggle", "Evenings"),
    ("press", "Done"),
    ("press", "Europe/London"),
    ("press", "A man"),
    ("press", "I'd rather not say"),
    *[("press", "I understand and agree")] * 9,
]


async def invite_link(coordinator_chat: Chat, role: str) -> str:
    coordinator_chat.after_last()
    coordinator_chat.user.send_command("/invite", role)
    message = await coordinator_chat.said("https://t.me/entraide_test_bot?start=")
    found = re.search(r"\?start=([A-Za-z0-9_-]+)", message.content)
    assert found
    return found.group(1)


async def test_a_peer_joins_by_invite_and_is_approved_at_once(sandbox, make_bot, storage, db_url):
    boss = sandbox.user(COORDINATOR, language_code="en")
    boss.started = True
    bot = make_bot(coordinators=(COORDINATOR,))
    await bot.start()
    code = await invite_link(Chat(boss), "peer")
    assert "valid for 72 hours" in boss.received[-1].content
    jo = sandbox.user(6501, first_name="Jo", language_code="en")
    chat = Chat(jo)
    jo.send_command("/start", code)
    for step in PEER_STEPS:
        await do(chat, step)
    await chat.said("you are now a peer of the network")
    peer = await stored(storage, 6501)
    assert (peer.peer_state, peer.is_peer, peer.peer_capacity) == ("approved", True, 3)
    profile = peer.peer_profile
    assert profile is not None
    assert profile.experiences == ["trauma", "mission_return"]
    assert profile.cannot_take == ["grief"]
    assert profile.languages == ["fr", "en"]
    assert profile.availability == ["evenings"]
    assert profile.attributes == {"gender": "man"} and profile.principles_version == 1
    assert peer.timezone == "Europe/London"
    blob = await everything_stored(storage, db_url)
    assert in_clear(blob, "Steady Otter", code, "Europe/London", "mission_return") == []
    # The link worked once: someone else opening it is told kindly, and nothing happens.
    other = sandbox.user(6502, language_code="en")
    other.send_command("/start", code)
    await other.wait_for("no longer valid")
    assert (await stored(storage, 6502)).peer_state == "none"


async def test_an_application_is_listed_approved_and_the_applicant_told(sandbox, make_bot, storage):
    boss = sandbox.user(COORDINATOR, language_code="fr")
    boss.started = True
    bot = make_bot(coordinators=(COORDINATOR,))
    await bot.start()
    lou = sandbox.user(6503, language_code="en")
    chat = Chat(lou)
    lou.send_command("/start")
    await chat.press("I'd like to support others as a peer")
    for step in PEER_STEPS:
        await do(chat, step)
    await chat.said("now waits for a coordinator")
    applicant = await stored(storage, 6503)
    assert applicant.peer_state == "applicant" and not applicant.is_peer
    await boss.wait_for(f"Nouvelle candidature de pair : Steady Otter ({applicant.code})")
    boss_chat = Chat(boss)
    boss_chat.after_last()
    boss.send_command("/pending")
    listing = await boss_chat.said("Candidatures en attente : 1")
    assert f"Steady Otter ({applicant.code})" in listing.content
    assert "Traumatisme, Retour de mission" in listing.content
    boss.send_command("/approve", applicant.code.lower())
    await boss_chat.said(f"{applicant.code} est maintenant pair")
    await chat.said("you are now a peer of the network")
    approved = await stored(storage, 6503)
    assert approved.peer_state == "approved" and approved.is_peer


async def test_coordinator_commands_do_not_exist_for_others(sandbox, make_bot):
    bot = make_bot(coordinators=(COORDINATOR,))
    await bot.start()
    eve = sandbox.user(6504, language_code="en")
    for command in ("/pending", "/approve", "/invite"):
        eve.send_command(command, "peer")
    answers = await eve.wait_for("I don't know that command", count=3)
    assert len(answers) == 3
    assert not [m for m in eve.received if "https://t.me/" in m.content]


async def test_a_coordinator_invite_and_the_menus_per_language_and_scope(sandbox, make_bot):
    boss = sandbox.user(COORDINATOR, language_code="en")
    boss.started = True
    bot = make_bot(coordinators=(COORDINATOR,))
    await bot.start()
    code = await invite_link(Chat(boss), "coordinator")

    def names(commands: list[dict[str, str]]) -> set[str]:
        return {c["command"] for c in commands}

    french = sandbox.commands(language_code="fr")
    english = sandbox.commands(language_code="en")
    assert {"start", "help", "sos", "language", "apply"} <= names(french) == names(english)
    assert next(c for c in french if c["command"] == "sos")["description"] == (
        "Aide urgente, à tout moment"
    )
    assert next(c for c in english if c["command"] == "sos")["description"] == (
        "Urgent help, at any moment"
    )
    assert not names(english) & {"pending", "approve", "invite"}
    assert {"pending", "approve", "reject", "invite"} <= names(
        sandbox.visible_commands(COORDINATOR, "en")
    )
    newcomer = sandbox.user(6505, language_code="fr")
    assert not {"pending"} & names(sandbox.visible_commands(6505, "fr"))
    newcomer.send_command("/start", code)
    await newcomer.wait_for("Bienvenue dans l'équipe de coordination")
    newcomer.send_command("/pending")
    await newcomer.wait_for("Aucune candidature en attente.")
    # Sends to one chat keep their order: the menu was set before this answer came.
    menu = sandbox.visible_commands(6505, "fr")
    assert {"pending", "approve", "invite"} <= names(menu)
    assert next(c for c in menu if c["command"] == "pending")["description"] == (
        "Candidatures de pairs en attente de décision"
    )


async def test_a_closed_network_takes_seekers_by_invite_only(sandbox, make_bot, storage):
    boss = sandbox.user(COORDINATOR, language_code="en")
    boss.started = True
    bot = make_bot(coordinators=(COORDINATOR,))
    closed = bot.config.read_text().replace("[network]\n", "[network]\nopen_enrollment = false\n")
    bot.config.write_text(closed)
    await bot.start()
    ana = sandbox.user(6506, language_code="en")
    ana.send_command("/start")
    welcome = await ana.wait_for("by invitation only")
    assert [t for t, _ in welcome.buttons()] == ["I'd like to support others as a peer"]
    code = await invite_link(Chat(boss), "seeker")
    chat = Chat(ana)
    ana.send_command("/start", code)
    await chat.press("✓ English")
    await chat.question("I understand, let's go on")
    assert (await stored(storage, 6506)).seeker_state == "onboarding"
