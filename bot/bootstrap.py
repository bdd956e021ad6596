"""The one composition root: settings in, a running bot out."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InputFile,
    MenuButtonWebApp,
)
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes

from bot.clock import Clock, clock_from_environment
from bot.config import Settings
from bot.dashboard import web as dashboard
from bot.delivery.dispatcher import Dispatcher, DispatcherConfig
from bot.delivery.health import Probe, monitoring_routes
from bot.delivery.http import AiohttpRequest
from bot.delivery.http_server import HttpServer, Route
from bot.delivery.inbox import ALLOWED_UPDATES, FatalIntakeError, PollingIntake, Processor
from bot.delivery.limits import BUTTON, COMMAND, MESSAGE, InboundLimiter, Rate
from bot.delivery.metrics import Metrics
from bot.delivery.prefetch import prefetch as prefetch_updates
from bot.delivery.webhook import webhook_routes
from bot.domain import risk_learned
from bot.domain.training import ModuleError
from bot.handlers.context import BotData, EntraideContext
from bot.handlers.registration import register
from bot.i18n import Translator
from bot.scheduling.runner import start_sweeps, stop_sweeps
from bot.scheduling.sweeps import default_sweeps
from bot.services.privacy import rights as privacy
from bot.services.reactions import REACTIONS
from bot.services.shared import people, replies
from bot.services.shared.buttons import ButtonCodec
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import UPLOAD_KEY, say
from bot.services.training import catalogue as training_catalogue
from bot.services.training import path as training_path
from bot.storage import migrate, person_keys
from bot.storage.circles_repo import CIRCLE_LINK
from bot.storage.crypto import Cipher, load_key_ring
from bot.storage.engine import create_engine
from bot.storage.keys import verify_or_seed_canary
from bot.storage.uow import Storage, UnitOfWork

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]


class StartupError(Exception):
    """Start-up cannot go on; the message is one line for the operator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_training_modules(settings: Settings) -> int:
    """Reads and checks the training modules; a file that cannot be used stops start-up with
    one line naming the file and the field. Returns how many modules there are."""
    try:
        return len(training_catalogue.modules(settings))
    except ModuleError as exc:
        raise StartupError(exc.message) from None


def build_storage(settings: Settings, clock: Clock | None = None) -> Storage:
    keys = settings.security.keys.get_secret_value() if settings.security.keys else None
    ring = load_key_ring(keys, settings.security.key_file or None)
    engine = create_engine(
        settings.database.url, pool_size=settings.database.pool_size, echo=settings.database.echo
    )
    cipher = Cipher(ring)
    cipher.set_slow_cost(2**settings.security.index_cost)
    return Storage(engine, cipher, clock or clock_from_environment())


async def on_start_conflict_retry(step: Callable[[], Awaitable[object]]) -> None:
    """Two processes starting together on a new database race to create the same first rows
    (the key canary, the key store's id, the configured coordinators): the loser's insert
    fails on a unique constraint, and on its next try it finds what the winner made."""
    for attempt in range(3):
        try:
            await step()
            return
        except IntegrityError:
            if attempt == 2:
                raise
            await asyncio.sleep(0.2 * (attempt + 1))


def person_keys_url(settings: Settings) -> str:
    """The person key store's URL: configured, or beside a SQLite database file."""
    configured = settings.security.person_keys_url
    if configured:
        if configured == settings.database.url:
            raise StartupError(
                "security.person_keys_url must name another database than database.url: "
                "kept together, a backup would carry the keys that erasure destroys"
            )
        return configured
    derived = person_keys.default_url(settings.database.url)
    if derived is None:
        raise StartupError(
            "security.person_keys_url is required with this database.url: point it at a "
            "separate database for the person keys (see config.example.toml)"
        )
    return derived


