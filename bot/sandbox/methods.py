"""The method table: Bot API name → implementation. getUpdates is async and lives apart."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from bot.sandbox import editing, messaging, meta, webhook
from bot.sandbox.params import Params
from bot.sandbox.state import World

Method = Callable[[World, Params], Any]


def _accept(world: World, p: Params) -> bool:
    return True


METHODS: dict[str, Method] = {
    "getMe": meta.get_me,
    "sendMessage": messaging.send_message,
    **{name: partial(messaging.send_media, method=name) for name in messaging.MEDIA_METHODS},
    "copyMessage": messaging.copy_message,
    "forwardMessage": messaging.forward_message,
    "editMessageText": editing.edit_text,
    "editMessageCaption": editing.edit_caption,
    "editMessageReplyMarkup": editing.edit_reply_markup,
    "deleteMessage": editing.delete_message,
    "deleteMessages": editing.delete_messages,
    "sendChatAction": meta.send_chat_action,
    "answerCallbackQuery": meta.answer_callback_query,
    "getFile": meta.get_file,
    "setMyCommands": meta.set_my_commands,
    "getMyCommands": meta.get_my_commands,
    "deleteMyCommands": meta.delete_my_commands,
    **{
        name: partial(meta.set_setting, method=name)
        for name in ("setMyDescription", "setMyShortDescription", "setMyName", "setChatMenuButton")
    },
    **{
        name: partial(meta.get_setting, method=name)
        for name in ("getMyDescription", "getMyShortDescription", "getMyName")
    },
    "setWebhook": webhook.set_webhook,
    "deleteWebhook": webhook.delete_webhook,
    "getWebhookInfo": webhook.get_webhook_info,
    "close": _accept,
    "logOut": _accept,
}

ASYNC_METHODS = frozenset({"getUpdates"})

# Telegram matches method names case-insensitively.
CANONICAL = {name.lower(): name for name in (*METHODS, *ASYNC_METHODS)}
