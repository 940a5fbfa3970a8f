"""Notion property values as the plain values members and the model read and write.

``{"type": "status", "status": {"name": "Done"}}`` → ``"Done"``: for before-states,
changed-since checks and query results; and a plain value shown in a sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.integrations.notion.refs import plain_text
from bot.messages import notion as words

__all__ = ["is_empty", "show_value", "simple_value", "simple_values"]


def simple_value(prop: Mapping[str, Any]) -> Any:
    """A page property value as a plain value (what `notion_value` takes back)."""
    kind = str(prop.get("type") or "")
    raw = prop.get(kind)
    if kind in ("title", "rich_text"):
        return plain_text(raw)
    if kind in ("select", "status"):
        return raw.get("name") if isinstance(raw, dict) else None
    if kind == "multi_select":
        return [str(o.get("name")) for o in raw or [] if isinstance(o, dict)]
    if kind == "date":
        if not isinstance(raw, dict):
            return None
        if raw.get("end") is None and not raw.get("time_zone"):
            return raw.get("start")
        return {k: raw.get(k) for k in ("start", "end", "time_zone") if raw.get(k) is not None}
    if kind == "formula" and isinstance(raw, dict):
        return raw.get(str(raw.get("type")))
    if kind == "people":
        return [str(p.get("name") or p.get("id")) for p in raw or [] if isinstance(p, dict)]
    if kind == "unique_id" and isinstance(raw, dict):
        prefix = raw.get("prefix")
        return f"{prefix}-{raw.get('number')}" if prefix else raw.get("number")
    if kind in ("number", "checkbox", "url", "email", "phone_number"):
        return raw
    if kind in ("created_time", "last_edited_time"):
        return raw
    return None


def simple_values(properties: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: simple_value(prop)
        for name, prop in properties.items()
        if isinstance(prop, dict) and simple_value(prop) not in (None, "", [])
    }


def show_value(value: Any, kind: str | None = None) -> str:
    """A value in a sentence: ``Done``, ``3``, ``checked``, ``2026-03-01 → 2026-03-05``."""
    if kind == "checkbox" or isinstance(value, bool):
        return words.checkbox(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(show_value(v) for v in value) or words.NOTHING
    if isinstance(value, dict):
        start, end = value.get("start"), value.get("end")
        return words.date_range(start, end) if end else str(start)
    text = " ".join(str(value).split())
    text = text if len(text) <= 80 else f"{text[:79]}…"
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []
