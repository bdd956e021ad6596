"""[circles]: group circles' reminders, and the default capacity."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from bot.config.base import _Section


class CirclesSettings(_Section):
    # Members are reminded this many minutes before a session starts.
    reminder_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 30
    # Members a new circle takes when /newcircle names no capacity.
    default_capacity: Annotated[int, Field(ge=2, le=50)] = 10
