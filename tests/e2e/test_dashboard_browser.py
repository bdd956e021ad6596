"""The dashboard in a real browser (Debian's Chromium, headless) against the real bot process
and the sandbox Bot API: a coordinator opens it as Telegram would, sees an /sos appear, claims
and resolves it by clicking, and the chat alerts change as with the buttons; anyone else gets
the neutral 403; a script tag in a pseudonym is shown as text."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import time
from datetime import UTC, datetime

import pytest

from bot.clock import FakeClock
from bot.sandbox.webapp import init_data_for
from tests.support.browser import UNNAMED_CONTROLS, browser_missing, chromium, open_url, signed
from tests.support.context import make_ctx
from tests.support.coord import pair
from tests.support.e2e_coord import open_bot, seat
from tests.support.e2e_harness import ROOT, TOKEN
from tests.support.identity import assert_no_identity_leaks

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())),
]

SCRIPT = "<script>window.hacked=1</script>"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def dashboard_config(port: int) -> str:
    return (
        f"[http]\nport = {port}\n"
        f'[dashboard]\nenabled = true\npublic_url = "http://127.0.0.1:{port}"\n'
    )


async def test_open_see_an_sos_claim_and_resolve_by_clicking(sandbox, make_bot, storage):
    alix = seat(sandbox, 1, "Alix", role="coordinator", pseudonym="Alix")
    bea = seat(sandbox, 2, "Bea", role="coordinator", language="fr", pseudonym="Bea")
    seeker = seat(sandbox, 10, "Seeker", pseudonym=SCRIPT)
    port = free_port()
    await open_bot(make_bot, storage, alix, bea, seeker, extra=dashboard_config(port))
    # The menu button opens the dashboard, in coordinators' chats only.
    buttons = {
        int(call.params["chat_id"]): call.params for call in sandbox.calls("setChatMenuButton")
    }
    assert set(buttons) == {alix.user.id, bea.user.id}
    button = buttons[alix.user.id]["menu_button"]
    button = json.loads(button) if isinstance(button, str) else button
    assert button["type"] == "web_app"
    assert button["web_app"]["url"] == f"http://127.0.0.1:{port}/dashboard"

    async with chromium() as page:
        dialogs: list[str] = []
        page.on("dialog", lambda d: dialogs.append(d.message))
        url = open_url(
            f"http://127.0.0.1:{port}/dashboard",
            init_data_for(alix.user, TOKEN),
            theme={"bg_color": "#102030", "text_color": "#fafafa"},
        )
        await page.goto(url)
        await page.wait_for_url("**/dashboard/now")
        # Telegram's theme parameters are the page's colours, on every page of the session.
        background = "getComputedStyle(document.body).backgroundColor"
        assert await page.evaluate(background) == "rgb(16, 32, 48)"
        main = page.locator("main")
        assert "No escalation is open." in await main.inner_text()
        # The pseudonym with a script tag reads as text; no script of it ran.
        assert SCRIPT in await main.inner_text()
        assert await page.evaluate("window.hacked") is None and dialogs == []

        seeker.user.send_command("/sos")
        alert_b = await bea.user.wait_for("Escalade urgente")
        card = page.locator("[data-escalation]")
        # The page refreshes itself: the escalation appears without anyone reloading it.
        await card.wait_for(timeout=25_000)
        code = await card.get_attribute("data-escalation")
        assert code and code in alert_b.content
        assert "urgent" in await card.inner_text()
        await page.get_by_role("button", name=f"Claim escalation {code}").click()
        await page.wait_for_selector("text=Escalation claimed")
        assert await page.evaluate(background) == "rgb(16, 32, 48)"
        assert await page.evaluate(UNNAMED_CONTROLS) == []
        # Béa's chat alert now says who has it, its Claim button gone, as after the button.
        claimed = await bea.user.wait_for(
            lambda m: m.message_id == alert_b.message_id and "prise en charge par Alix" in m.content
        )
        assert claimed.buttons() == []
        await alix.user.wait_for("You have taken escalation")

        await page.get_by_label("Resolution note").fill("Called back; safe with her sister.")
        await page.get_by_role("button", name=f"Resolve escalation {code}").click()
        await page.wait_for_selector("text=Escalation resolved.")
        await bea.user.wait_for(
            lambda m: m.message_id == alert_b.message_id and "résolue" in m.content
        )
        assert "No escalation is open." in await main.inner_text()
        # No Telegram id or name on the page.
        content = await page.content()
        for who in (alix, bea, seeker):
            assert str(who.user.id) not in content and who.user.first_name not in content
    assert_no_identity_leaks(sandbox)


@pytest.mark.parametrize("case", ["forged", "expired", "seeker"])
async def test_anyone_else_gets_the_neutral_403(sandbox, make_bot, storage, case):
    alix = seat(sandbox, 1, "Alix", role="coordinator")
    seeker = seat(sandbox, 10, "Seeker")
    port = free_port()
    await open_bot(make_bot, storage, alix, seeker, extra=dashboard_config(port))
    data = {
        "forged": signed("999999:FORGED", alix.user.id),
        "expired": signed(TOKEN, alix.user.id, auth_date=int(time.time()) - 7200),
        "seeker": signed(TOKEN, seeker.user.id),
    }[case]
    async with chromium() as page:
        await page.goto(open_url(f"http://127.0.0.1:{port}/dashboard", data))
        await page.wait_for_url("**/dashboard/denied")
        text = await page.locator("main").inner_text()
        assert "Cette page ne peut pas être affichée." in text
        # The pages stay closed too.
        answer = await page.goto(f"http://127.0.0.1:{port}/dashboard/now")
        assert answer is not None and answer.status == 403


async def test_the_demo_prints_an_address_that_opens_the_dashboard(tmp_path):
    """`python -m bot demo --dashboard`: the printed address opens Nadia's dashboard in a local
    browser, with the scenario's resolved /sos behind it; Ctrl+C ends it cleanly."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo",
        "--dashboard",
        cwd=str(ROOT),
        env={**os.environ, "TMPDIR": str(tmp_path)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        async with asyncio.timeout(180):
            while not lines or "Stop with Ctrl+C" not in lines[-1]:
                line = (await proc.stdout.readline()).decode()
                assert line, "the demo ended early:\n" + "".join(lines[-30:])
                lines.append(line)
        url = next(x.strip() for x in lines if "/dashboard#tgWebAppData=" in x)
        async with chromium(dark=True) as page:
            await page.goto(url)
            await page.wait_for_url("**/dashboard/now")
            # Nadia's Telegram speaks French: so does her dashboard.
            assert "Aucune escalade ouverte." in await page.locator("main").inner_text()
            await page.get_by_role("link", name="Chiffres").click()
            await page.wait_for_url("**/dashboard/figures")
            assert await page.locator("svg.chart").count() >= 5
    finally:
        proc.send_signal(signal.SIGINT)
        _out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0 and b"Traceback" not in err, err.decode()[-2000:]


async def test_end_a_pair_from_the_pairs_page(sandbox, make_bot, storage):
    alix = seat(sandbox, 1, "Alix", role="coordinator", pseudonym="Alix")
    seeker = seat(sandbox, 10, "Seeker", pseudonym="Lune")
    peer = seat(sandbox, 20, "Peer", role="peer", pseudonym="Soleil")
    port = free_port()
    await open_bot(make_bot, storage, alix, seeker, peer, extra=dashboard_config(port))
    ctx = make_ctx(FakeClock(datetime.now(UTC)), storage)
    code = await pair(storage, ctx, seeker.person, peer.person)
    await seeker.user.wait_for("Soleil")
    async with chromium() as page:
        asked: list[str] = []

        async def accept(dialog) -> None:
            asked.append(dialog.message)
            await dialog.accept()

        page.on("dialog", accept)
        url = open_url(f"http://127.0.0.1:{port}/dashboard", init_data_for(alix.user, TOKEN))
        await page.goto(url)
        await page.wait_for_url("**/dashboard/now")
        await page.get_by_role("link", name="Pairs").click()
        card = page.locator(f"[data-pair={code}]")
        assert "Lune (" in await card.inner_text() and "Soleil (" in await card.inner_text()
        await card.get_by_text("Reassign or end").click()
        await card.get_by_role("button", name="End pair").click()
        await page.wait_for_selector("text=Pair ended")
        assert await page.evaluate(UNNAMED_CONTROLS) == []
        assert asked and code in asked[0]  # it asked for confirmation first
    # Both sides are told kindly, and the coordinator's chat has the command's answer.
    await alix.user.wait_for(f"Pair {code} has ended")
    await seeker.user.wait_for(lambda m: m.message_id > 0 and "ended" in m.content.lower())
    assert_no_identity_leaks(sandbox)
