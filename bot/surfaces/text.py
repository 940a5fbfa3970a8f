"""Text hygiene for what comes in from Slack and what goes out to it."""

from __future__ import annotations

import re

SECTION_LIMIT = 3_000  # characters in one Block Kit section, and our chunk size for replies
MENTION = re.compile(r"<@[UW][A-Z0-9]+>")


def clean_text(text: str) -> str:
    """Make text safe to store and send: valid UTF-8, no NULs (PostgreSQL refuses them)."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text.replace("\x00", "")


def strip_mentions(text: str, user_id: str | None = None) -> str:
    """Remove the bot's own mention (or every user mention) from a request."""
    if user_id:
        return text.replace(f"<@{user_id}>", "").strip()
    return MENTION.sub("", text).strip()


def split_for_slack(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split long text into pieces of at most `limit` characters, at line breaks if possible."""
    pieces: list[str] = []
    remaining = text
    while len(remaining) > limit:
        cut = remaining.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = remaining.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        pieces.append(remaining[:cut].rstrip())
        remaining = remaining[cut:].lstrip("\n ")
    if remaining or not pieces:
        pieces.append(remaining)
    return pieces
