"""The dashboard's session: a signed cookie naming the coordinator, and its CSRF token.

Nothing is stored server-side: the cookie carries the coordinator's internal person id (never a
Telegram id), an expiry and a random nonce, signed with a key derived from the key ring; the
CSRF token is a second signature over the same cookie, so it is bound to this session and
changes with every new one. Who may act is checked again on every request (a coordinator
suspended or removed since loses the dashboard at once), the cookie only saves re-checking
Telegram's signature and the slow Telegram-id index.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

COOKIE = "entraide_dash"
_TAG = 16


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class Session:
    person_id: str
    expires: int
    body: str  # the signed part of the cookie, which the CSRF token signs again


class Sessions:
    def __init__(self, key: bytes, lifetime: int) -> None:
        self._key = key
        self.lifetime = lifetime

    def _mac(self, purpose: str, body: str) -> str:
        mac = hmac.new(self._key, f"{purpose}\x00{body}".encode(), hashlib.sha256).digest()
        return _b64(mac[:_TAG])

    def issue(self, person_id: str, now: float) -> str:
        body = f"{person_id}.{int(now) + self.lifetime}.{secrets.token_urlsafe(9)}"
        return f"{body}.{self._mac('session', body)}"

    def open(self, cookie: str | None, now: float) -> Session | None:
        if not cookie or len(cookie) > 200:
            return None
        body, _, tag = cookie.rpartition(".")
        if not hmac.compare_digest(self._mac("session", body), tag):
            return None
        person_id, _, rest = body.partition(".")
        expires, _, _nonce = rest.partition(".")
        if not expires.isdigit() or int(expires) < now:
            return None
        return Session(person_id, int(expires), body)

    def csrf(self, session: Session) -> str:
        return self._mac("csrf", session.body)

    def csrf_ok(self, session: Session, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf(session), token or "")
