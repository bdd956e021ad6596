"""Feature handler modules; each exposes ``register(app, router)``.

Their order here is the order their commands are registered in.
"""

from __future__ import annotations

from types import ModuleType


def feature_modules() -> list[ModuleType]:
    from bot.transport.handlers import (
        coordination,
        followup,
        matching,
        onboarding,
        privacy,
        relay,
    )

    return [onboarding, matching, relay, followup, coordination, privacy]
