"""The Jira Cloud integration: search (JQL), create, comment, assign, transition, delete.

The client speaks Jira Cloud's REST API v3 as Atlassian documents it today
(`bot.integrations.jira.client`): basic auth with an account email and API token,
``POST /rest/api/3/search/jql`` paged by ``nextPageToken``, descriptions and
comments in Atlassian Document Format, people by ``accountId``. What each tool
does is in the modules `bot.integrations.jira.tools` gathers, how it is undone in
`bot.integrations.jira.undo`.

Usage::

    jira = JiraIntegration.from_settings(settings)  # configured() when all three are set
    tool = next(t for t in jira.tools() if t.qualified_name == "jira.transition")
    print(await tool.describe(context, {"key": "PROJ-7", "to": "In Progress"}))
    # Move PROJ-7 (“Login fails”) from To Do to In Progress.
    result = await tool.run(context, {"key": "PROJ-7", "to": "In Progress"})
    await jira.close()
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import Risk, Tool, ToolError
from bot.integrations.jira.client import JiraClient
from bot.integrations.jira.tools import JiraActions
from bot.integrations.jira.undo import (
    DeleteCreatedIssue,
    DeletePostedComment,
    RecreateDeletedIssue,
    RestoreAssignee,
    TransitionBack,
)
from bot.integrations.schema import object_schema
from bot.integrations.tool_factory import checked_tool
from bot.messages import jira as words
from bot.planning.offline.rule import OfflineRule
from bot.planning.offline.rules.jira import JIRA_RULES

__all__ = ["DEFAULT_SEARCH_LIMIT", "JiraIntegration"]

DEFAULT_SEARCH_LIMIT = 30


class JiraIntegration:
    """Jira Cloud tools over one site, account email and API token."""

    name = "jira"
    credentials = ("JIRA_URL", "JIRA_EMAIL", "JIRA_API_TOKEN")

    def __init__(
        self, url: str | None = None, email: str | None = None, api_token: str | None = None
    ) -> None:
        self._url = url or None
        self._email = email or None
        self._api_token = api_token or None
        self._jira: JiraClient | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> JiraIntegration:
        token = settings.jira_api_token
        return cls(
            url=settings.jira_url,
            email=settings.jira_email,
            api_token=token.get_secret_value() if token is not None else None,
        )

    def __repr__(self) -> str:  # never the token
        return f"JiraIntegration(url={self._url!r}, configured={self.configured()})"

    def configured(self) -> bool:
        return bool(self._url and self._email and self._api_token)

    def client(self) -> JiraClient:
        """The site's client, made on first use; `ToolError` when Jira is not configured."""
        if self._jira is None:
            if not self.configured():
                raise ToolError(words.NOT_CONFIGURED, error_class="not_configured")
            assert self._url and self._email and self._api_token
            self._jira = JiraClient(self._url, self._email, self._api_token)
        return self._jira

    def offline_rules(self) -> tuple[OfflineRule, ...]:
        """What the offline planner understands for Jira (`bot.planning.offline.rules`)."""
        return JIRA_RULES

    def tools(self) -> list[Tool]:
        return jira_tools(JiraActions(self.client), self.client)

    async def health(self) -> bool:
        """Whether Jira accepts the credentials (GET /rest/api/3/myself)."""
        if not self.configured():
            return False
        try:
            data = await self.client().myself()
        except ToolError:
            return False
        return isinstance(data, dict) and bool(data.get("accountId"))

    async def close(self) -> None:
        if self._jira is not None:
            await self._jira.close()


# -------------------------------------------------------------- the tool list

_KEY = {
    "type": "string",
    "minLength": 1,
    "description": "The issue key, like PROJ-7 (a …/browse/PROJ-7 link works too).",
}


def jira_tools(actions: JiraActions, client: Any) -> list[Tool]:
    """Every Jira tool, in a stable order."""
    return [
        checked_tool(
            "jira",
            "search",
            object_schema(
                {"jql": {"type": "string", "minLength": 1, "description": "The JQL query."}},
                {
                    "limit": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 200,
                        "default": DEFAULT_SEARCH_LIMIT,
                        "description": "How many issues at most (1-200, default 30).",
                    }
                },
            ),
            Risk.READ,
            actions.search,
            actions.describe_search,
            description=(
                "Find Jira issues with a JQL query (e.g. project = PROJ AND status != Done)."
            ),
        ),
        checked_tool(
            "jira",
            "create_issue",
            object_schema(
                {
                    "project": {
                        "type": "string",
                        "minLength": 1,
                        "description": "The project key (PROJ) or name.",
                    },
                    "summary": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 255,
                        "description": "The issue's title.",
                    },
                },
                {
                    "issue_type": {
                        "type": "string",
                        "minLength": 1,
                        "default": "Task",
                        "description": "Task, Bug, Story… (default Task).",
                    },
                    "description": {
                        "type": "string",
                        "maxLength": 30_000,
                        "description": "Plain text; blank lines separate paragraphs.",
                    },
                },
            ),
            Risk.WRITE,
            actions.create_issue,
            actions.describe_create_issue,
            description="Create a Jira issue.",
            undo=DeleteCreatedIssue(client),
        ),
        checked_tool(
            "jira",
            "comment",
            object_schema(
                {
                    "key": _KEY,
                    "body": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 30_000,
                        "description": "The comment, plain text.",
                    },
                }
            ),
            Risk.WRITE,
            actions.comment,
            actions.describe_comment,
            description="Add a comment to a Jira issue.",
            undo=DeletePostedComment(client),
        ),
        checked_tool(
            "jira",
            "assign",
            object_schema(
                {
                    "key": _KEY,
                    "assignee": {
                        "type": "string",
                        "minLength": 1,
                        "description": (
                            "Who: an accountId, an email, a display name, 'me' (the person "
                            "asking) or 'unassigned'."
                        ),
                    },
                }
            ),
            Risk.WRITE,
            actions.assign,
            actions.describe_assign,
            description="Assign a Jira issue to someone, or unassign it.",
            undo=RestoreAssignee(client),
        ),
        checked_tool(
            "jira",
            "transition",
            object_schema(
                {
                    "key": _KEY,
                    "to": {
                        "type": "string",
                        "minLength": 1,
                        "description": "The target status (In Progress, Done…) or transition name.",
                    },
                }
            ),
            Risk.WRITE,
            actions.transition,
            actions.describe_transition,
            description="Move a Jira issue to another status through its workflow.",
            undo=TransitionBack(client),
        ),
        checked_tool(
            "jira",
            "delete_issue",
            object_schema({"key": _KEY}),
            Risk.DESTRUCTIVE,
            actions.delete_issue,
            actions.describe_delete_issue,
            description="Delete a Jira issue (undo re-creates it with a new key).",
            undo=RecreateDeletedIssue(client),
        ),
    ]
