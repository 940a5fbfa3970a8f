"""Scrubbing secrets out of any text that leaves the process (logs, replies, storage)."""

from __future__ import annotations

import re
from collections.abc import Iterable

TOKEN_PATTERN = re.compile(
    r"\b(xox[abeprs]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-[A-Za-z0-9_-]{8,}"
    r"|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|secret_[A-Za-z0-9]{20,}"
    r"|ntn_[A-Za-z0-9]{20,})"
)
REDACTED = "[redacted]"


class Redactor:
    """Replaces the configured secrets, and anything shaped like a token, with a marker."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret that contains another is removed whole.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return TOKEN_PATTERN.sub(REDACTED, text)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    return Redactor(secrets)(text)
