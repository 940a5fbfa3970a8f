"""How the Notion tools read references and titles: ids, links, rich text, labels.

Pages and databases are named by id (with or without dashes) or by a Notion
link, as a member pastes it (Slack's ``<url|label>`` too).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bot.integrations.base import ToolError
from bot.messages import notion as words

__all__ = ["LABEL_LIMIT", "label", "parse_notion_id", "plain_text", "short"]

LABEL_LIMIT = 80

_HEX32 = re.compile(r"[0-9a-fA-F]{32}")
_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_ID_AT_END = re.compile(
    r"(?:^|-)([0-9a-fA-F]{32}|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})$"
)
_NOTION_HOSTS = ("notion.so", "notion.site", "notion.com")


def parse_notion_id(reference: str, *, peek: bool = False) -> str:
    """The dashed, lowercase id in a raw id (with or without dashes) or a Notion link.

    Links look like ``https://www.notion.so/Launch-plan-<32 hex>``, optionally with a
    workspace segment and ``?v=<view>``. With ``peek``, a page opened over a database
    view (``?p=<32 hex>``) wins over the database in the path.
    """
    text = reference.strip()
    if text.startswith("<") and text.endswith(">"):  # Slack's <url> or <url|label>
        text = text[1:-1].split("|", 1)[0].strip()
    if _HEX32.fullmatch(text) or _UUID.fullmatch(text):
        return _dashed(text.replace("-", ""))
    if "://" not in text and text.lower().startswith(("www.notion.", "notion.")):
        text = f"https://{text}"
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not any(
        host == suffix or host.endswith(f".{suffix}") for suffix in _NOTION_HOSTS
    ):
        raise ToolError(words.not_a_notion_id(short(reference)), error_class="invalid_arguments")
    if peek:
        opened = parse_qs(parts.query).get("p", [""])[0]
        if _HEX32.fullmatch(opened):
            return _dashed(opened)
    segment = parts.path.rstrip("/").rsplit("/", 1)[-1]
    found = _ID_AT_END.search(segment)
    if found:
        return _dashed(found.group(1).replace("-", ""))
    raise ToolError(words.link_names_nothing(short(reference)), error_class="invalid_arguments")


def _dashed(hex32: str) -> str:
    h = hex32.lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def plain_text(rich_text: Any) -> str:
    """The text of a rich text array (``plain_text``, or ``text.content`` in requests)."""
    if not isinstance(rich_text, list):
        return ""
    pieces = []
    for item in rich_text:
        if isinstance(item, dict):
            piece = item.get("plain_text")
            if piece is None:
                piece = (item.get("text") or {}).get("content", "")
            pieces.append(str(piece))
    return "".join(pieces)


def label(title: str) -> str:
    """A title fit for a sentence: one line, clipped, Slack's control characters escaped."""
    text = " ".join(title.split()) or words.UNTITLED
    if len(text) > LABEL_LIMIT:
        text = f"{text[: LABEL_LIMIT - 1]}…"
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