async def open_person_keys(settings: Settings, storage: Storage) -> None:
    """After the key canary: the person key store, checked to belong to this database."""
    url = person_keys_url(settings)
    missing = _missing_sqlite_directory(url)
    if missing:
        raise StartupError("security.person_keys_url: its directory does not exist")
    try:
        await on_start_conflict_retry(lambda: person_keys.open_store(storage, url))
    except person_keys.KeyStoreMismatchError as exc:
        raise StartupError(exc.message) from None
    except (SQLAlchemyError, OSError) as exc:
        raise StartupError(
            f"security.person_keys_url: cannot open the person key store ({type(exc).__name__})"
        ) from None


async def ensure_schema_current(url: str) -> None:
    missing = _missing_sqlite_directory(url)
    if missing:
        # Checked up front: a failed SQLite open leaves a driver thread behind that outlives
        # the event loop, and the operator deserves the plainer message anyway.
        raise StartupError("database.url: cannot open the database (its directory does not exist)")
    try:
        current = await migrate.current_revision(url)
    except (SQLAlchemyError, OSError) as exc:
        raise StartupError(
            f"database.url: cannot open the database ({type(exc).__name__})"
        ) from None
    head = migrate.head_revision(url)
    if current != head:
        raise StartupError(
            f"the database is at revision {current or 'empty'} but this version needs {head}: "
            "run `python -m bot db upgrade` first"
        )


def _missing_sqlite_directory(url: str) -> bool:
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return False
    return not Path(parsed.database).expanduser().resolve().parent.is_dir()


def build_application(
    settings: Settings, token: str, on_api_success: Callable[[], None] | None = None
) -> AnyApp:
    timeout = settings.telegram.request_timeout_seconds
    requests = [AiohttpRequest(n, timeout, timeout, timeout, timeout) for n in (64, 1)]
    for request in requests:
        request.on_success = on_api_success
    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram.base_url)
        .base_file_url(settings.telegram.base_file_url)
        .context_types(ContextTypes(context=EntraideContext, bot_data=BotData))
        # Our own intake replaces PTB's updater, which confirms updates before handling them.
        .updater(None)
        # aiohttp, not PTB's default httpx: the same calls for a ninth of the CPU (http.py).
        .request(requests[0])
        .get_updates_request(requests[1])
        .build()
    )
    register(app)
    return app


@dataclass
class Runtime:
    settings: Settings
    storage: Storage
    services: ServiceContext
    app: AnyApp
    dispatcher: Dispatcher
    processor: Processor
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    # Health and metrics (bot/delivery/health.py), for orchestrators and Prometheus.
    metrics: Metrics = field(default_factory=Metrics)
    probe: Probe | None = None


def build_runtime(settings: Settings, storage: Storage, token: str) -> Runtime:
    services = ServiceContext(
        settings=settings,
        t=Translator(settings.network.languages, settings.network.default_language),
        clock=storage.clock,
        buttons=ButtonCodec(storage.cipher.ring.derived_key("buttons")),
        reactions=REACTIONS,
    )
    metrics = Metrics()
    app = build_application(settings, token, on_api_success=metrics.api_ok)
    app.bot_data.services = services
    bot = app.bot

    async def call(method: str, params: dict[str, Any]) -> Any:
        # The raw call keeps outbox payloads as plain Bot API JSON; PTB's typed methods would
        # need them rebuilt into objects only to serialise them again.
        return await bot._post(method, api_kwargs=with_uploads(params))

    dispatcher = Dispatcher(
        storage,
        call,
        storage.clock,
        DispatcherConfig(
            max_per_second=settings.telegram.max_messages_per_second,
            per_chat_per_second=settings.telegram.per_chat_messages_per_second,
            per_chat_burst=settings.telegram.per_chat_burst,
            max_in_flight=settings.telegram.max_concurrent_sends,
            hooks={"link": _record_copy_ids, CIRCLE_LINK: _record_circle_copy_ids},
            on_result=metrics.count_send,
        ),
    )

    async def on_failure(uow: UnitOfWork, data: dict[str, Any]) -> None:
        await _apologise(uow, services, data)

    async def on_limited(uow: UnitOfWork, data: dict[str, Any]) -> None:
        await _ask_to_slow_down(uow, services, data)

    limits = settings.limits
    limiter = InboundLimiter(
        {
            MESSAGE: Rate(limits.messages_per_second, limits.messages_burst),
            COMMAND: Rate(limits.commands_per_second, limits.commands_burst),
            BUTTON: Rate(limits.buttons_per_second, limits.buttons_burst),
        }
    )
    processor = Processor(
        storage,
        app,
        storage.clock,
        on_failure=on_failure,
        prefetch=prefetch_updates,
        limiter=limiter,
        on_limited=on_limited,
        metrics=metrics,
    )
    runtime = Runtime(settings, storage, services, app, dispatcher, processor, metrics=metrics)
    token_value = settings.metrics.token.get_secret_value() if settings.metrics.token else None
    runtime.probe = Probe(storage, metrics, migrate.head_revision(settings.database.url))
    runtime.probe.token = token_value
    return runtime


