"""The dashboard's trust in Telegram's launch data, its session cookie and CSRF token, and its
settings: what the sandbox signs as Telegram does is accepted; anything altered, too old, or
shaped wrong is refused the same way."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qsl

import pytest

from bot.config import ConfigError, Settings
from bot.config.loading import load_settings
from bot.dashboard.initdata import telegram_user
from bot.dashboard.session import Sessions
from bot.sandbox.webapp import init_data, launch_url, sign_fields

TOKEN = "123456:ABCdef_ghi"
NOW = 1_800_000_000


def test_the_data_the_sandbox_signs_is_checked_as_telegram_documents_it():
    data = init_data(TOKEN, 42, first_name="Ana", auth_date=NOW)
    fields = dict(parse_qsl(data))
    # Recomputed here from Telegram's documentation, independently of both modules.
    secret = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()) if k != "hash")
    assert fields["hash"] == hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    assert json.loads(fields["user"])["id"] == 42
    assert telegram_user(data, TOKEN, NOW + 10, 3600) == 42


@pytest.mark.parametrize(
    "data",
    [
        "",
        "hash=abc",
        "not a query string at all %%%",
        init_data("654321:OTHER", 42, auth_date=NOW),  # another bot's token
        init_data(TOKEN, 42, auth_date=NOW).replace("42", "43", 1),  # altered user
        init_data(TOKEN, 42, auth_date=NOW - 3601),  # too old
        init_data(TOKEN, 42, auth_date=NOW + 3600),  # from the future
        sign_fields({"auth_date": str(NOW)}, TOKEN),  # no user
        sign_fields({"auth_date": str(NOW), "user": '{"id": "42"}'}, TOKEN),  # id not a number
        sign_fields({"auth_date": "soon", "user": '{"id": 42}'}, TOKEN),
        sign_fields({"auth_date": str(NOW), "user": "[42]"}, TOKEN),
        init_data(TOKEN, 42, auth_date=NOW) + "&auth_date=" + str(NOW),  # repeated field
        "x=" + "a" * 5000,
    ],
)
def test_anything_else_is_refused_without_an_exception(data):
    assert telegram_user(data, TOKEN, NOW, 3600) is None


def test_the_launch_url_carries_the_data_in_the_fragment_only():
    data = init_data(TOKEN, 42, auth_date=NOW)
    url = launch_url("https://example.org/dashboard", data, color_scheme="dark")
    page, _, fragment = url.partition("#")
    assert page == "https://example.org/dashboard"
    passed = dict(parse_qsl(fragment))
    assert passed["tgWebAppData"] == data and passed["tgWebAppColorScheme"] == "dark"


def test_a_session_names_its_coordinator_until_it_expires_and_cannot_be_forged():
    sessions = Sessions(b"k" * 32, lifetime=600)
    cookie = sessions.issue("person-1", NOW)
    opened = sessions.open(cookie, NOW + 599)
    assert opened is not None and opened.person_id == "person-1"
    assert sessions.open(cookie, NOW + 601) is None
    assert sessions.open(cookie.replace("person-1", "person-2"), NOW) is None
    assert Sessions(b"j" * 32, lifetime=600).open(cookie, NOW) is None
    for junk in (None, "", "a.b.c", "x" * 500):
        assert sessions.open(junk, NOW) is None


def test_the_csrf_token_is_bound_to_its_session():
    sessions = Sessions(b"k" * 32, lifetime=600)
    first = sessions.open(sessions.issue("person-1", NOW), NOW)
    second = sessions.open(sessions.issue("person-1", NOW), NOW)
    assert first is not None and second is not None
    assert sessions.csrf_ok(first, sessions.csrf(first))
    assert not sessions.csrf_ok(first, sessions.csrf(second))
    assert not sessions.csrf_ok(first, "") and not sessions.csrf_ok(first, None)


def test_dashboard_settings(tmp_path):
    on = Settings.model_validate(
        {"dashboard": {"enabled": True, "public_url": "https://bot.example.org/"}}
    )
    assert on.dashboard.public_url == "https://bot.example.org" and on.dashboard.secure
    assert on.dashboard.path == "/dashboard" and on.dashboard.max_age_seconds == 3600
    local = Settings.model_validate(
        {"dashboard": {"enabled": True, "public_url": "http://127.0.0.1:8080"}}
    )
    assert not local.dashboard.secure
    for bad, key in (
        ("enabled = true", "dashboard.public_url"),
        ('public_url = "http://bot.example.org"', "dashboard.public_url"),
        ('path = "dashboard"', "dashboard.path"),
        ('path = "/"', "dashboard.path"),
        ("max_age_seconds = 5", "dashboard.max_age_seconds"),
        (
            'enabled = true\npublic_url = "https://a.example"\npath = "/hook"\n'
            '[telegram.webhook]\npath = "/hook/in"',
            "dashboard.path",
        ),
    ):
        path = tmp_path / "config.toml"
        path.write_text(f"[dashboard]\n{bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            load_settings(path, {})
        assert key in str(caught.value)


def test_now_is_not_frozen():
    # The live check uses the wall clock: data signed now is accepted now.
    assert telegram_user(init_data(TOKEN, 7), TOKEN, time.time(), 60) == 7
