"""What each Notion tool does, and the sentence that describes it before it runs.

`NotionActions` holds the integration's `NotionClient`; each pair of methods is
one tool's ``run`` and ``describe``. Arguments arrive checked (see
`bot.integrations.schema.check_arguments`); references are resolved through
`bot.integrations.notion.resolve`, values converted by `bot.integrations.notion.values`
and `bot.integrations.notion.changes`.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolContext, ToolError, ToolResult, UndoPlan
from bot.integrations.notion.changes import Change, change, changes_sentence, property_changes
from bot.integrations.notion.client import NotionClient
from bot.integrations.notion.plain_values import is_empty, show_value, simple_value, simple_values
from bot.integrations.notion.refs import label
from bot.integrations.notion.resolve import (
    Collection,
    PageRef,
    page_ref,
    resolve_collection,
    resolve_page,
    resolve_parent,
)
from bot.integrations.notion.values import match_property, notion_value, restore_value
from bot.messages import notion as words
from bot.messages import notion_undo as undo_words

__all__ = ["NotionActions"]

FIELD_TEXT_LIMIT = 500  # characters of one property value in query results

Creation = tuple[Collection | PageRef, dict[str, Any], dict[str, Any], list[Change]]


class NotionActions:
    """The Notion tools' run and describe functions, over one client."""

    def __init__(self, client: NotionClient) -> None:
        self.client = client

    # -------------------------------------------------------------- query_database

    async def query_database(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        collection = await resolve_collection(self.client, arguments["database"])
        pages, more = await self.client.query(
            collection.id, filter=arguments.get("filter"), limit=arguments["limit"]
        )
        rows = [_row(page) for page in pages]
        if rows:
            summary = words.found(len(rows), collection.label, more=more)
        else:
            summary = words.no_matches(collection.label)
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
        return words.query_preview(
            collection.label, filtered=bool(arguments.get("filter")), limit=arguments["limit"]
        )

    # -------------------------------------------------------------- create_page

    async def _creation(self, arguments: dict[str, Any]) -> Creation:
        parent = await resolve_parent(self.client, arguments["parent"])
        title, extra = arguments["title"], arguments.get("properties") or {}
        if isinstance(parent, PageRef):
            if extra:
                raise ToolError(
                    words.page_parent_takes_no_properties(parent.label),
                    error_class="invalid_arguments",
                )
            request = {"title": notion_value("title", "title", title, None)}
            return parent, {"type": "page_id", "page_id": parent.id}, request, []
        title_property = parent.title_property
        properties = {title_property: notion_value(title_property, "title", title, None)}
        changes = []
        for key, value in extra.items():
            name = match_property(key, parent.properties, words.quoted(parent.label))
            if name == title_property or name in properties:
                raise ToolError(words.given_twice(name), error_class="invalid_arguments")
            spec = parent.properties[name]
            kind = str(spec.get("type"))
            request = notion_value(name, kind, value, spec)
            properties[name] = request
            changes.append(change(name, kind, request))
        return parent, parent.parent(), properties, changes

    async def create_page(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        parent, parent_object, properties, _ = await self._creation(arguments)
        created = page_ref(await self.client.create_page(parent_object, properties))
        title = created.title or arguments["title"]
        return ToolResult(
            summary=words.created(label(title), parent.label),
            data={"page_id": created.id, "url": created.url, "parent_id": parent.id},
            undo=UndoPlan(
                description=undo_words.trash_page(label(title)),
                params={"page_id": created.id},
                after={"title": title, "in_trash": False},
            ),
        )

    async def describe_create_page(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        parent, _, _, changes = await self._creation(arguments)
        values = [(c.name, show_value(c.value, c.kind)) for c in changes if not is_empty(c.value)]
        return words.create_preview(label(arguments["title"]), parent.label, values)

    # -------------------------------------------------------------- update_page

    async def update_page(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        page = await resolve_page(self.client, arguments["page"])
        if page.in_trash:
            raise ToolError(words.in_trash_cannot_change(page.label), error_class="in_trash")
        changes = await property_changes(self.client, page, arguments["properties"])
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
        return ToolResult(
            summary=words.updated(changes_sentence(changes), label(title)),
            data={"page_id": page.id, "url": updated.url or page.url, "properties": after},
            undo=UndoPlan(
                description=undo_words.restore_values([c.name for c in changes], label(title)),
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
        page = await resolve_page(self.client, arguments["page"])
        changes = await property_changes(self.client, page, arguments["properties"])
        return words.updated(changes_sentence(changes), page.label)

    # -------------------------------------------------------------- archive / restore

    async def archive_page(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        return await self._set_trash(arguments["page"], in_trash=True)

    async def describe_archive_page(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        page = await resolve_page(self.client, arguments["page"])
        return words.archive_preview(page.label)

    async def restore_page(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        return await self._set_trash(arguments["page"], in_trash=False)

    async def describe_restore_page(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        page = await resolve_page(self.client, arguments["page"])
        return words.restore_preview(page.label)

    async def _set_trash(self, reference: str, *, in_trash: bool) -> ToolResult:
        page = await resolve_page(self.client, reference)
        data = {"page_id": page.id, "url": page.url, "in_trash": in_trash}
        if page.in_trash == in_trash:
            return ToolResult(
                summary=words.already_in_trash(page.label, in_trash=in_trash), data=data
            )
        await self.client.update_page(page.id, in_trash=in_trash)
        state = {"title": page.title}
        if in_trash:
            summary = words.moved_to_trash(page.label)
            undo = undo_words.restore_page(page.label)
        else:
            summary = words.restored_from_trash(page.label)
            undo = undo_words.trash_page_again(page.label)
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
