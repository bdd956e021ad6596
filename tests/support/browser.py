"""Opening the dashboard in tests: over plain HTTP (``DashboardClient``) and in the system's
Chromium driven by Playwright (``chromium``), as a coordinator whose Telegram opened it.

The browser is Debian's ``/usr/bin/chromium``, never one downloaded at run time; without it,
or without the ``playwright`` package, browser tests are skipped with the reason. Every request
that does not go to loopback is aborted: the tests never reach the internet.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.sandbox.webapp import init_data, launch_url

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE: Any = {"width": 390, "height": 844}
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def executable() -> str | None:
    """Debian's Chromium, wherever the system has it."""
    return str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if executable() is None:
        return "Debian's chromium is not installed (apt-get install chromium)"
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


def signed(token: str, telegram_id: int, **kw: Any) -> str:
    return init_data(token, telegram_id, **kw)


class DashboardClient:
    """A coordinator's HTTP client: trades initData for the session cookie, then reads pages
    and posts actions with the page's CSRF token."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        # unsafe: cookies for an IP-address host (127.0.0.1).
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))

    async def close(self) -> None:
        await self.http.close()

    async def auth(self, data: str) -> aiohttp.ClientResponse:
        async with self.http.post(f"{self.base_url}/auth", data={"init_data": data}) as r:
            await r.read()
            return r

    async def get(self, page: str) -> tuple[int, str, Any]:
        async with self.http.get(f"{self.base_url}/{page}", allow_redirects=False) as r:
            return r.status, await r.text(), r.headers

    async def act(self, name: str, page: str = "now", **fields: str) -> tuple[int, str]:
        """Posts ``name`` with the CSRF token found on ``page``; follows the redirect back."""
        _status, body, _ = await self.get(page)
        found = CSRF.search(body)
        token = html.unescape(found.group(1)) if found else ""
        form = {"csrf": token, "back": page, **fields}
        async with self.http.post(f"{self.base_url}/act/{name}", data=form) as r:
            return r.status, await r.text()


@asynccontextmanager
async def chromium(*, dark: bool = False) -> AsyncIterator[Any]:
    """A headless page at phone width (light or dark), loopback only."""
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    from playwright.async_api import Route, async_playwright

    path = executable()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=path, headless=True, args=FLAGS)
        context = await browser.new_context(
            viewport=PHONE, color_scheme="dark" if dark else "light", device_scale_factor=2
        )

        async def local_only(route: Route) -> None:
            url = route.request.url
            if url.startswith(("http://127.0.0.1", "http://localhost")):
                await route.continue_()
            else:
                await route.abort()

        await context.route("**/*", local_only)
        page = await context.new_page()
        try:
            yield page
        finally:
            await context.close()
            await browser.close()


def open_url(
    page_url: str, data: str, *, dark: bool = False, theme: dict[str, str] | None = None
) -> str:
    """The address Telegram would open, its launch data (and theme) in the fragment."""
    return launch_url(page_url, data, color_scheme="dark" if dark else "light", theme=theme)


# Every control a keyboard or a screen reader reaches has a name: visible inputs a label,
# buttons and links their text or an aria-label.
UNNAMED_CONTROLS = """() => {
  const named = (el) => (el.getAttribute('aria-label') || el.textContent || '').trim() !== '';
  const labelled = (el) => el.labels && el.labels.length > 0;
  return [
    ...[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((el) => !labelled(el)).map((el) => el.outerHTML),
    ...[...document.querySelectorAll('button, a')]
      .filter((el) => !named(el)).map((el) => el.outerHTML),
  ];
}"""
