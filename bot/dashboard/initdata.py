"""Checking the ``initData`` Telegram signs when a user opens the Mini App.

As Telegram documents ("Validating data received via the Mini App"): the secret key is
HMAC-SHA256(key="WebAppData", message=bot_token); ``hash`` must equal the hex HMAC-SHA256
under that key of the data-check-string, every received field except ``hash`` as
``key=value``, sorted by key, joined by line feeds. ``auth_date`` must be recent: a launch
link copied out of Telegram stops working after ``max_age`` seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import parse_qsl

# Telegram's initData is a few hundred bytes; anything far larger is not from Telegram.
MAX_LENGTH = 4096
# A client clock slightly ahead of ours is not an attack.
CLOCK_SKEW = 60


def secret_key(token: str) -> bytes:
    return hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()


def telegram_user(init_data: str, token: str, now: float, max_age: int) -> int | None:
    """The Telegram user id the data was signed for, or None when it is not genuine, too old,
    or carries no user. Never raises on malformed input: every failure is the same None."""
    if not init_data or len(init_data) > MAX_LENGTH:
        return None
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    fields: dict[str, str] = {}
    for key, value in pairs:
        if key in fields:  # a repeated field would make the check ambiguous
            return None
        fields[key] = value
    received = fields.pop("hash", "")
    check = "\n".join(f"{key}={fields[key]}" for key in sorted(fields))
    expected = hmac.new(secret_key(token), check.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, received):
        return None
    try:
        auth_date = int(fields.get("auth_date", ""))
        user = json.loads(fields.get("user", ""))
    except ValueError:
        return None
    if not (now - max_age <= auth_date <= now + CLOCK_SKEW):
        return None
    user_id = user.get("id") if isinstance(user, dict) else None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        return None
    return user_id
