"""Notion's REST API as the Kaizen tools use it: references, the client, and lookups.

The client speaks ``Notion-Version: 2026-03-11``, following Notion's upgrade guides:

- since 2025-09-03 a *database* is a container of one or more *data sources*; rows
  (pages) live in a data source, are listed with ``POST /v1/data_sources/{id}/query``
  and are created with a parent ``{"type": "data_source_id", ...}``. A database's
  data sources are listed by ``GET /v1/databases/{id}`` (``data_sources``: id, name);
  a data source's property schema by ``GET /v1/data_sources/{id}``.
- since 2026-03-11 pages move to and from the trash with ``in_trash`` in
  ``PATCH /v1/pages/{id}``; the old ``archived`` alias is rejected, so it is never sent.

Every HTTP call goes through `ServiceClient`, which turns Notion's error body
(``{"object": "error", "status", "code", "message"}``) into `ToolError`s: 401 →
``bad_credentials``, 404 → ``not_found``, 429 → retryable with ``Retry-After``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bot.integrations.base import ToolError
from bot.integrations.http import DEFAULT_TIMEOUT, ServiceClient

__all__ = [
    "DEFAULT_API_URL",
    "MAX_PAGE_SIZE",
    "NOTION_VERSION",
    "Collection",
    "NotionClient",
    "PageRef",
    "label",
    "page_ref",
    "parse_notion_id",
    "plain_text",
    "resolve_collection",
    "resolve_parent",
]

NOTION_VERSION = "2026-03-11"
DEFAULT_API_URL = "https://api.notion.com"
MAX_PAGE_SIZE = 100  # Notion's largest page_size
LABEL_LIMIT = 80

_HEX32 = re.compile(r"[0-9a-fA-F]{32}")
_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_ID_AT_END = re.compile(
    r"(?:^|-)([0-9a-fA-F]{32}|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})$"
)
_NOTION_HOSTS = ("notion.so", "notion.site", "notion.com")


# ------------------------------------------------------------------ references


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
        raise ToolError(
            f"“{_short(reference)}” is not a Notion id or link.", error_class="invalid_arguments"
        )
    if peek:
        opened = parse_qs(parts.query).get("p", [""])[0]
        if _HEX32.fullmatch(opened):
            return _dashed(opened)
    segment = parts.path.rstrip("/").rsplit("/", 1)[-1]
    found = _ID_AT_END.search(segment)
    if found:
        return _dashed(found.group(1).replace("-", ""))
    raise ToolError(
        f"The link “{_short(reference)}” does not name a Notion page or database.",
        error_class="invalid_arguments",
    )


def _dashed(hex32: str) -> str:
    h = hex32.lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _short(text: str, limit: int = 60) -> str:
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
    text = " ".join(title.split()) or "Untitled"
    if len(text) > LABEL_LIMIT:
        text = f"{text[: LABEL_LIMIT - 1]}…"
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ------------------------------------------------------------------ client


class NotionClient:
    """Notion's REST API over one `ServiceClient` (``Notion-Version: 2026-03-11``)."""

    def __init__(
        self, token: str, base_url: str = DEFAULT_API_URL, *, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        base = base_url.rstrip("/")
        if base.endswith("/v1"):
            base = base[: -len("/v1")]
        self.http = ServiceClient(
            service="Notion",
            base_url=base,
            headers={
                "Authorization": f"Bearer {token}",
                "Notion-Version": NOTION_VERSION,
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
            timeout=timeout,
        )

    async def me(self) -> dict[str, Any]:
        return await self._call("GET", "/v1/users/me")

    async def page(self, page_id: str) -> dict[str, Any]:
        return await self._call("GET", f"/v1/pages/{page_id}")

    async def create_page(
        self, parent: dict[str, Any], properties: dict[str, Any]
    ) -> dict[str, Any]:
        return await self._call("POST", "/v1/pages", {"parent": parent, "properties": properties})

    async def update_page(
        self,
        page_id: str,
        *,
        properties: dict[str, Any] | None = None,
        in_trash: bool | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if properties is not None:
            body["properties"] = properties
        if in_trash is not None:
            body["in_trash"] = in_trash  # never `archived`: 2026-03-11 rejects it
        return await self._call("PATCH", f"/v1/pages/{page_id}", body)

    async def database(self, database_id: str) -> dict[str, Any]:
        return await self._call("GET", f"/v1/databases/{database_id}")

    async def data_source(self, data_source_id: str) -> dict[str, Any]:
        return await self._call("GET", f"/v1/data_sources/{data_source_id}")

    async def query(
        self, data_source_id: str, *, filter: dict[str, Any] | None, limit: int
    ) -> tuple[list[dict[str, Any]], bool]:
        """Up to ``limit`` pages of a data source (following ``next_cursor``), and if more match."""
        pages: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            body: dict[str, Any] = {"page_size": min(MAX_PAGE_SIZE, limit - len(pages))}
            if filter:
                body["filter"] = filter
            if cursor:
                body["start_cursor"] = cursor
            data = await self._call("POST", f"/v1/data_sources/{data_source_id}/query", body)
            results = data.get("results") or []
            pages.extend(r for r in results if isinstance(r, dict) and r.get("object") == "page")
            cursor = data.get("next_cursor") if data.get("has_more") else None
            if not cursor:
                return pages[:limit], False
            if len(pages) >= limit or not results:
                return pages[:limit], True

    async def close(self) -> None:
        await self.http.close()

    async def _call(self, method: str, path: str, body: Any = None) -> dict[str, Any]:
        response = await self.http.request(method, path, json_body=body)
        data = response.data
        if not isinstance(data, dict):
            raise ToolError("Notion sent an answer I can't read.", error_class="bad_response")
        return data


# ------------------------------------------------------------------ what references name


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


def page_ref(page: dict[str, Any]) -> PageRef:
    properties = page.get("properties") if isinstance(page.get("properties"), dict) else {}
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
        parent=page.get("parent") if isinstance(page.get("parent"), dict) else {},
    )


def _collection(data: dict[str, Any]) -> Collection:
    parent = data.get("parent") if isinstance(data.get("parent"), dict) else {}
    return Collection(
        id=str(data.get("id") or ""),
        title=plain_text(data.get("title")),
        database_id=parent.get("database_id"),
        properties=data.get("properties") if isinstance(data.get("properties"), dict) else {},
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
        raise ToolError(
            f"The database “{name}” has no data source I can use.", error_class="not_found"
        )
    if len(sources) > 1:
        listed = ", ".join(f"“{label(str(s.get('name') or ''))}” ({s.get('id')})" for s in sources)
        raise ToolError(
            f"The database “{name}” has {len(sources)} data sources: {listed}. "
            "Give the id of the one you mean.",
            error_class="ambiguous",
        )
    return _collection(await client.data_source(str(sources[0]["id"])))


async def _maybe_data_source(client: NotionClient, ident: str) -> Collection | None:
    try:
        return _collection(await client.data_source(ident))
    except ToolError as error:
        if error.error_class == "not_found":
            return None
        raise


def _not_shared(reference: str, what: str) -> ToolError:
    return ToolError(
        f"Notion can't find {what} “{_short(reference)}”: check the link, and that the "
        "page is shared with the Kaizen connection.",
        error_class="not_found",
    )


async def resolve_collection(client: NotionClient, reference: str) -> Collection:
    """A database (its only data source) or a data source, by id or link."""
    ident = parse_notion_id(reference)
    found = await _database_collection(client, ident) or await _maybe_data_source(client, ident)
    if found is None:
        raise _not_shared(reference, "a database")
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
            raise _not_shared(reference, "a database or page") from None
        raise