def with_uploads(params: dict[str, Any]) -> dict[str, Any]:
    """Outbox payloads are JSON, so a file to upload travels as base64 under ``_upload``
    (``{"field": "photo", "filename": "stats.png", "base64": "..."}``) and becomes a real
    multipart upload here."""
    upload = params.get(UPLOAD_KEY)
    if not isinstance(upload, dict):
        return params
    out = {k: v for k, v in params.items() if k != UPLOAD_KEY}
    out[str(upload["field"])] = InputFile(
        base64.b64decode(upload["base64"]), filename=str(upload.get("filename", "file"))
    )
    return out


async def _record_copy_ids(uow: UnitOfWork, delivered: list[tuple[str, int | None]]) -> None:
    """Relayed copies were delivered: remember their ids, so replies and edits can find them."""
    await uow.pairs.set_copy_ids(delivered)


async def _record_circle_copy_ids(uow: UnitOfWork, delivered: list[tuple[str, int | None]]) -> None:
    """The same for the copies of a circle session's messages."""
    await uow.circles.set_copy_ids(delivered)


async def _apologise(uow: UnitOfWork, services: ServiceContext, data: dict[str, Any]) -> None:
    """After the last failed attempt the sender hears about it instead of waiting forever."""
    for key in ("message", "edited_message", "callback_query"):
        sender = (data.get(key) or {}).get("from")
        if sender and not sender.get("is_bot"):
            person = await people.identify(
                uow, services, int(sender["id"]), sender.get("language_code")
            )
            await replies.apologise(uow, services, person)
            return


async def _ask_to_slow_down(
    uow: UnitOfWork, services: ServiceContext, data: dict[str, Any]
) -> None:
    """A command ignored by the inbound limit: its sender hears it once, kindly."""
    message = data.get("message") or {}
    sender = message.get("from")
    if sender and not sender.get("is_bot"):
        person = await people.identify(
            uow, services, int(sender["id"]), sender.get("language_code")
        )
        await say(uow, person, services.t(person.language, "limits.slow_down"))


async def ensure_coordinators(runtime: Runtime) -> None:
    """Configured coordinators exist from the first start, so alerts reach them before they
    have ever written to the bot."""
    async with runtime.storage.uow() as uow:
        for telegram_id in runtime.settings.network.coordinators:
            await people.identify(uow, runtime.services, telegram_id, None)
        await uow.commit()


async def review_training(runtime: Runtime) -> None:
    """The training path's review once before any update is served: on the first start with
    training, the peers approved so far get their grace period before an approval could slip
    past the gate (docs/training.md, "Upgrading a running network")."""
    async with runtime.storage.uow() as uow:
        await training_path.review(uow, runtime.services)
        await uow.commit()


async def erase_restored(runtime: Runtime) -> None:
    """A restored backup may hold people erased since it was taken: they are erased again
    before anything is served (see docs/operations.md, "Restoring a backup")."""
    async with runtime.storage.uow() as uow:
        await privacy.erase_unreadable(uow, runtime.services)
        await uow.commit()
    async with runtime.storage.uow() as uow:
        # The configured coordinators are looked up next: known without the slow hash.
        await uow.people.warm_index_cache(coordinators=True)


