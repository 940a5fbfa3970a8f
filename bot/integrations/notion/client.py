"""Notion's REST API as the Kaizen tools use it: the client.

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

References and titles are read in `bot.integrations.notion.refs`; what they name
is looked up in `bot.integrations.notion.resolve`.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolError
from bot.integrations.http import DEFAULT_TIMEOUT, ServiceClient
from bot.messages import notion as words

__all__ = ["DEFAULT_API_URL", "MAX_PAGE_SIZE", "NOTION_VERSION", "NotionClient"]

NOTION_VERSION = "2026-03-11"
DEFAULT_API_URL = "https://api.notion.com"
MAX_PAGE_SIZE = 100  # Notion's largest page_size


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
            raise ToolError(words.UNREADABLE_ANSWER, error_class="bad_response")
        return data
