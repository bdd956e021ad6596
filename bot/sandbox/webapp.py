"""What Telegram hands a Mini App when a user opens it: ``initData``, signed with the bot token.

The sandbox plays Telegram's client here, for the demo and the tests: it builds the same
query string a real client passes to ``Telegram.WebApp.initData`` and signs it as Telegram
documents ("Validating data received via the Mini App"): the secret key is
HMAC-SHA256(key="WebAppData", message=bot_token), and ``hash`` is the hex HMAC-SHA256 under that
key of every other field as ``key=value`` lines, sorted by key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import socket
import time
from urllib.parse import quote, urlencode

from bot.sandbox.users import SimUser


def sign_fields(fields: dict[str, str], token: str) -> str:
    """``fields`` (already serialised values) as a signed initData query string."""
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{key}={fields[key]}" for key in sorted(fields))
    digest = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest}, quote_via=quote)


def init_data(
    token: str,
    user_id: int,
    *,
    first_name: str = "Coordinator",
    language_code: str | None = None,
    auth_date: int | None = None,
) -> str:
    """initData for ``user_id`` opening the bot's Mini App from its menu button."""
    user: dict[str, object] = {"id": user_id, "first_name": first_name, "allows_write_to_pm": True}
    if language_code:
        user["language_code"] = language_code
    fields = {
        "query_id": "AA" + secrets.token_urlsafe(12),
        "user": json.dumps(user, separators=(",", ":"), ensure_ascii=False),
        "auth_date": str(int(time.time()) if auth_date is None else auth_date),
    }
    return sign_fields(fields, token)


def init_data_for(user: SimUser, token: str, auth_date: int | None = None) -> str:
    """What Telegram would sign for this simulated user opening the bot's Mini App."""
    return init_data(
        token,
        user.id,
        first_name=user.first_name,
        language_code=user.language_code,
        auth_date=auth_date,
    )


def launch_url(
    page_url: str,
    data: str,
    *,
    color_scheme: str = "light",
    theme: dict[str, str] | None = None,
) -> str:
    """The address a client opens: the launch parameters travel in the URL fragment, as
    Telegram passes them (``#tgWebAppData=...&tgWebAppThemeParams=...``), never to the
    server. ``theme``: the client's theme parameters (``bg_color``, ``text_color``, ...)."""
    params = {
        "tgWebAppData": data,
        "tgWebAppVersion": "8.0",
        "tgWebAppPlatform": "web",
        "tgWebAppColorScheme": color_scheme,
    }
    if theme:
        params["tgWebAppThemeParams"] = json.dumps(theme, separators=(",", ":"))
    return f"{page_url}#{urlencode(params, quote_via=quote)}"


def free_loopback_port() -> int:
    """A port free on loopback now, for a local server (the demo's dashboard)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