async def warm_index_cache(runtime: Runtime) -> None:
    """In the background after start-up: people's Telegram-id index learnt by decrypting their
    ids, so their first update after a restart does not pay for the slow hash."""
    try:
        async with runtime.storage.uow() as uow:
            done = await uow.people.warm_index_cache()
        log.info("telegram index cache warmed", extra={"count": done})
    except SQLAlchemyError as exc:
        # Only a speed-up: updates hash the ids themselves when it is missing.
        log.warning("telegram index warm-up failed", extra={"error": type(exc).__name__})


async def publish_commands(runtime: Runtime) -> None:
    """Command menus: everyone's per language; coordinators' chats with their commands too."""
    services = runtime.services
    t = services.t
    bot = runtime.app.bot

    def menu(language: str | None, coordinator: bool) -> list[BotCommand]:
        entries = replies.command_menu(services, language, coordinator=coordinator)
        return [BotCommand(e["command"], e["description"]) for e in entries]

    # Without a language code: whoever's Telegram speaks none of ours gets the default one.
    await bot.set_my_commands(menu(t.default, False), scope=BotCommandScopeDefault())
    for lang in t.languages:
        code = lang.split("_")[0]
        if len(code) == 2:  # Telegram takes two-letter ISO 639-1 codes only
            await bot.set_my_commands(
                menu(lang, False), scope=BotCommandScopeDefault(), language_code=code
            )
    async with runtime.storage.uow() as uow:
        coordinators = await uow.people.coordinators()
    for person in coordinators:
        try:
            await bot.set_my_commands(
                menu(person.language, True), scope=BotCommandScopeChat(person.telegram_id)
            )
            button = replies.dashboard_button(services, person.language)
            if button is not None:
                await bot.set_chat_menu_button(
                    person.telegram_id, MenuButtonWebApp.de_json(button, bot)
                )
        except TelegramError as exc:
            # Not started the bot yet: their menu is set when they first send /start.
            log.info(
                "coordinator menu not set",
                extra={"person": person.code, "error": type(exc).__name__},
            )


async def serve(
    settings: Settings,
    *,
    install_signals: bool = True,
    stop: asyncio.Event | None = None,
    announce: bool = True,
) -> None:
    """Runs until SIGTERM/SIGINT (or ``stop``): intake, processing, delivery, then a clean stop."""
    token = settings.require_token()
    check_training_modules(settings)
    storage = build_storage(settings)
    try:
        await ensure_schema_current(settings.database.url)
        await on_start_conflict_retry(lambda: verify_or_seed_canary(storage))
        await open_person_keys(settings, storage)
        runtime = build_runtime(settings, storage, token)
        if stop is not None:
            runtime.stop = stop
        try:
            try:
                await runtime.app.initialize()
            except TelegramError:
                # The connections opened for the failed getMe must not outlive the attempt.
                await runtime.app.bot.shutdown()
                raise
        except InvalidToken:
            raise StartupError("telegram.token: Telegram rejected the bot token") from None
        except NetworkError as exc:
            raise StartupError(
                f"telegram.base_url: cannot reach the Bot API ({type(exc).__name__})"
            ) from None
        try:
            await _serve(runtime, install_signals, announce)
        finally:
            await runtime.app.shutdown()
    finally:
        await storage.dispose()


def http_routes(runtime: Runtime) -> list[Route]:
    """What the bot serves over HTTP besides the webhook; each feature that has pages or
    endpoints adds its routes here. In polling mode the server starts only if this is not
    empty."""
    routes: list[Route] = []
    routes += dashboard.routes(runtime.storage, runtime.services, runtime.settings.require_token())
    routes += monitoring_routes(runtime.probe, runtime.settings)
    return routes


