"""Entraide: a Telegram bot for anonymous peer-support networks."""

import os

# python-telegram-bot 22 warns on every RetryAfter unless told to use timedeltas already;
# the outbox handles both forms, and a deprecation warning per 429 would only be noise.
os.environ.setdefault("PTB_TIMEDELTA", "1")
