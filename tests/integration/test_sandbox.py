"""The sandbox Bot API server, exercised through the real python-telegram-bot over HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import time
from collections.abc import AsyncIterator

import httpx
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.sandbox import Fault, Sandbox

ALICE, BOB = 1001, 1002


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22.x warns (an error here) on every RetryAfter unless opted in to timedeltas.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def sb() -> AsyncIterator[Sandbox]:
    async with Sandbox(token="123456:TEST", bot_username="entraide_test_bot") as sandbox:
        yield sandbox


@pytest.fixture
async def bot(sb: Sandbox) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(
        sb.token, base_url=sb.base_url, base_file_url=sb.base_file_url
    ) as client:
        yield client


def started(sb: Sandbox, user_id: int, **names: str):
    """A user who has already opened the chat (the bot may write to them)."""
    user = sb.user(user_id, **names)
    user.send_command("/start")
    return user


async def confirm_all(bot: telegram.Bot) -> list[telegram.Update]:
    updates = list(await bot.get_updates())
    if updates:
        await bot.get_updates(offset=updates[-1].update_id + 1)
    return updates


# --- identity, updates, long polling ------------------------------------------------------------


async def test_get_me_names_the_bot_from_the_token(bot: telegram.Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456, True, "entraide_test_bot")


async def test_user_text_arrives_through_get_updates_and_offset_confirms_it(
    sb: Sandbox, bot: telegram.Bot
) -> None:
    alice = sb.user(
        ALICE, first_name="Alice", last_name="Martin", username="alice_m", language_code="fr"
    )
    message_id = alice.send_text("bonjour")

    updates = await bot.get_updates()
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None
    assert (message.message_id, message.text) == (message_id, "bonjour")
    assert message.chat.type == "private" and message.chat.id == ALICE
    assert message.from_user is not None
    assert (
        message.from_user.first_name,
        message.from_user.last_name,
        message.from_user.username,
        message.from_user.language_code,
    ) == ("Alice", "Martin", "alice_m", "fr")

    again = await bot.get_updates()  # not confirmed yet: Telegram hands it out again
    assert [u.update_id for u in again] == [updates[0].update_id]
    assert await bot.get_updates(offset=updates[0].update_id + 1) == ()
    assert sb.pending_updates() == []


async def test_long_poll_answers_as_soon_as_an_update_arrives(
    sb: Sandbox, bot: telegram.Bot
) -> None:
    alice = sb.user(ALICE)
    began = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5, read_timeout=10))
    await asyncio.sleep(0.05)
    alice.send_text("ping")
    updates = await poll
    assert [u.message.text for u in updates if u.message] == ["ping"]
    assert time.monotonic() - began < 2


async def test_a_second_poller_terminates_the_first_with_conflict(
    sb: Sandbox, bot: telegram.Bot
) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5, read_timeout=10))
    await asyncio.sleep(0.05)
    # A second process: one Bot never polls twice at once (PTB pools getUpdates to one).
    async with telegram.Bot(sb.token, base_url=sb.base_url) as other:
        assert await other.get_updates(timeout=dtm.timedelta(milliseconds=100)) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await first


async def test_a_real_application_polls_handles_and_confirms(sb: Sandbox) -> None:
    alice = sb.user(ALICE, first_name="Alice")

    async def echo(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(
            f"echo: {update.effective_message.text}", do_quote=True
        )

    app = (
        ApplicationBuilder()
        .token(sb.token)
        .base_url(sb.base_url)
        .base_file_url(sb.base_file_url)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        alice.send_text("hello")
        reply = await alice.next_message()
        await app.updater.stop()
        await app.stop()

    assert reply.text == "echo: hello"
    assert reply.reply_to_message_id == 1
    assert sb.calls("deleteWebhook")  # PTB's bootstrap before polling
    assert sb.pending_updates() == []  # the updater confirmed what it handled


# --- keyboards and callbacks ----------------------------------------------------------------------


async def test_inline_button_press_becomes_a_callback_query(sb: Sandbox, bot: telegram.Bot) -> None:
    alice = started(sb, ALICE)
    await confirm_all(bot)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Oui", callback_data="c:yes"),
                InlineKeyboardButton("Non", callback_data="c:no"),
            ]
        ]
    )
    sent = await bot.send_message(ALICE, "Consentez-vous ?", reply_markup=keyboard)

    shown = await alice.wait_for("Consentez")
    assert shown.buttons() == [("Oui", "c:yes"), ("Non", "c:no")]
    query_id = alice.press(shown, button_text="Non")

    updates = await confirm_all(bot)
    query = updates[0].callback_query
    assert query is not None and query.id == query_id
    assert query.data == "c:no" and query.from_user.id == ALICE
    assert isinstance(query.message, telegram.Message)
    assert query.message.message_id == sent.message_id
    assert await query.answer("Noté")
    assert await alice.wait_answer(query_id) == {"text": "Noté"}
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await query.answer("again")


async def test_crafted_callback_data_is_delivered_unchecked(sb: Sandbox, bot: telegram.Bot) -> None:
    alice = started(sb, ALICE)
    sent = await bot.send_message(
        ALICE,
        "x",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="pair:1")]]),
    )
    alice.press_data(sent.message_id, "pair:999")
    alice.press_data(999, "pair:1")  # a message Telegram no longer has
    queries = [u.callback_query for u in await confirm_all(bot) if u.callback_query]
    assert [q.data for q in queries] == ["pair:999", "pair:1"]
    assert queries[1].message is not None and not queries[1].message.is_accessible


async def test_callback_data_over_64_bytes_is_refused(sb: Sandbox, bot: telegram.Bot) -> None:
    started(sb, ALICE)
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(
            ALICE,
            "x",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("A", callback_data="x" * 65)]]
            ),
        )


# --- relaying -----------------------------------------------------------------------------------


async def test_copy_of_a_user_photo_keeps_caption_and_reply(sb: Sandbox, bot: telegram.Bot) -> None:
    alice = started(sb, ALICE)
    bob = started(sb, BOB)
    photo_id = alice.send_photo(caption="mon dessin")
    earlier = await bot.send_message(BOB, "Votre pair vous écrit")

    copied = await bot.copy_message(
        BOB, ALICE, photo_id, reply_parameters=ReplyParameters(earlier.message_id)
    )

    received = bob.received[-1]
    original = sb.message(ALICE, photo_id)
    assert original is not None
    assert received.message_id == copied.message_id
    assert (received.method, received.kind, received.caption) == (
        "copyMessage",
        "photo",
        "mon dessin",
    )
    assert received.reply_to_message_id == earlier.message_id
    assert received.copied_from == (ALICE, photo_id)
    assert received.file_id == original["photo"][-1]["file_id"]
    assert "forward_origin" not in (sb.message(BOB, copied.message_id) or {})
    assert sb.calls("forwardMessage") == []


async def test_every_user_media_kind_deserializes_and_can_be_resent_by_file_id(
    sb: Sandbox, bot: telegram.Bot
) -> None:
    alice = started(sb, ALICE)
    started(sb, BOB)
    await confirm_all(bot)
    alice.send_photo(caption="p")
    alice.send_video(caption="v")
    alice.send_animation()
    alice.send_voice()
    alice.send_video_note()
    alice.send_audio()
    alice.send_document(file_name="cv.pdf")
    alice.send_sticker()
    updates = await confirm_all(bot)
    senders = [
        bot.send_photo,
        bot.send_video,
        bot.send_animation,
        bot.send_voice,
        bot.send_video_note,
        bot.send_audio,
        bot.send_document,
        bot.send_sticker,
    ]
    for update, send in zip(updates, senders, strict=True):
        assert update.message is not None
        attachment = update.message.effective_attachment
        file_id = attachment[-1].file_id if isinstance(attachment, tuple) else attachment.file_id  # type: ignore[union-attr]
        sent = await send(BOB, file_id)  # type: ignore[operator]
        assert sent.effective_attachment

    for kind in ("contact", "location", "venue", "poll", "dice"):
        getattr(alice, f"send_{kind}")()
    messages = [u.message for u in await confirm_all(bot) if u.message]
    kinds = ("contact", "location", "venue", "poll", "dice")
    assert all(getattr(message, kind) for message, kind in zip(messages, kinds, strict=True))

    voice = next(m for m in sb.user(BOB).received if m.kind == "voice")
    assert voice.method == "sendVoice" and voice.file_id
    with pytest.raises(BadRequest, match=r"(?i)can't use file of type Voice as Photo"):
        await bot.send_photo(BOB, voice.file_id)


async def test_uploaded_photo_downloads_as_the_same_bytes(sb: Sandbox, bot: telegram.Bot) -> None:
    started(sb, ALICE)
    content = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    sent = await bot.send_photo(ALICE, content, caption="graphique")

    file = await bot.get_file(sent.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == content
    upload = sb.calls("sendPhoto")[-1].params
    assert upload["chat_id"] == ALICE  # typed, though PTB sent it as a form string
    assert upload["photo"]["size"] == len(content)


# --- edits and deletions ------------------------------------------------------------------------


async def test_bot_edits_keep_history_and_identical_edits_are_refused(
    sb: Sandbox, bot: telegram.Bot
) -> None:
    alice = started(sb, ALICE)
    sent = await bot.send_message(
        ALICE,
        "v1",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="ok")]]),
    )
    await bot.edit_message_text("v2", ALICE, sent.message_id)

    shown = alice.received[-1]
    assert shown.text == "v2"
    assert shown.reply_markup is None  # an edit without reply_markup drops the keyboard
    assert [old.text for old in shown.edits] == ["v1"]
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("v2", ALICE, sent.message_id)

    photo = await bot.send_photo(ALICE, b"img", caption="c1")
    await bot.edit_message_caption(ALICE, photo.message_id, caption="c2")
    assert alice.received[-1].caption == "c2"
    with pytest.raises(BadRequest, match=r"(?i)there is no text"):
        await bot.edit_message_text("t", ALICE, photo.message_id)
    await bot.edit_message_reply_markup(
        ALICE,
        photo.message_id,
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="b")]]),
    )
    assert alice.received[-1].buttons() == [("b", "b")]

    assert await bot.delete_message(ALICE, sent.message_id)
    assert [m.message_id for m in alice.received] == [photo.message_id]
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(ALICE, sent.message_id)


async def test_user_edit_becomes_an_edited_message_update(sb: Sandbox, bot: telegram.Bot) -> None:
    alice = sb.user(ALICE)
    text_id = alice.send_text("before")
    photo_id = alice.send_photo(caption="old caption")
    alice.edit(text_id, "after")
    alice.edit(photo_id, "new caption")
    updates = await confirm_all(bot)
    edited = [u.edited_message for u in updates if u.edited_message]
    assert [(m.message_id, m.text, m.caption) for m in edited] == [
        (text_id, "after", None),
        (photo_id, None, "new caption"),
    ]
    assert all(m.edit_date is not None for m in edited)


# --- Telegram's refusals --------------------------------------------------------------------------


async def test_bad_requests_read_like_telegrams(sb: Sandbox, bot: telegram.Bot) -> None:
    alice = started(sb, ALICE)
    sb.user(BOB)  # exists but never wrote to the bot
    refusals = [
        (bot.send_message(4242, "x"), BadRequest, "chat not found"),
        (bot.send_message(ALICE, " "), BadRequest, "message text is empty"),
        (bot.send_message(ALICE, "x" * 4097), BadRequest, "message is too long"),
        (
            bot.send_photo(ALICE, b"i", caption="x" * 1025),
            BadRequest,
            "message caption is too long",
        ),
        (
            bot.send_message(ALICE, "x", reply_to_message_id=999),
            BadRequest,
            "message to be replied not found",
        ),
        (bot.send_message(ALICE, "<b>x", parse_mode="HTML"), BadRequest, "can't parse entities"),
        (bot.send_message(ALICE, "1.5", parse_mode="MarkdownV2"), BadRequest, "reserved"),
        (bot.send_message(BOB, "x"), Forbidden, "can't initiate conversation"),
        (bot.copy_message(ALICE, ALICE, 999), BadRequest, "message to copy not found"),
    ]
    for call, error, text in refusals:
        with pytest.raises(error, match=f"(?i){text}"):
            await call
    assert len(alice.received) == 0

    lenient = await bot.send_message(
        ALICE, "x", reply_parameters=ReplyParameters(999, allow_sending_without_reply=True)
    )
    assert lenient.reply_to_message is None
    html = await bot.send_message(ALICE, "<b>Léa</b> &lt;3", parse_mode="HTML")
    assert html.text == "Léa <3" and html.entities[0].type == "bold"


async def test_wrong_token_and_unknown_method(sb: Sandbox, bot: telegram.Bot) -> None:
    with pytest.raises(InvalidToken):
        async with telegram.Bot("123456:WRONG", base_url=sb.base_url):
            pass
    async with httpx.AsyncClient() as client:
        unknown = await client.post(f"{sb.base_url}{sb.token}/fooBar")
        wrong = await client.post(f"{sb.base_url}123456:WRONG/getMe")
    assert unknown.status_code == 404
    assert unknown.json() == {
        "ok": False,
        "error_code": 404,
        "description": "Not Found: method not found",
    }
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert [r.status_code for r in sb.requests][-3:] == [401, 404, 401]


async def test_json_bodies_and_query_strings_are_understood(sb: Sandbox) -> None:
    alice = started(sb, ALICE)
    async with httpx.AsyncClient() as client:
        by_json = await client.post(
            f"{sb.base_url}{sb.token}/sendMessage",
            json={
                "chat_id": ALICE,
                "text": "json",
                "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "a"}]]},
            },
        )
        by_query = await client.get(
            f"{sb.base_url}{sb.token}/sendmessage", params={"chat_id": str(ALICE), "text": "query"}
        )
    assert by_json.json()["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "a"
    assert by_query.json()["ok"] is True
    assert [m.text for m in alice.received] == ["json", "query"]


async def test_blocking_the_bot_sends_my_chat_member_and_forbids_sending(
    sb: Sandbox, bot: telegram.Bot
) -> None:
    alice = started(sb, ALICE)
    await confirm_all(bot)
    alice.block()
    with pytest.raises(Forbidden, match=r"(?i)blocked by the user"):
        await bot.send_message(ALICE, "x")
    member = (await confirm_all(bot))[0].my_chat_member
    assert member is not None and member.new_chat_member.status == "kicked"
    alice.send_text("je reviens")  # writing again unblocks, as "Restart" does
    assert (await bot.send_message(ALICE, "ok")).text == "ok"


# --- fault injection ------------------------------------------------------------------------------


async def test_429_surfaces_as_retry_after_and_sends_nothing(
    sb: Sandbox, bot: telegram.Bot
) -> None:
    alice = started(sb, ALICE)
    sb.add_fault(Fault("429", count=1, retry_after=3))
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(ALICE, "first")
    assert refused.value.retry_after == dtm.timedelta(seconds=3)
    assert alice.received == []
    assert sb.requests[-1].status_code == 429
    await bot.send_message(ALICE, "second")
    assert [m.text for m in alice.received] == ["second"]


async def test_429_for_a_duration_then_recovers(sb: Sandbox, bot: telegram.Bot) -> None:
    started(sb, ALICE)
    sb.add_fault(Fault("429", duration=0.2))
    with pytest.raises(RetryAfter):
        await bot.send_message(ALICE, "x")
    await bot.get_me()  # not a sending method: unaffected
    await asyncio.sleep(0.25)
    await bot.send_message(ALICE, "x")


async def test_403_applies_to_one_chat_only(sb: Sandbox, bot: telegram.Bot) -> None:
    started(sb, ALICE)
    bob = started(sb, BOB)
    handle = sb.add_fault(Fault("403", chat_id=ALICE))
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(ALICE, "x")
    await bot.send_message(BOB, "x")
    assert len(bob.received) == 1
    handle.remove()
    await bot.send_message(ALICE, "x")


async def test_5xx_surfaces_as_network_error(sb: Sandbox, bot: telegram.Bot) -> None:
    alice = started(sb, ALICE)
    sb.add_fault(Fault("5xx", method="sendMessage", count=2))
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(ALICE, "x")
    assert alice.received == []
    assert [r.status_code for r in sb.calls("sendMessage")] == [502, 502]
    await bot.send_message(ALICE, "x")


async def test_delay_answers_late_but_applies(sb: Sandbox, bot: telegram.Bot) -> None:
    alice = started(sb, ALICE)
    sb.add_fault(Fault("delay", delay=0.2, count=1))
    began = time.monotonic()
    await bot.send_message(ALICE, "slow")
    assert time.monotonic() - began >= 0.2
    assert alice.received[-1].text == "slow"


async def test_hang_applies_the_send_but_the_answer_never_comes(
    sb: Sandbox, bot: telegram.Bot
) -> None:
    alice = started(sb, ALICE)
    sb.add_fault(Fault("hang", count=1))  # delay 0: held until the sandbox stops
    with pytest.raises(TimedOut):
        await bot.send_message(ALICE, "lost answer", read_timeout=0.2)
    assert [m.text for m in alice.received] == ["lost answer"]
    assert sb.calls("sendMessage")[-1].status_code == 200


async def test_hang_with_a_delay_drops_the_connection(sb: Sandbox, bot: telegram.Bot) -> None:
    alice = started(sb, ALICE)
    sb.add_fault(Fault("hang", delay=0.1, count=1))
    with pytest.raises(NetworkError):
        await bot.send_message(ALICE, "dropped")
    assert alice.received[-1].text == "dropped"


async def test_global_response_delay(sb: Sandbox, bot: telegram.Bot) -> None:
    sb.response_delay = 0.05
    began = time.monotonic()
    await bot.get_me()
    await bot.get_me()
    assert time.monotonic() - began >= 0.1


async def test_unknown_fault_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        Fault("418")


# --- webhook --------------------------------------------------------------------------------------


class _Receiver(RequestHandler):
    def initialize(
        self, seen: list[tuple[str | None, dict[str, object]]], statuses: list[int]
    ) -> None:
        self.seen = seen
        self.statuses = statuses

    def post(self) -> None:
        self.seen.append(
            (
                self.request.headers.get("X-Telegram-Bot-Api-Secret-Token"),
                json.loads(self.request.body),
            )
        )
        self.set_status(self.statuses.pop(0) if self.statuses else 200)


@pytest.fixture
async def receiver() -> AsyncIterator[
    tuple[str, list[tuple[str | None, dict[str, object]]], list[int]]
]:
    seen: list[tuple[str | None, dict[str, object]]] = []
    statuses: list[int] = []
    sockets = bind_sockets(0, "127.0.0.1")
    server = HTTPServer(Application([(r"/hook", _Receiver, {"seen": seen, "statuses": statuses})]))
    server.add_sockets(sockets)
    yield f"http://127.0.0.1:{sockets[0].getsockname()[1]}/hook", seen, statuses
    server.stop()
    await server.close_all_connections()


async def wait_until(condition, within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def test_webhook_delivers_in_order_with_secret_and_retries(
    sb: Sandbox, bot: telegram.Bot, receiver
) -> None:
    url, seen, statuses = receiver
    alice = sb.user(ALICE)
    statuses.append(500)  # the first POST fails: the same update must come again
    assert await bot.set_webhook(url, secret_token="s3cret-token")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    info = await bot.get_webhook_info()
    assert info.url == url

    alice.send_text("un")
    alice.send_text("deux")
    await wait_until(lambda: len(sb.updates_sent) == 2)
    assert [secret for secret, _ in seen] == ["s3cret-token"] * 3
    assert [update["message"]["text"] for _, update in seen] == ["un", "un", "deux"]
    assert [d.status_code for d in sb.webhook_deliveries] == [500, 200, 200]

    assert await bot.delete_webhook()
    alice.send_text("trois")
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["trois"]


async def test_webhook_refuses_non_loopback_hosts(sb: Sandbox, bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)loopback"):
        await bot.set_webhook("https://example.com/hook")


# --- replay, commands, waiting -----------------------------------------------------------------


async def test_replay_delivers_an_update_again_with_the_same_id(
    sb: Sandbox, bot: telegram.Bot
) -> None:
    alice = sb.user(ALICE)
    alice.send_text("une fois")
    first = await confirm_all(bot)
    sb.replay(first[0].update_id)
    alice.send_text("après")
    again = await confirm_all(bot)
    assert [u.update_id for u in again] == [first[0].update_id, first[0].update_id + 1]
    assert again[0].message is not None and again[0].message.text == "une fois"
    assert sb.pending_updates() == []


async def test_commands_are_stored_per_scope_and_language(sb: Sandbox, bot: telegram.Bot) -> None:
    started(sb, ALICE)
    await bot.set_my_commands([("start", "Commencer"), ("sos", "Aide urgente")], language_code="fr")
    await bot.set_my_commands([("start", "Start")])
    await bot.set_my_commands(
        [("pending", "Pending peers")], scope=telegram.BotCommandScopeChat(ALICE)
    )

    assert [c["command"] for c in sb.commands("default", language_code="fr")] == ["start", "sos"]
    assert sb.commands("default") == [{"command": "start", "description": "Start"}]
    assert sb.commands("chat", chat_id=ALICE)[0]["command"] == "pending"
    assert [c.command for c in await bot.get_my_commands(language_code="fr")] == ["start", "sos"]
    assert sb.visible_commands(BOB + 1, "fr")[1]["command"] == "sos"
    assert sb.visible_commands(ALICE, "fr")[0]["command"] == "pending"
    await bot.delete_my_commands(scope=telegram.BotCommandScopeChat(ALICE))
    assert sb.commands("chat", chat_id=ALICE) == []
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("Bad-Name", "x")])


async def test_wait_for_times_out_listing_what_was_received(sb: Sandbox, bot: telegram.Bot) -> None:
    alice = started(sb, ALICE)
    await bot.send_message(ALICE, "Bienvenue")
    with pytest.raises(AssertionError, match="Bienvenue"):
        await alice.wait_for("jamais", timeout=0.05)
    both = await alice.wait_for(lambda m: m.text is not None, count=1)
    assert both.text == "Bienvenue"
    waiter = asyncio.create_task(alice.wait_for(count=2))
    await bot.send_message(ALICE, "Deuxième")
    assert [m.text for m in await waiter] == ["Bienvenue", "Deuxième"]
    assert (await alice.next_message()).text == "Bienvenue"
    assert (await alice.next_message()).text == "Deuxième"


async def test_message_ids_are_shared_by_both_sides_of_a_chat(
    sb: Sandbox, bot: telegram.Bot
) -> None:
    alice = sb.user(ALICE)
    assert alice.send_text("1") == 1
    sent = await bot.send_message(ALICE, "2")
    assert sent.message_id == 2
    assert alice.send_text("3", reply_to=2) == 3
    reply = (await confirm_all(bot))[-1].message
    assert reply is not None and reply.reply_to_message is not None
    assert reply.reply_to_message.text == "2"
