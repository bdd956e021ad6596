"""[training]: where the training modules are read from, and the rhythm of reminders, retries,
debrief offers and the monthly wellbeing question."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from bot.config.base import _Section


class TrainingSettings(_Section):
    # A folder of module files (``<folder>/<language>/<id>.toml``); empty: the modules shipped
    # with the bot (bot/training_modules).
    folder: str = ""
    # Peers are reminded this many days before a required module expires.
    reminder_days: Annotated[int, Field(ge=1, le=180)] = 30
    # A failed quiz can be taken again after this many minutes.
    retry_minutes: Annotated[int, Field(ge=0, le=7 * 24 * 60)] = 60
    # Peers already approved when training is introduced stay matchable this many days
    # (and are told so) before an unpassed required module takes them out of matching.
    grace_days: Annotated[int, Field(ge=0, le=365)] = 30
    # How long after a hard moment (an escalation in their pair...) the debrief is offered:
    # not in the middle of it, and always within a day.
    debrief_offer_delay_minutes: Annotated[int, Field(ge=0, le=24 * 60)] = 120
    # Each active peer is asked how they are doing once every this many days.
    wellbeing_every_days: Annotated[int, Field(ge=7, le=90)] = 30
