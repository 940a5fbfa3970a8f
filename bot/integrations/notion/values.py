"""The simple values members and the model write → Notion property values.

``{"Status": "Done", "Points": 3}`` becomes the page property values Notion
documents for each property type (title, rich_text, number, checkbox, select,
status, multi_select, date, url, email, phone_number), using the property types
of the page or data source schema. The other way round (for before-states,
changed-since checks and query results) is `bot.integrations.notion.plain_values`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from bot.integrations.base import ToolError
from bot.integrations.notion.plain_values import simple_value
from bot.messages import notion as words

__all__ = ["WRITABLE_TYPES", "match_property", "notion_value", "restore_value"]

WRITABLE_TYPES = frozenset(
    {
        "title",
        "rich_text",
        "number",
        "checkbox",
        "select",
        "status",
        "multi_select",
        "date",
        "url",
        "email",
        "phone_number",
    }
)
TEXT_CHUNK = 2_000  # Notion's limit on one rich text object's content
_TRUE = frozenset({"true", "yes", "y", "on", "1", "checked", "done", "x"})
_FALSE = frozenset({"false", "no", "n", "off", "0", "unchecked", ""})


def _invalid(message: str) -> ToolError:
    return ToolError(message, error_class="invalid_arguments")


def match_property(name: str, properties: Mapping[str, Any], where: str) -> str:
    """The property's exact name (names match without regard to case), or `ToolError`."""
    if name in properties:
        return name
    wanted = name.strip().casefold()
    for candidate in properties:
        if candidate.casefold() == wanted:
            return candidate
    raise _invalid(words.no_such_property(where, name, sorted(properties)))


# ------------------------------------------------------------------ to Notion


def notion_value(
    name: str, kind: str, value: Any, spec: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The property value for a create/update request; ``spec`` is the schema entry (options)."""
    if kind not in WRITABLE_TYPES:
        raise _invalid(words.read_only_property(name, kind))
    if kind in ("title", "rich_text"):
        text = "" if value is None else _text(name, value)
        chunks = [text[i : i + TEXT_CHUNK] for i in range(0, len(text), TEXT_CHUNK)]
        return {kind: [{"type": "text", "text": {"content": chunk}} for chunk in chunks]}
    if kind == "number":
        return {"number": _number(name, value)}
    if kind == "checkbox":
        return {"checkbox": _checkbox(name, value)}
    if kind in ("select", "status"):
        if value is None or value == "":
            return {kind: None}
        option = _option(name, kind, _text(name, value), spec)
        return {kind: {"name": option}}
    if kind == "multi_select":
        items = value if isinstance(value, list) else _split(value)
        names = [_option(name, kind, _text(name, item), spec) for item in items if item != ""]
        return {"multi_select": [{"name": n} for n in names]}
    if kind == "date":
        return {"date": _date(name, value)}
    # url, email, phone_number
    return {kind: None if value in (None, "") else _text(name, value)}


def _text(name: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _invalid(words.takes_text(name))
    return str(value)


def _split(value: Any) -> list[Any]:
    if value is None:
        return []
    return [part.strip() for part in _text(words.THAT_PROPERTY, value).split(",")]


def _number(name: str, value: Any) -> int | float | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            pass
        else:
            return int(number) if number.is_integer() and "." not in value else number
    raise _invalid(words.takes_number(name))


def _checkbox(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in _TRUE | _FALSE:
        return value.strip().casefold() in _TRUE
    raise _invalid(words.checkbox_values(name))


def _option(name: str, kind: str, value: str, spec: Mapping[str, Any] | None) -> str:
    """An existing option's exact name; a new one is allowed for select, not for status."""
    config = (spec or {}).get(kind) if spec else None
    options = [
        str(o.get("name"))
        for o in (config or {}).get("options") or []
        if isinstance(o, dict) and o.get("name") is not None
    ]
    wanted = value.strip().casefold()
    for option in options:
        if option.casefold() == wanted:
            return option
    if kind == "status" and options:
        # Notion does not let the API add status options.
        raise _invalid(words.not_an_option(value, name, options))
    return value.strip()


def _date(name: str, value: Any) -> dict[str, Any] | None:
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        start, end = value.get("start"), value.get("end")
        if not isinstance(start, str) or (end is not None and not isinstance(end, str)):
            raise _invalid(words.takes_date_range(name))
        result = {"start": _iso(name, start), "end": _iso(name, end) if end else None}
        if value.get("time_zone"):
            result["time_zone"] = str(value["time_zone"])
        return result
    if isinstance(value, str):
        return {"start": _iso(name, value), "end": None}
    raise _invalid(words.takes_date(name))


def _iso(name: str, text: str) -> str:
    text = text.strip()
    try:
        if len(text) == 10:
            date.fromisoformat(text)
        else:
            datetime.fromisoformat(text)
    except ValueError:
        raise _invalid(words.not_a_date(name, text)) from None
    return text


def restore_value(prop: Mapping[str, Any]) -> dict[str, Any]:
    """A request value that puts ``prop`` (as read from a page) back, formatting included."""
    kind = str(prop.get("type") or "")
    if kind in ("title", "rich_text"):
        return {
            kind: [_writable_text(item) for item in prop.get(kind) or [] if isinstance(item, dict)]
        }
    return notion_value(str(prop.get("id") or kind), kind, simple_value(prop), None)


def _writable_text(item: Mapping[str, Any]) -> dict[str, Any]:
    """A rich text object without the read-only fields (``plain_text``, ``href``)."""
    kind = str(item.get("type") or "text")
    content = item.get(kind)
    if not isinstance(content, dict):
        content = {"content": str(item.get("plain_text") or "")}
        kind = "text"
    written: dict[str, Any] = {"type": kind, kind: content}
    if isinstance(item.get("annotations"), dict):
        written["annotations"] = item["annotations"]
    return written
