"""Atlassian Document Format (ADF) ⇄ plain text, for descriptions and comments.

Jira Cloud's REST API v3 takes and returns rich text as ADF documents; members
and the model write plain text with Slack links (``<url|label>``).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["adf_to_text", "text_to_adf"]

_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|([^>]*))?>|(https?://[^\s<>]+)")


def text_to_adf(text: str) -> dict[str, Any]:
    """Plain text as an ADF document: blank lines split paragraphs, newlines are hard breaks.

    Links (bare URLs and Slack's ``<url|label>``) become text with a link mark.
    """
    paragraphs: list[dict[str, Any]] = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        nodes: list[dict[str, Any]] = []
        for index, line in enumerate(block.split("\n")):
            if index:
                nodes.append({"type": "hardBreak"})
            nodes.extend(_inline(line.rstrip()))
        paragraph: dict[str, Any] = {"type": "paragraph"}
        if nodes:
            paragraph["content"] = nodes
        paragraphs.append(paragraph)
    return {"type": "doc", "version": 1, "content": paragraphs}


def _inline(line: str) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    position = 0
    for match in _LINK.finditer(line):
        if match.start() > position:
            nodes.append({"type": "text", "text": line[position : match.start()]})
        href = match.group(1) or match.group(3)
        label = match.group(2) or href
        nodes.append({"type": "text", "text": label, "marks": [_link(href)]})
        position = match.end()
    if position < len(line):
        nodes.append({"type": "text", "text": line[position:]})
    return nodes


def _link(href: str) -> dict[str, Any]:
    return {"type": "link", "attrs": {"href": href}}


_BLOCKS = frozenset(
    {"paragraph", "heading", "blockquote", "codeBlock", "rule", "panel", "mediaSingle", "table"}
)


def adf_to_text(node: Any) -> str:
    """The readable text of an ADF document (or node); "" for anything else."""
    return _text_of(node).strip() if isinstance(node, dict) else ""


def _text_of(node: dict[str, Any]) -> str:
    kind = node.get("type")
    given = node.get("attrs")
    attrs: dict[str, Any] = given if isinstance(given, dict) else {}
    if kind == "text":
        return str(node.get("text") or "")
    if kind == "hardBreak":
        return "\n"
    if kind in ("mention", "emoji", "date", "status"):
        return str(attrs.get("text") or attrs.get("shortName") or "")
    if kind in ("inlineCard", "blockCard", "embedCard"):
        return str(attrs.get("url") or "")
    children = [c for c in node.get("content") or [] if isinstance(c, dict)]
    if kind in ("bulletList", "orderedList"):
        return "\n".join(f"- {_text_of(c).strip()}" for c in children) + "\n\n"
    inner = "".join(_text_of(c) for c in children)
    if kind in _BLOCKS:
        return inner.rstrip("\n") + "\n\n"
    return inner
