"""The property changes an update (or a new database row) makes, and the sentence for them.

A `Change` holds one property's exact name (matched without regard to case),
its type, the request value Notion takes and the plain value sentences show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.integrations.base import ToolError
from bot.integrations.notion.client import NotionClient
from bot.integrations.notion.plain_values import is_empty, show_value, simple_value
from bot.integrations.notion.resolve import PageRef
from bot.integrations.notion.values import match_property, notion_value
from bot.messages import notion as words

__all__ = ["Change", "change", "changes_sentence", "property_changes"]


@dataclass(frozen=True)
class Change:
    """One property an update sets: its exact name, type, request value and plain value."""

    name: str
    kind: str
    request: dict[str, Any]
    value: Any


def change(name: str, kind: str, request: dict[str, Any]) -> Change:
    return Change(name, kind, request, simple_value({"type": kind, **request}))


def changes_sentence(changes: list[Change]) -> str:
    """``set Status to Done and Points to 3`` / ``clear Due`` (lower case)."""
    sets = [(c.name, show_value(c.value, c.kind)) for c in changes if not is_empty(c.value)]
    clears = [c.name for c in changes if is_empty(c.value)]
    return words.changes(sets, clears)


async def schema_of(client: NotionClient, page: PageRef) -> dict[str, Any]:
    """The property schema of the page's data source (options); {} for a page under a page."""
    if page.data_source_id is None:
        return {}
    data = await client.data_source(page.data_source_id)
    properties = data.get("properties")
    return properties if isinstance(properties, dict) else {}


async def property_changes(
    client: NotionClient, page: PageRef, properties: dict[str, Any]
) -> list[Change]:
    """What setting ``properties`` (by name, plain values) on ``page`` changes."""
    if not properties:
        raise ToolError(words.NO_PROPERTIES, error_class="invalid_arguments")
    schema = await schema_of(client, page)
    where = words.the_page(page.label)
    changes: dict[str, Change] = {}
    for key, value in properties.items():
        name = match_property(key, page.properties, where)
        if name in changes:
            raise ToolError(words.named_twice(name), error_class="invalid_arguments")
        kind = str(page.properties[name].get("type"))
        changes[name] = change(name, kind, notion_value(name, kind, value, schema.get(name)))
    return list(changes.values())
