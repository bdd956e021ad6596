"""Inline buttons whose callback data is signed for the one person they were sent to.

A crafted or replayed callback (another person's pair, an escalation, an offer) fails the
signature check and is treated as an expired button: it can never act on what the presser does
not own. Telegram allows 64 bytes of callback data; the tag takes 11 of them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

TAG_BYTES = 8
MAX_DATA = 64
SEP = "|"


class ButtonCodec:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def _tag(self, person_id: str, body: str) -> str:
        # surrogatepass: crafted data may hold lone surrogates; they must fail the check, not crash.
        message = f"{person_id}\x00{body}".encode("utf-8", "surrogatepass")
        mac = hmac.new(self._key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac[:TAG_BYTES]).decode().rstrip("=")

    def encode(self, person_id: str, action: str, *args: str) -> str:
        if any(SEP in part for part in (action, *args)):
            raise ValueError("button arguments must not contain '|'")
        body = SEP.join((action, *args))
        data = f"{body}{SEP}{self._tag(person_id, body)}"
        if len(data.encode()) > MAX_DATA:
            raise ValueError(f"callback data too long for Telegram ({len(data)} > {MAX_DATA})")
        return data

    def decode(self, person_id: str, data: str) -> tuple[str, list[str]] | None:
        """(action, args) when the data was made for this person by this bot, else None."""
        body, sep, tag = data.rpartition(SEP)
        # The bot never puts NUL in a button, and Postgres cannot even look one up: an id
        # holding one would crash the query that resolves it.
        if not sep or not body or "\x00" in body:
            return None
        # compare_digest refuses non-ASCII str, and a client may send any characters at all.
        if not tag.isascii() or not hmac.compare_digest(tag, self._tag(person_id, body)):
            return None
        action, *args = body.split(SEP)
        return action, args

    def button(self, person_id: str, text: str, action: str, *args: str) -> dict[str, str]:
        return {"text": text, "callback_data": self.encode(person_id, action, *args)}
