"""The Jira tool that assigns an issue to someone, or unassigns it.

Who the ``assignee`` argument names is worked out by
`bot.integrations.jira.people.resolve_assignee` ("me", an email, a name …).
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolContext, ToolResult, UndoPlan
from bot.integrations.jira.client import ClientSource
from bot.integrations.jira.people import resolve_assignee
from bot.integrations.jira.views import parse_issue_key
from bot.messages import jira as words
from bot.messages import jira_undo as undo_words

__all__ = ["AssignIssue"]


class AssignIssue:
    """jira.assign: run and describe."""

    def __init__(self, client: ClientSource) -> None:
        self._client = client

    async def run(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        client = self._client()
        issue = await client.issue(parse_issue_key(arguments["key"]))
        user = await resolve_assignee(client, context, arguments["assignee"])
        new_id = user.account_id if user else None
        name = user.display_name if user else None
        if new_id == issue.assignee_id:
            return ToolResult(
                summary=words.already_assigned(issue.label, name), data={"key": issue.key}
            )
        await client.set_assignee(issue.key, new_id)
        previous = issue.assignee
        return ToolResult(
            summary=words.assigned(issue.label, name),
            data={"key": issue.key, "assignee": new_id, "previous_assignee": issue.assignee_id},
            undo=UndoPlan(
                description=undo_words.assign_back(
                    issue.key, previous.display_name if previous else None
                ),
                params={"key": issue.key, "account_id": issue.assignee_id},
                before={
                    "assignee": issue.assignee_id,
                    "assignee_name": previous.display_name if previous else None,
                },
                after={"assignee": new_id, "assignee_name": name},
            ),
        )

    async def describe(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        client = self._client()
        issue = await client.issue(parse_issue_key(arguments["key"]))
        user = await resolve_assignee(client, context, arguments["assignee"])
        now = issue.assignee.display_name if issue.assignee else None
        return words.assign_preview(issue.label, user.display_name if user else None, now)
