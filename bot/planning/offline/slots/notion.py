"""Notion references and values: pages, databases and page properties.

A page or database is a notion.so / notion.site URL, or an id after the word "page"
or "database". Slack's `<url|label>` markup is unwrapped.
"""

from __future__ import annotations

import re
from typing import Any

from bot.planning.offline.slots.cutting import outside, pieces, unwrap
from bot.planning.offline.slots.text import number, unquote

_I = re.IGNORECASE

_NOTION_URL = re.compile(r"https?://(?:[\w-]+\.)*notion\.(?:so|site|com)/[^\s<>|]+", _I)
_NOTION_ID = re.compile(
    r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", _I
)
NOTION_WORDS = re.compile(r"(?:the\s+)?(?:notion\s+)?(?:(page|database|db|data\s+source)\s+)?", _I)


def notion(fragment: str, noun: str | None) -> str | None:
    """A Notion URL (unwrapped), or an id after the word "page" / "database".

    `noun` is what the command works on ("page", "database"); None takes either and
    also a bare id (a page's parent).
    """
    fragment = fragment.strip()
    words = NOTION_WORDS.match(fragment)
    said = words[1].lower() if words and words[1] else None
    if said is not None and said != "page":
        said = "database"
    if noun is not None and said is not None and said != noun:
        return None
    reference = unwrap(fragment[words.end() :] if words else fragment)
    if _NOTION_URL.fullmatch(reference):
        return reference
    if _NOTION_ID.fullmatch(reference) and (said is not None or noun is None):
        return reference
    return None


def page(fragment: str) -> str | None:
    return notion(fragment, "page")


def database(fragment: str) -> str | None:
    return notion(fragment, "database")


_PROPERTY_SEPARATOR = re.compile(r"\s*[,;]\s*(?:(?:and|&)\s+)?|\s+(?:and|&|&amp;)\s+", _I)
_PROPERTY_TO = re.compile(r"\s+(?:to|=)\s+|\s*=\s*", _I)
_PROPERTY_NAME = re.compile(r"[^\W_][\w '’()/#?.-]{0,99}")
_LEADING_THE = re.compile(r"the\s+", _I)


def _property(piece: str) -> tuple[str, Any] | None:
    """("Points", 3) for "Points to 3"; a quoted value stays text."""
    piece = piece.strip()
    piece = piece[match.end() :] if (match := _LEADING_THE.match(piece)) else piece
    separator = next(outside(piece, _PROPERTY_TO), None)
    if separator is None:
        return None
    name = unquote(piece[: separator.start()].strip())
    raw_value = piece[separator.end() :].strip()
    if not _PROPERTY_NAME.fullmatch(name) or not raw_value:
        return None
    value = unquote(raw_value)
    if value != raw_value:
        return (name, value)
    if value[0] in '"“':
        return None  # a quote that closes before the end
    found = number(value)
    return (name, value if found is None else found)


def properties(fragment: str) -> dict[str, Any] | None:
    """Page properties: "Status to Done and Points to 3" → {"Status": "Done", "Points": 3}."""
    found: dict[str, Any] = {}
    for piece in pieces(fragment.strip(), _PROPERTY_SEPARATOR):
        named = _property(piece)
        if named is None or named[0] in found:
            return None
        found[named[0]] = named[1]
    return found or None
