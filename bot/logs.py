"""Logging with secrets scrubbed from every record, whoever wrote it."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

TOKEN_PATTERN = re.compile(
    r"\b(xox[abeprs]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-[A-Za-z0-9_-]{8,}|gh[pousr]_[A-Za-z0-9]{20,})"
)
REDACTED = "[redacted]"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Replace known secret values and anything shaped like a token."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return TOKEN_PATTERN.sub(REDACTED, text)


class SecretScrubber(logging.Filter):
    """Rewrites each record's final message without secrets (arguments included)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        record.msg = redact(message, self._secrets)
        record.args = None
        return True


def configure_logging(level: str, secrets: Iterable[str]) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretScrubber(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Bolt and the SDK log request bodies at DEBUG; keep them at INFO unless asked.
    for noisy in ("slack_bolt", "slack_sdk", "aiohttp.access", "httpx", "openai"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, root.level))
