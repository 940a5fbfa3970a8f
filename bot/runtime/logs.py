"""Logging with secrets scrubbed from every record, whoever wrote it."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.runtime.redaction import Redactor


class SecretScrubber(logging.Filter):
    """Rewrites each record's final message without secrets (arguments included)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._redact = Redactor(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        record.msg = self._redact(message)
        record.args = None
        return True


def configure_logging(level: str, secrets: Iterable[str]) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretScrubber(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Libraries chatter at INFO (Alembic) and DEBUG (request bodies): only at DEBUG do we listen.
    library_level = logging.DEBUG if root.level <= logging.DEBUG else logging.WARNING
    for noisy in (
        "slack_bolt",
        "slack_sdk",
        "aiohttp.access",
        "httpx",
        "openai",
        "alembic",
        "apscheduler",
    ):
        logging.getLogger(noisy).setLevel(library_level)
