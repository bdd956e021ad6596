"""The identity check every end-to-end test can end with: nothing one person sees may carry
another person's Telegram id, first or last name or username, and nothing is ever forwarded."""

from __future__ import annotations

import json

from bot.sandbox import SENDING_METHODS, Sandbox, SimUser


def shown_to(sandbox: Sandbox, user: SimUser) -> str:
    """Every request aimed at this chat (minus from_chat_id, which the recipient never sees)
    and every message in it as stored, earlier versions of edited ones included."""
    parts = []
    for request in sandbox.requests:
        if request.method in SENDING_METHODS and request.params.get("chat_id") == user.id:
            visible = {
                k: v for k, v in request.params.items() if k not in ("chat_id", "from_chat_id")
            }
            parts.append(json.dumps(visible, ensure_ascii=False, default=str))
    for message in user.received:
        stored = sandbox.message(user.id, message.message_id) or {}
        visible = {k: v for k, v in stored.items() if k not in ("chat", "from")}
        parts.append(json.dumps(visible, ensure_ascii=False, default=str))
        parts += [before.content for before in message.edits]
    return "\n".join(parts)


def leaks(sandbox: Sandbox) -> list[str]:
    forwards = len(sandbox.calls("forwardMessage"))
    found = [f"forwardMessage called {forwards} time(s)"] if forwards else []
    users = list(sandbox.users())
    for recipient in users:
        shown = shown_to(sandbox, recipient)
        for other in users:
            if other is recipient:
                continue
            for secret in (str(other.id), other.first_name, other.last_name, other.username):
                if secret and secret in shown:
                    found.append(f"{secret!r} of user {other.id} reached user {recipient.id}")
    return found


def assert_no_identity_leaks(sandbox: Sandbox) -> None:
    found = leaks(sandbox)
    assert not found, found