async def _serve(runtime: Runtime, install_signals: bool, announce: bool) -> None:
    settings = runtime.settings
    stop = runtime.stop
    probe = runtime.probe
    if install_signals:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
    # Named among the processes sharing the database before anything is claimed, so another
    # process never takes this one's sends on the wire for orphans (bot/storage/cluster.py).
    await runtime.storage.liveness.start()
    await erase_restored(runtime)
    await on_start_conflict_retry(lambda: ensure_coordinators(runtime))
    await on_start_conflict_retry(lambda: review_training(runtime))
    with contextlib.suppress(TelegramError):
        await publish_commands(runtime)

    def on_stored() -> None:
        runtime.processor.wake()

    def on_webhook_stored() -> None:
        runtime.metrics.count_stored()
        on_stored()

    server: HttpServer | None = None
    intake_task: asyncio.Task[None] | None = None
    bot = runtime.app.bot
    routes = http_routes(runtime)
    if settings.telegram.mode == "webhook":
        hook = settings.telegram.webhook
        secret = hook.secret_token.get_secret_value() if hook.secret_token else ""
        routes = [
            *webhook_routes(
                runtime.storage, runtime.storage.clock, secret, hook.path, on_webhook_stored
            ),
            *routes,
        ]
        server = HttpServer(routes)
        port = server.listen(hook.listen, hook.port)
        try:
            await bot.set_webhook(
                url=hook.public_url + hook.path,
                secret_token=secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        except BadRequest as exc:
            await server.close()
            raise StartupError(
                f"telegram.webhook.public_url: the Bot API refused the webhook ({exc.message})"
            ) from None
        log.info("webhook intake listening", extra={"port": port})
    else:
        if routes:
            server = HttpServer(routes)
            port = server.listen(settings.http.listen, settings.http.port)
            log.info("http server listening", extra={"port": port})
        await bot.delete_webhook(drop_pending_updates=False)

        async def call(method: str, params: dict[str, Any], **kw: Any) -> Any:
            return await bot._post(method, api_kwargs=params, **kw)

        intake = PollingIntake(
            runtime.storage,
            call,
            runtime.storage.clock,
            on_stored,
            poll_timeout=settings.telegram.poll_timeout_seconds,
            metrics=runtime.metrics,
        )
        intake_task = asyncio.create_task(intake.run(stop), name="intake")
    await start_sweeps(
        runtime.app,
        runtime.storage,
        runtime.services,
        default_sweeps(),
        settings.scheduling.tick_seconds,
        observe=runtime.metrics.observe_sweep,
    )
    warm_task = asyncio.create_task(warm_index_cache(runtime), name="index-warm-up")
    # The risk model's learned weights, decoded before the first update is read (about 0.1 s
    # of CPU), so that the first message screened does not wait for them.
    risk_learned.model()
    processor_task = asyncio.create_task(runtime.processor.run(stop), name="processor")
    dispatcher_task = asyncio.create_task(runtime.dispatcher.run(stop), name="dispatcher")
    if probe is not None:
        probe.keys_loaded = True  # the key canary and the person key store opened above
        probe.intake_running = lambda: (
            not processor_task.done() and (intake_task is None or not intake_task.done())
        )
    log.info("bot running", extra={"mode": settings.telegram.mode})
    if announce:
        print("entraide: bot running; stop with Ctrl+C", flush=True)

    tasks = [t for t in (intake_task, processor_task, dispatcher_task) if t is not None]
    stop_wait = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait([*tasks, stop_wait], return_when=asyncio.FIRST_COMPLETED)
    stop.set()
    if probe is not None:
        probe.stopping = True  # /readyz fails at once: a load balancer stops sending here
    failure: BaseException | None = None
    for task in done:
        if task is not stop_wait and not task.cancelled() and task.exception() is not None:
            failure = task.exception()
    # Intake first: a long poll in progress holds nothing we need, and stopping it stops new work.
    if intake_task is not None:
        intake_task.cancel()
    if server is not None:
        await server.close()
    await stop_sweeps(runtime.app)
    warm_task.cancel()
    await asyncio.gather(processor_task, dispatcher_task, warm_task, return_exceptions=True)
    if intake_task is not None:
        await asyncio.gather(intake_task, return_exceptions=True)
    log.info("bot stopped")
    if isinstance(failure, FatalIntakeError):
        raise StartupError(str(failure))
    if failure is not None:
        raise failure
