"""The Notion integration: query databases, create pages, update properties, trash / restore.

The client (`bot.integrations.notion.client.NotionClient`) speaks Notion's REST API
with ``Notion-Version: 2026-03-11``: rows are queried through data sources
(``POST /v1/data_sources/{id}/query``), new rows get a ``data_source_id`` parent,
and pages move to and from the trash with ``in_trash`` (``archived`` is never
sent). Pages and databases are named by id (with or without dashes) or by a
Notion link. Each write returns an `UndoPlan` run by a handler of
`bot.integrations.notion.undo`.

Usage::

    integration = NotionIntegration.from_settings(settings)
    tool = next(t for t in integration.tools() if t.qualified_name == "notion.archive_page")
    print(await tool.describe(context, {"page": url}))  # Move the Notion page “Launch plan” …
    result = await tool.run(context, {"page": url})
    await integration.close()
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import Risk, Tool, ToolError
from bot.integrations.http import DEFAULT_TIMEOUT
from bot.integrations.notion.client import DEFAULT_API_URL, NotionClient
from bot.integrations.notion.pages import NotionActions
from bot.integrations.notion.refs import parse_notion_id
from bot.integrations.notion.undo import RestorePropertyValues, RestoreTrashState, TrashCreatedPage
from bot.integrations.schema import check_arguments, object_schema
from bot.integrations.tool_factory import checked_tool
from bot.planning.offline.rule import OfflineRule
from bot.planning.offline.rules.notion import NOTION_RULES

__all__ = ["NotionIntegration", "check_arguments", "parse_notion_id"]

DEFAULT_QUERY_LIMIT = 25
MAX_QUERY_LIMIT = 200


class NotionIntegration:
    """The Notion tools over one API client; offered when ``NOTION_TOKEN`` is set."""

    name = "notion"
    credentials = ("NOTION_TOKEN",)

    def __init__(
        self,
        token: str | None,
        api_url: str = DEFAULT_API_URL,
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self._token = token or None
        self.client = NotionClient(token or "", api_url, timeout=timeout)

    @classmethod
    def from_settings(cls, settings: Any) -> NotionIntegration:
        secret = getattr(settings, "notion_token", None)
        token = secret.get_secret_value() if secret is not None else None
        return cls(token, getattr(settings, "notion_api_url", None) or DEFAULT_API_URL)

    def configured(self) -> bool:
        return bool(self._token)

    def offline_rules(self) -> tuple[OfflineRule, ...]:
        """What the offline planner understands for Notion (`bot.planning.offline.rules`)."""
        return NOTION_RULES

    def tools(self) -> list[Tool]:
        return notion_tools(self.client)

    async def health(self) -> bool:
        """Whether Notion accepts the token (``GET /v1/users/me``)."""
        if not self.configured():
            return False
        try:
            await self.client.me()
        except ToolError:
            return False
        return True

    async def close(self) -> None:
        await self.client.close()

    def __repr__(self) -> str:  # never the token
        state = "configured" if self.configured() else "not configured"
        return f"NotionIntegration({self.client.http.base_url!r}, {state})"


# -------------------------------------------------------------- arguments


_PAGE = {
    "type": "string",
    "minLength": 1,
    "maxLength": 2_000,
    "description": "The page: its Notion link (https://www.notion.so/Title-<id>) or its id.",
}
_DATABASE = {
    "type": "string",
    "minLength": 1,
    "maxLength": 2_000,
    "description": "The database: its Notion link or id, or a data source id.",
}
_VALUES = {
    "type": "object",
    "description": (
        'Property values by property name, as plain values: {"Status": "Done", "Points": 3, '
        '"Due": "2026-03-31", "Shipped": true, "Tags": ["a", "b"]}; null clears one.'
    ),
    "additionalProperties": True,
}


# -------------------------------------------------------------- the tool list


def notion_tools(client: NotionClient) -> list[Tool]:
    """Every Notion tool over ``client``, in a stable order."""
    actions = NotionActions(client)
    page = object_schema({"page": _PAGE})
    return [
        checked_tool(
            "notion",
            "query_database",
            object_schema(
                {"database": _DATABASE},
                {
                    "filter": {
                        "type": "object",
                        "description": (
                            "A Notion query filter, passed through as is, e.g. "
                            '{"property": "Status", "status": {"equals": "Done"}}.'
                        ),
                        "additionalProperties": True,
                    },
                    "limit": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": MAX_QUERY_LIMIT,
                        "default": DEFAULT_QUERY_LIMIT,
                        "description": "How many pages at most (1-200, default 25).",
                    },
                },
            ),
            Risk.READ,
            actions.query_database,
            actions.describe_query_database,
            description=(
                "List the pages of a Notion database (or data source) with their property "
                "values, optionally filtered with a Notion filter object."
            ),
        ),
        checked_tool(
            "notion",
            "create_page",
            object_schema(
                {
                    "parent": {
                        **_PAGE,
                        "description": "Where the page goes: a database, data source or page "
                        "(link or id).",
                    },
                    "title": {"type": "string", "minLength": 1, "maxLength": 2_000},
                },
                {"properties": _VALUES},
            ),
            Risk.WRITE,
            actions.create_page,
            actions.describe_create_page,
            description=(
                "Create a Notion page in a database (with property values) or inside a page."
            ),
            undo=TrashCreatedPage(client),
        ),
        checked_tool(
            "notion",
            "update_page",
            object_schema({"page": _PAGE, "properties": {**_VALUES, "minProperties": 1}}),
            Risk.WRITE,
            actions.update_page,
            actions.describe_update_page,
            description=(
                "Set property values of a Notion page (status, select, number, date, text, …)."
            ),
            undo=RestorePropertyValues(client),
        ),
        checked_tool(
            "notion",
            "archive_page",
            page,
            Risk.DESTRUCTIVE,
            actions.archive_page,
            actions.describe_archive_page,
            description="Move a Notion page to the trash (it can be restored).",
            undo=RestoreTrashState(client, in_trash_after=True),
        ),
        checked_tool(
            "notion",
            "restore_page",
            page,
            Risk.WRITE,
            actions.restore_page,
            actions.describe_restore_page,
            description="Restore a Notion page from the trash.",
            undo=RestoreTrashState(client, in_trash_after=False),
        ),
    ]
