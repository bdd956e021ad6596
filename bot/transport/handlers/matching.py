"""Matching handlers (to be filled in)."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.transport.router import Router


def register(app: Application[Any, Any, Any, Any, Any, Any], router: Router) -> None:
    """Nothing yet."""
