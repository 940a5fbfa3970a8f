"""What each Notion tool does, and the sentence that describes it before it runs.

`NotionActions` holds the integration's `NotionClient`; each pair of methods is
one tool's ``run`` and ``describe``. Arguments arrive checked (see
`bot.integrations.notion.check_arguments`); references are resolved through
`bot.integrations.notion_api`, values converted by `bot.integrations.notion_values`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.integrations.base import ToolContext, ToolError, ToolResult, UndoPlan
from bot.integrations.notion.client import (
    Collection,
    NotionClient,
    PageRef,
    label,
    page_ref,
    parse_notion_id,
    resolve_collection,
    resolve_parent,
)
from bot.integrations.notion.values import (
    is_empty,
    match_property,
    notion_value,
    restore_value,
    show_value,
    simple_value,
    simple_values,
)

__all__ = ["Change", "NotionActions", "and_list", "changes_sentence"]

FIELD_TEXT_LIMIT = 500  # characters of one property value in query results


@dataclass(frozen=True)
class Change:
    """One property an update sets: its exact name, type, request value and plain value."""

    name: str
    kind: str
    request: dict[str, Any]
    value: Any


def and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def changes_sentence(changes: list[Change]) -> str:
    """``set Status to Done and Points to 3`` / ``clear Due`` (lower case)."""
    sets = [f"{c.name} to {show_value(c.value, c.kind)}" for c in changes if not is_empty(c.value)]
    clears = [c.name for c in changes if is_empty(c.value)]
    parts = []
    if sets:
        parts.append(f"set {and_list(sets)}")
    if clears:
        parts.append(f"clear {and_list(clears)}")
    return " and ".join(parts)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class NotionActions:
    """The Notion tools' run and describe functions, over one client."""

    def __init__(self, client: NotionClient) -> None:
        self.client = client

    # -------------------------------------------------------------- lookups

    async def page(self, reference: str) -> PageRef:
        page_id = parse_notion_id(reference, peek=True)
        try:
            return page_ref(await self.client.page(page_id))
        except ToolError as error:
            if error.error_class != "not_found":
                raise
        raise ToolError(
            "Notion can't find that page: check the link, and that the page is shared "
            "with the Kaizen connection.",
            error_class="not_found",
        )

    async def schema_of(self, page: PageRef) -> dict[str, Any]:
        """The property schema of the page's data source (options); {} for a page under a page."""
        if page.data_source_id is None:
            return {}
        data = await self.client.data_source(page.data_source_id)
        properties = data.get("properties")
        return properties if isinstance(properties, dict) else {}

    async def changes(self, page: PageRef, properties: dict[str, Any]) -> list[Change]:
        if not properties:
            raise ToolError("Name at least one property to set.", error_class="invalid_arguments")
        schema = await self.schema_of(page)
        where = f"The page “{page.label}”"
        changes: dict[str, Change] = {}
        for key, value in properties.items():
            name = match_property(key, page.properties, where)
            if name in changes:
                raise ToolError(f"{name} is named twice.", error_class="invalid_arguments")
            kind = str(page.properties[name].get("type"))
            request = notion_value(name, kind, value, schema.get(name))
            changes[name] = Change(name, kind, request, simple_value({"type": kind, **request}))
        return list(changes.values())

    # -------------------------------------------------------------- query_database

    async def query_database(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        collection = await resolve_collection(self.client, arguments["database"])
        pages, more = await self.client.query(
            collection.id, filter=arguments.get("filter"), limit=arguments["limit"]
        )
        rows = [_row(page) for page in pages]
        count = len(rows)
        if not count:
            summary = f"No pages in “{collection.label}” match."
        else:
            summary = f"Found {count} page{'s' if count != 1 else ''} in “{collection.label}”"
            summary += " (more match: raise the limit to see them)." if more else "."
        return ToolResult(
            summary=summary,
            data={
                "data_source_id": collection.id,
                "database_id": collection.database_id,
                "title": collection.title,
                "pages": rows,
                "has_more": more,
            },
            outside_content=True,
        )

    async def describe_query_database(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        collection = await resolve_collection(self.client, arguments["database"])
        filtered = " with a filter" if arguments.get("filter") else ""
        return (
            f"Query the Notion database “{collection.label}”{filtered} "
            f"(up to {arguments['limit']} pages)."
        )

    # -------------------------------------------------------------- create_page

    async def _creation(
        self, arguments: dict[str, Any]
    ) -> tuple[Collection | PageRef, dict[str, Any], dict[str, Any], list[Change]]:
        parent = await resolve_parent(self.client, arguments["parent"])
        title, extra = arguments["title"], arguments.get("properties") or {}
        if isinstance(parent, PageRef):
            if extra:
                raise ToolError(
                    f"“{parent.label}” is a page: a page inside it has only a title. "
                    "Properties need a database as the parent.",
                    error_class="invalid_arguments",
                )
            request = {"title": notion_value("title", "title", title, None)}
            return parent, {"type": "page_id", "page_id": parent.id}, request, []
        title_property = parent.title_property
        properties = {title_property: notion_value(title_property, "title", title, None)}
        changes = []
        for key, value in extra.items():
            name = match_property(key, parent.properties, f"“{parent.label}”")
            if name == title_property or name in properties:
                raise ToolError(
                    f"{name} is given twice (the title goes in title).",
                    error_class="invalid_arguments",
                )
            spec = parent.properties[name]
            kind = str(spec.get("type"))
            request = notion_value(name, kind, value, spec)
            properties[name] = request
            changes.append(Change(name, kind, request, simple_value({"type": kind, **request})))
        return parent, parent.parent(), properties, changes

    async def create_page(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        parent, parent_object, properties, _ = await self._creation(arguments)
        created = page_ref(await self.client.create_page(parent_object, properties))
        title = created.title or arguments["title"]
        summary = f"Created the Notion page “{label(title)}” in “{parent.label}”."
        return ToolResult(
            summary=summary,
            data={"page_id": created.id, "url": created.url, "parent_id": parent.id},
            undo=UndoPlan(
                description=f"move the Notion page “{label(title)}” to the trash",
                params={"page_id": created.id},
                after={"title": title, "in_trash": False},
            ),
        )

    async def describe_create_page(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        parent, _, _, changes = await self._creation(arguments)
        values = [
            f"{c.name}: {show_value(c.value, c.kind)}" for c in changes if not is_empty(c.value)
        ]
        detail = f" ({', '.join(values)})" if values else ""
        return f"Create the Notion page “{label(arguments['title'])}” in “{parent.label}”{detail}."

    # -------------------------------------------------------------- update_page

    async def update_page(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        page = await self.page(arguments["page"])
        if page.in_trash:
            raise ToolError(
                f"“{page.label}” is in the trash: restore it before changing it.",
                error_class="in_trash",
            )
        changes = await self.changes(page, arguments["properties"])
        before = {c.name: simple_value(page.properties[c.name]) for c in changes}
        restore = {c.name: restore_value(page.properties[c.name]) for c in changes}
        updated = page_ref(
            await self.client.update_page(page.id, properties={c.name: c.request for c in changes})
        )
        after = {
            c.name: simple_value(updated.properties[c.name])
            if isinstance(updated.properties.get(c.name), dict)
            else c.value
            for c in changes
        }
        title = updated.title or page.title
        names = and_list([c.name for c in changes])
        return ToolResult(
            summary=f"{_capital(changes_sentence(changes))} on “{label(title)}”.",
            data={"page_id": page.id, "url": updated.url or page.url, "properties": after},
            undo=UndoPlan(
                description=f"restore {names} on “{label(title)}”",
                params={"page_id": page.id, "properties": restore},
                before={"title": page.title, "values": before},
                after={
                    "title": title,
                    "values": after,
                    "types": {c.name: c.kind for c in changes},
                },
            ),
        )

    async def describe_update_page(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        page = await self.page(arguments["page"])
        changes = await self.changes(page, arguments["properties"])
        return f"{_capital(changes_sentence(changes))} on “{page.label}”."

    # -------------------------------------------------------------- archive / restore

    async def archive_page(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        return await self._set_trash(arguments["page"], in_trash=True)

    async def describe_archive_page(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        page = await self.page(arguments["page"])
        return f"Move the Notion page “{page.label}” to the trash."

    async def restore_page(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        return await self._set_trash(arguments["page"], in_trash=False)

    async def describe_restore_page(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        page = await self.page(arguments["page"])
        return f"Restore the Notion page “{page.label}” from the trash."

    async def _set_trash(self, reference: str, *, in_trash: bool) -> ToolResult:
        page = await self.page(reference)
        data = {"page_id": page.id, "url": page.url, "in_trash": in_trash}
        if page.in_trash == in_trash:
            where = "in the trash" if in_trash else "out of the trash"
            return ToolResult(
                summary=f"The Notion page “{page.label}” is already {where}.", data=data
            )
        await self.client.update_page(page.id, in_trash=in_trash)
        state = {"title": page.title}
        if in_trash:
            summary = f"Moved the Notion page “{page.label}” to the trash."
            undo = f"restore the Notion page “{page.label}” from the trash"
        else:
            summary = f"Restored the Notion page “{page.label}” from the trash."
            undo = f"move the Notion page “{page.label}” back to the trash"
        return ToolResult(
            summary=summary,
            data=data,
            undo=UndoPlan(
                description=undo,
                params={"page_id": page.id},
                before={**state, "in_trash": not in_trash},
                after={**state, "in_trash": in_trash},
            ),
        )


def _row(page: dict[str, Any]) -> dict[str, Any]:
    ref = page_ref(page)
    values = {}
    for name, value in simple_values(ref.properties).items():
        if isinstance(value, str) and len(value) > FIELD_TEXT_LIMIT:
            value = f"{value[: FIELD_TEXT_LIMIT - 1]}…"
        values[name] = value
    return {"id": ref.id, "title": ref.title, "url": ref.url, "properties": values}
