"""Structured logs without personal data.

Callers log codes, ids and counts through ``extra``; exception messages are dropped from the
output because library errors sometimes quote the text or chat id that caused them.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import UTC, datetime
from typing import Any

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def _exception_summary(record: logging.LogRecord) -> dict[str, Any]:
    if not record.exc_info or record.exc_info[0] is None:
        return {}
    exc_type, _exc, tb = record.exc_info
    frames = [
        f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in traceback.extract_tb(tb)
    ]
    return {"exc_type": exc_type.__name__, "frames": frames[-6:]}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update(
            {
                k: v
                for k, v in record.__dict__.items()
                if k not in _STANDARD and not k.startswith("_")
            }
        )
        entry.update(_exception_summary(record))
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extras = " ".join(
            f"{k}={v}"
            for k, v in record.__dict__.items()
            if k not in _STANDARD and not k.startswith("_")
        )
        summary = _exception_summary(record)
        tail = f" exc={summary['exc_type']} at {summary['frames'][-1:]}" if summary else ""
        return f"{record.levelname:<7} {record.name}: {record.getMessage()} {extras}{tail}".rstrip()


def setup_logging(level: str = "INFO", fmt: str = "json") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Their INFO lines carry full request URLs, which include the bot token.
    for noisy in (
        "httpx",
        "httpcore",
        "aiohttp",
        "telegram",
        "apscheduler",
        "tornado.access",
        "aiosqlite",
        "alembic",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
