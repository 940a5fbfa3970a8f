"""What a Notion reference names: a database's data source, or a page as it is now.

Since ``Notion-Version: 2025-09-03`` a database is a container of data sources:
rows live in a data source, so a database with several asks which one is meant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.integrations.base import ToolError
from bot.integrations.notion.client import NotionClient
from bot.integrations.notion.refs import label, parse_notion_id, plain_text, short
from bot.messages import notion as words

__all__ = [
    "Collection",
    "PageRef",
    "page_ref",
    "resolve_collection",
    "resolve_page",
    "resolve_parent",
]


@dataclass(frozen=True)
class Collection:
    """A data source: where database rows live, with its property schema."""

    id: str
    title: str
    database_id: str | None
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return label(self.title)

    @property
    def title_property(self) -> str:
        for name, spec in self.properties.items():
            if isinstance(spec, dict) and spec.get("type") == "title":
                return name
        return "Name"

    def parent(self) -> dict[str, Any]:
        return {"type": "data_source_id", "data_source_id": self.id}


@dataclass(frozen=True)
class PageRef:
    """A page as it is now: id, title, trash state, property values and its parent."""

    id: str
    title: str
    in_trash: bool
    url: str
    properties: dict[str, Any]
    parent: dict[str, Any]

    @property
    def label(self) -> str:
        return label(self.title)

    @property
    def data_source_id(self) -> str | None:
        if self.parent.get("type") == "data_source_id":
            return str(self.parent.get("data_source_id") or "") or None
        return None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def page_ref(page: dict[str, Any]) -> PageRef:
    properties = _dict(page.get("properties"))
    title = ""
    for value in properties.values():
        if isinstance(value, dict) and value.get("type") == "title":
            title = plain_text(value.get("title"))
            break
    return PageRef(
        id=str(page.get("id") or ""),
        title=title,
        in_trash=bool(page.get("in_trash")),
        url=str(page.get("url") or ""),
        properties=properties,
        parent=_dict(page.get("parent")),
    )


def _collection(data: dict[str, Any]) -> Collection:
    parent = _dict(data.get("parent"))
    return Collection(
        id=str(data.get("id") or ""),
        title=plain_text(data.get("title")),
        database_id=parent.get("database_id"),
        properties=_dict(data.get("properties")),
    )


async def _database_collection(client: NotionClient, database_id: str) -> Collection | None:
    """The single data source of a database; None when ``database_id`` is no database."""
    try:
        database = await client.database(database_id)
    except ToolError as error:
        if error.error_class == "not_found":
            return None
        raise
    sources = [s for s in database.get("data_sources") or [] if isinstance(s, dict)]
    name = label(plain_text(database.get("title")))
    if not sources:
        raise ToolError(words.no_data_source(name), error_class="not_found")
    if len(sources) > 1:
        listed = [(label(str(s.get("name") or "")), s.get("id")) for s in sources]
        raise ToolError(words.several_data_sources(name, listed), error_class="ambiguous")
    return _collection(await client.data_source(str(sources[0]["id"])))


async def _maybe_data_source(client: NotionClient, ident: str) -> Collection | None:
    try:
        return _collection(await client.data_source(ident))
    except ToolError as error:
        if error.error_class == "not_found":
            return None
        raise


def _not_shared(reference: str, what: str) -> ToolError:
    return ToolError(words.not_shared(what, short(reference)), error_class="not_found")


async def resolve_collection(client: NotionClient, reference: str) -> Collection:
    """A database (its only data source) or a data source, by id or link."""
    ident = parse_notion_id(reference)
    found = await _database_collection(client, ident) or await _maybe_data_source(client, ident)
    if found is None:
        raise _not_shared(reference, words.A_DATABASE)
    return found


async def resolve_parent(client: NotionClient, reference: str) -> Collection | PageRef:
    """Where a new page goes: a database / data source, or a page."""
    ident = parse_notion_id(reference, peek=True)
    found = await _database_collection(client, ident) or await _maybe_data_source(client, ident)
    if found is not None:
        return found
    try:
        return page_ref(await client.page(ident))
    except ToolError as error:
        if error.error_class == "not_found":
            raise _not_shared(reference, words.A_DATABASE_OR_PAGE) from None
        raise


async def resolve_page(client: NotionClient, reference: str) -> PageRef:
    """The page a link or id names (a page opened over a database view wins)."""
    page_id = parse_notion_id(reference, peek=True)
    try:
        return page_ref(await client.page(page_id))
    except ToolError as error:
        if error.error_class != "not_found":
            raise
    raise ToolError(words.PAGE_NOT_SHARED, error_class="not_found")
