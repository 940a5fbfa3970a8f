"""Free text (a message, a title, a search) and short values (a status, a name)."""

from __future__ import annotations

import re
from typing import Any

from bot.planning.offline.limits import MAX_READ_LIMIT
from bot.planning.offline.slots.cutting import outside

_DOUBLE_QUOTES = frozenset('"“«')
_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»"}
_PRONOUNS = frozenset(
    {
        "it",
        "this",
        "that",
        "them",
        "these",
        "those",
        "the result",
        "the results",
        "a summary",
        "the summary",
        "an update",
        "the update",
    }
)
# Free text that follows a channel with no ":" or "that" must not start like these.
_BARE_TEXT_STARTS = re.compile(r"(?:and|then|also|about|what|[,;&])(?:\b|\s|$)", re.IGNORECASE)
# Words that end a short value: they join parts of a request.
_JOINING_WORDS = frozenset({"and", "then", "also", "plus", "after", "afterwards"})


def unquote(text: str) -> str:
    """Strip one pair of surrounding quotes (and sentence punctuation after them)."""
    closing = _QUOTES.get(text[:1])
    if closing is None:
        return text
    body = text.rstrip(".!?…")
    inner = body[1:-1]
    if len(body) >= 2 and body.endswith(closing) and text[0] not in inner and closing not in inner:
        return inner.strip()
    return text


def free_text(fragment: str, *, bare: bool = False) -> str | None:
    """Free text (a message, a topic) as the member wrote it, minus surrounding quotes.

    `bare` text follows its channel with no ":" or "that" and must not start with a
    separator or "about"/"what" ("tell #general about it" is not a message).
    """
    text = fragment.strip()
    if not text or (bare and _BARE_TEXT_STARTS.match(text)):
        return None
    unquoted = unquote(text)
    if unquoted == text and text[0] in _DOUBLE_QUOTES:
        return None  # the quote closes before the end: '"hi" and archive #b' is no text
    text = unquoted
    if not text or text.lower().rstrip(".!?…") in _PRONOUNS:
        return None
    return text


def short(fragment: str, word: str, *, words: int = 4) -> str | None:
    """A short value (a status, a name): quoted, or up to `words` words of `word`
    that do not include a word that joins parts ("and", "then")."""
    fragment = fragment.strip()
    unquoted = unquote(fragment)
    if unquoted != fragment:
        return unquoted if unquoted and "\n" not in unquoted else None
    if not re.fullmatch(rf"{word}(?:[ \t]+{word}){{0,{words - 1}}}", fragment):
        return None
    if any(part.lower() in _JOINING_WORDS for part in fragment.split()):
        return None
    return fragment


def limit(digits: str | None) -> dict[str, Any] | None:
    """{"limit": n} for a count the member gave, {} for none, None when out of range."""
    if digits is None:
        return {}
    count = int(digits)
    return {"limit": count} if 1 <= count <= MAX_READ_LIMIT else None


def number(value: str) -> int | float | None:
    if re.fullmatch(r"-?\d{1,15}", value):
        return int(value)
    if re.fullmatch(r"-?\d{1,15}\.\d{1,15}", value):
        return float(value)
    return None


# Where a title starts: "…: x", "… titled x", "… with the summary x".
TITLED = re.compile(
    r"\s*:\s+|\s+(?:titled|called|named|saying|with\s+(?:the\s+)?(?:title|summary))(?:\s*:\s*|\s+)",
    re.IGNORECASE,
)


_THEN_WORD = re.compile(r"(?<!\S)then(?!\S)", re.IGNORECASE)


def query(fragment: str) -> str | None:
    """A search as written. An unquoted "then" joins parts: it never ends a search."""
    if next(outside(fragment, _THEN_WORD), None) is not None:
        return None
    return free_text(fragment)
