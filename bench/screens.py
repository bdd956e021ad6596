"""Screenshots of every dashboard page at phone width, in Telegram's light and dark themes.

Run: .venv/bin/python -m bench.screens FOLDER

Seeds a small network (bench.dashboard's ``seed_network``), serves the dashboard on loopback,
and opens it as a coordinator would from Telegram, with Debian's Chromium (headless, nothing
downloaded, nothing outside loopback reached): FOLDER/<page>-light.png and -dark.png for each
page, and the neutral page anyone else gets. The dark run passes Telegram-like dark theme
parameters in the launch fragment, as Telegram does, so the theming itself is what is shown.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.common import SEEDING_INDEX_COST, fresh_database, open_storage
from bench.dashboard import TOKEN, seed_network, serve
from bot.clock import FakeClock
from bot.dashboard.pages import PAGES
from bot.sandbox.webapp import init_data, launch_url
from bot.storage.crypto import KeyRing, generate_key
from tests.support.browser import browser_missing, chromium

DARK = {
    "bg_color": "#212121",
    "secondary_bg_color": "#181818",
    "text_color": "#ffffff",
    "hint_color": "#aaaaaa",
    "link_color": "#8ab4f8",
    "button_color": "#5e9de6",
    "button_text_color": "#000000",
}
LIGHT = {
    "bg_color": "#ffffff",
    "secondary_bg_color": "#f1f1f1",
    "text_color": "#000000",
    "hint_color": "#5f6368",
    "link_color": "#2481cc",
    "button_color": "#2481cc",
    "button_text_color": "#ffffff",
}


async def main(folder: Path) -> int:
    missing = browser_missing()
    if missing:
        print(f"cannot take screenshots: {missing}", file=sys.stderr)
        return 1
    clock = FakeClock(datetime.now(UTC))
    with tempfile.TemporaryDirectory() as tmp:
        dbs = await fresh_database(None, Path(tmp), "screens.db")
        storage = await open_storage(
            dbs, KeyRing([generate_key("screens")]), clock, index_cost=SEEDING_INDEX_COST
        )
        network = await seed_network(storage, random.Random(7), 90, 24, 5)
        server, base = await serve(storage, clock)
        try:
            for scheme, theme in (("light", LIGHT), ("dark", DARK)):
                async with chromium(dark=scheme == "dark") as page:
                    data = init_data(TOKEN, network.viewer.telegram_id)
                    await page.goto(launch_url(base, data, color_scheme=scheme, theme=theme))
                    await page.wait_for_url("**/now")
                    for spec in PAGES:
                        await page.goto(f"{base}/{spec.slug}")
                        path = folder / f"{spec.slug}-{scheme}.png"
                        await page.screenshot(path=str(path), full_page=True)
                        print(path)
                    await page.context.clear_cookies()
                    await page.goto(f"{base}/now")
                    path = folder / f"denied-{scheme}.png"
                    await page.screenshot(path=str(path), full_page=True)
                    print(path)
        finally:
            await server.close()
            await storage.dispose()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where the PNG files go")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    raise SystemExit(asyncio.run(main(args.folder)))
