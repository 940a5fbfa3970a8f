"""The Jira search tool: issues matching a JQL query, listed in the summary.

Summaries and assignees are written by anyone with access to the project, so the
result is marked ``outside_content`` and taints the run.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolContext, ToolResult
from bot.integrations.jira.client import ClientSource, JiraClient
from bot.integrations.jira.views import IssueView, clip
from bot.messages import jira as words

__all__ = ["SUMMARY_LINES", "SearchIssues"]

SUMMARY_LINES = 15  # issues listed in a search summary; all of them are in its data


class SearchIssues:
    """jira.search: run and describe."""

    def __init__(self, client: ClientSource) -> None:
        self._client = client

    async def run(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        jql = str(arguments["jql"]).strip()
        client = self._client()
        found, more = await client.search(jql, int(arguments["limit"]))
        issues = [_entry(client, raw) for raw in found]
        if not issues:
            summary = words.no_matches(clip(jql, 200))
        else:
            head = words.matches_head(len(issues), clip(jql, 200), more=more)
            lines = [_line(entry) for entry in issues[:SUMMARY_LINES]]
            if len(issues) > SUMMARY_LINES:
                lines.append(words.and_more(len(issues) - SUMMARY_LINES))
            summary = head + ":\n" + "\n".join(lines)
        return ToolResult(
            summary=summary,
            data={"jql": jql, "issues": issues, "count": len(issues), "more": more},
            outside_content=True,
        )

    async def describe(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        return words.search_preview(clip(arguments["jql"], 200), arguments["limit"])


def _entry(client: JiraClient, raw: dict[str, Any]) -> dict[str, Any]:
    view = IssueView.from_api(raw)
    updated = (raw.get("fields") or {}).get("updated")
    return {
        "key": view.key,
        "summary": clip(view.summary, 255),
        "status": view.status,
        "type": view.issue_type,
        "assignee": view.assignee.display_name if view.assignee else None,
        "updated": updated,
        "url": client.browse_url(view.key),
    }


def _line(entry: dict[str, Any]) -> str:
    return words.match_line(
        entry["key"], clip(entry["summary"]), entry["status"], entry["assignee"]
    )
