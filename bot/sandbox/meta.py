"""The non-message methods: identity, files, commands, callback answers, chat actions, profile."""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox.models import Json, bad_request
from bot.sandbox.params import Params
from bot.sandbox.state import World

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_SCOPES_WITH_CHAT = frozenset({"chat", "chat_administrators", "chat_member"})
_SCOPES = (
    frozenset({"default", "all_private_chats", "all_group_chats", "all_chat_administrators"})
    | _SCOPES_WITH_CHAT
)
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")

CommandKey = tuple[str, int | None, int | None, str]


def get_me(world: World, p: Params) -> Json:
    return {
        **world.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def get_file(world: World, p: Params) -> Json:
    record = world.files.get(p.text("file_id") or "")
    if record is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": record.file_id,
        "file_unique_id": record.file_unique_id,
        "file_size": len(record.content),
        "file_path": record.file_path,
    }


def send_chat_action(world: World, p: Params) -> bool:
    world.recipient(p.chat_id())
    if p.text("action") not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def answer_callback_query(world: World, p: Params) -> bool:
    query = world.callbacks.get(p.text("callback_query_id") or "")
    if query is None or query.answer is not None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    if len(p.text("text") or "") > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answer = {
        key: p.values[key] for key in ("text", "show_alert", "url", "cache_time") if p.has(key)
    }
    world.signal(query.chat_id).notify()
    return True


# --- commands ---------------------------------------------------------------------------------


def command_key(world: World, scope: Any, language_code: str | None) -> CommandKey:
    if scope is None:
        scope = {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in _SCOPES:
        raise bad_request("can't parse BotCommandScope JSON object")
    kind = str(scope["type"])
    chat_id: int | None = None
    user_id: int | None = None
    if kind in _SCOPES_WITH_CHAT:
        chat_id = world.find_chat(scope.get("chat_id")).id
        if kind == "chat_member":
            user_id = int(scope.get("user_id") or 0)
    language = language_code or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad_request("invalid language code specified")
    return kind, chat_id, user_id, language


def set_my_commands(world: World, p: Params) -> bool:
    commands = p.obj("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = command_key(world, p.obj("scope"), p.text("language_code"))
    if commands:
        world.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
    else:
        world.commands.pop(key, None)
    return True


def get_my_commands(world: World, p: Params) -> list[Json]:
    return list(world.commands.get(command_key(world, p.obj("scope"), p.text("language_code")), []))


def delete_my_commands(world: World, p: Params) -> bool:
    world.commands.pop(command_key(world, p.obj("scope"), p.text("language_code")), None)
    return True


# --- profile texts and other settings the sandbox just keeps ------------------------------------

_SETTINGS = {
    "setMyDescription": "description",
    "setMyShortDescription": "short_description",
    "setMyName": "name",
}
_GETTERS = {
    "getMyDescription": "setMyDescription",
    "getMyShortDescription": "setMyShortDescription",
    "getMyName": "setMyName",
}


def set_setting(world: World, p: Params, method: str) -> bool:
    field = _SETTINGS.get(method)
    if (
        field is not None
        and len(p.text(field) or "")
        > {"description": 512, "short_description": 120, "name": 64}[field]
    ):
        raise bad_request(f"{field} is too long")
    selector = p.text("language_code") or str(p.values.get("chat_id", ""))
    world.settings[(method, selector)] = p.summary()
    return True


def get_setting(world: World, p: Params, method: str) -> Json:
    setter = _GETTERS[method]
    field = _SETTINGS[setter]
    stored = world.settings.get((setter, p.text("language_code") or ""), {})
    return {field: stored.get(field, "")}
