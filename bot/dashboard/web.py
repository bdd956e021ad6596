"""The dashboard over HTTP: tornado handlers, the session, security headers, the 403 page.

Flow: Telegram opens ``dashboard.path`` with its signed launch data in the URL fragment (never
sent to the server); ``dashboard.js`` posts ``Telegram.WebApp.initData`` (or, outside Telegram,
the fragment's ``tgWebAppData``) once to ``/auth``, which checks it and answers with a session
cookie; the pages and the actions (POSTs with the session's CSRF token) need that cookie.
Anything not genuine, too old, or not from a coordinator who may act gets the same neutral 403
page, and nothing is recorded about it.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from tornado.web import HTTPError, RequestHandler, StaticFileHandler

from bot.dashboard import initdata
from bot.dashboard.charts import bar_chart
from bot.dashboard.pages import ACTIONS, PAGES, Page
from bot.dashboard.session import COOKIE, Session, Sessions
from bot.delivery.http_server import Route
from bot.services.dashboard import access
from bot.services.shared.context import ServiceContext
from bot.storage.uow import Storage

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
TELEGRAM_JS = "https://telegram.org/js/telegram-web-app.js"
# Telegram Web shows a Mini App in a frame of its own pages; nobody else may frame it.
FLASH = re.compile(r"[a-z_]{1,24}")
FRAMERS = "https://web.telegram.org https://webk.telegram.org https://webz.telegram.org"


@dataclass(frozen=True)
class App:
    storage: Storage
    services: ServiceContext
    token: str
    sessions: Sessions
    templates: Environment
    base: str  # dashboard.path

    @property
    def in_telegram(self) -> bool:
        """Telegram's own script is loaded only where Telegram can open the page (HTTPS);
        the local demo and the tests never reach the internet."""
        return self.services.settings.dashboard.secure


def templates() -> Environment:
    return Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


class Base(RequestHandler):
    app: App

    def initialize(self, app: App) -> None:
        self.app = app
        self.set_default_headers()

    def set_default_headers(self) -> None:
        # Also called before initialize() (tornado's constructor clears the headers first).
        if not hasattr(self, "app"):
            return
        script = "'self'" + (" https://telegram.org" if self.app.in_telegram else "")
        self.set_header(
            "Content-Security-Policy",
            "default-src 'none'; "
            f"script-src {script}; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; "
            f"frame-ancestors {FRAMERS}",
        )
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()")

    def page(self, name: str, language: str | None, status: int = 200, **values: Any) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        translate = self.app.services.t
        lang = translate.pick(language)
        html = self.app.templates.get_template(name).render(
            t=lambda key, **v: translate(lang, key, **v),
            lang=lang,
            base=self.app.base,
            telegram_js=TELEGRAM_JS if self.app.in_telegram else None,
            nav=[p.slug for p in PAGES],
            chart=bar_chart,
            **values,
        )
        self.finish(html)

    def denied(self) -> None:
        """The one answer to anyone who may not be here: no reason, nothing recorded."""
        self.clear_cookie(COOKIE, path=self.app.base)
        self.page("denied.html", None, status=403)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        # Tornado's own line carries the request's address and query; ours, only what failed.
        if typ is not None and not issubclass(typ, HTTPError):
            log.error("dashboard request failed", extra={"error": typ.__name__})

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # Never a traceback: the person gets a kind page (log_exception noted what failed).
        self.page("error.html", None, status=status_code if status_code < 500 else 500)

    def session(self) -> Session | None:
        return self.app.sessions.open(self.get_cookie(COOKIE), time.time())


class Launch(Base):
    """The address Telegram opens: a shell whose script trades initData for a session."""

    def get(self) -> None:
        self.page("launch.html", None)


class Auth(Base):
    async def post(self) -> None:
        settings = self.app.services.settings.dashboard
        telegram_id = initdata.telegram_user(
            self.get_body_argument("init_data", ""),
            self.app.token,
            time.time(),
            settings.max_age_seconds,
        )
        if telegram_id is None:
            self.denied()
            return
        async with self.app.storage.uow() as uow:
            person = await access.by_telegram_id(uow, telegram_id)
            if person is None:
                self.denied()
                return
            await access.opened(uow, person)
            await uow.commit()
        self.set_cookie(
            COOKIE,
            self.app.sessions.issue(person.id, time.time()),
            path=self.app.base,
            httponly=True,
            secure=settings.secure,
            samesite="Strict",
            expires_days=None,
        )
        self.set_header("Content-Type", "application/json")
        self.finish({"next": f"{self.app.base}/{PAGES[0].slug}"})


class Denied(Base):
    def get(self) -> None:
        self.denied()


class PageHandler(Base):
    def initialize(self, app: App, spec: Page) -> None:  # type: ignore[override]
        self.spec = spec
        super().initialize(app)

    async def get(self) -> None:
        session = self.session()
        if session is None:
            self.denied()
            return
        args = {k: self.get_query_argument(k, "") for k in self.request.query_arguments}
        async with self.app.storage.uow() as uow:
            viewer = await access.by_session(uow, session.person_id)
            if viewer is None:
                self.denied()
                return
            view = await self.spec.load(uow, self.app.services, viewer, args)
            await uow.commit()
        flash = args.get("flash", "")
        self.page(
            self.spec.template,
            viewer.language,
            view=view,
            current=self.spec.slug,
            csrf=self.app.sessions.csrf(session),
            flash=flash if FLASH.fullmatch(flash) else "",
            args=args,
        )


class ActionHandler(Base):
    async def post(self, name: str) -> None:
        session = self.session()
        action = ACTIONS.get(name)
        args = {k: self.get_body_argument(k, "") for k in self.request.body_arguments}
        if (
            session is None
            or action is None
            or not self.app.sessions.csrf_ok(session, args.get("csrf"))
        ):
            self.denied()
            return
        async with self.app.storage.uow() as uow:
            viewer = await access.by_session(uow, session.person_id)
            if viewer is None:
                self.denied()
                return
            outcome = await action(uow, self.app.services, viewer, args)
            await uow.commit()
        back = args.get("back", "")
        slug = back if back in {p.slug for p in PAGES} else PAGES[0].slug
        self.redirect(f"{self.app.base}/{slug}?{urlencode({'flash': outcome})}", status=303)


class Static(StaticFileHandler, Base):
    def initialize(self, app: App, path: str) -> None:  # type: ignore[override]
        Base.initialize(self, app)
        StaticFileHandler.initialize(self, path)

    def set_extra_headers(self, path: str) -> None:
        # Assets may be cached: they carry no personal data (pages themselves are no-store).
        self.set_header("Cache-Control", "public, max-age=3600")


def routes(storage: Storage, services: ServiceContext, token: str) -> list[Route]:
    """The dashboard's routes for the bot's HTTP server; none when it is not enabled."""
    settings = services.settings.dashboard
    if not settings.enabled:
        return []
    app = App(
        storage=storage,
        services=services,
        token=token,
        sessions=Sessions(
            storage.cipher.ring.derived_key("dashboard-session"), settings.max_age_seconds
        ),
        templates=templates(),
        base=settings.path.rstrip("/"),
    )
    base = app.base
    found: list[Route] = [
        (f"{base}/?", Launch, {"app": app}),
        (f"{base}/auth", Auth, {"app": app}),
        (f"{base}/denied", Denied, {"app": app}),
        (f"{base}/act/([a-z]+)", ActionHandler, {"app": app}),
        (f"{base}/static/(.*)", Static, {"app": app, "path": str(HERE / "static")}),
    ]
    # One route per page of the table: adding a page adds its address and its tab.
    found += [(f"{base}/{p.slug}", PageHandler, {"app": app, "spec": p}) for p in PAGES]
    return found
