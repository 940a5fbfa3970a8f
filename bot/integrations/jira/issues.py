"""The Jira tools that create an issue, comment on one, and delete one.

Arguments arrive checked against the tool's schema (defaults filled in). Each
write returns an `UndoPlan` whose ``params`` / ``before`` / ``after`` are plain
JSON, so the handlers of `bot.integrations.jira.undo` can run after a restart.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolContext, ToolError, ToolResult, UndoPlan
from bot.integrations.jira.adf import adf_to_text, text_to_adf
from bot.integrations.jira.client import ClientSource, JiraClient
from bot.integrations.jira.views import PROJECT_KEY, clip, parse_issue_key
from bot.messages import jira as words
from bot.messages import jira_undo as undo_words

__all__ = ["MAX_SUMMARY_CHARS", "CommentOnIssue", "CreateIssue", "DeleteIssue"]

MAX_SUMMARY_CHARS = 255  # Jira's limit on an issue summary


async def find_project(client: JiraClient, text: str) -> dict[str, Any]:
    """The project a key or a name names; `ToolError` when there is none, or several."""
    wanted = text.strip()
    project = await client.project(wanted.upper()) if PROJECT_KEY.match(wanted) else None
    if project is None:
        found = await client.search_projects(wanted)
        exact = [p for p in found if str(p.get("name") or "").lower() == wanted.lower()]
        matches = exact or found
        if len(matches) == 1:
            project = await client.project(str(matches[0]["key"])) or matches[0]
    if project is None:
        raise ToolError(words.no_project(clip(wanted, 40)), error_class="not_found")
    return project


def issue_type_of(project: dict[str, Any], wanted: str) -> str:
    """The project's issue type named ``wanted`` (any case), as the project spells it."""
    types = [t for t in project.get("issueTypes") or [] if not t.get("subtask")]
    if not types:
        return wanted.strip()
    for kind in types:
        if str(kind.get("name") or "").lower() == wanted.strip().lower():
            return str(kind["name"])
    names = ", ".join(str(t.get("name")) for t in types)
    raise ToolError(
        words.no_issue_type(project.get("key"), clip(wanted, 40), names),
        error_class="invalid_arguments",
    )


def checked_summary(text: str) -> str:
    summary = " ".join(text.split())
    if len(summary) > MAX_SUMMARY_CHARS:
        raise ToolError(words.summary_too_long(MAX_SUMMARY_CHARS), error_class="invalid_arguments")
    return summary


class CreateIssue:
    """jira.create_issue: run and describe."""

    def __init__(self, client: ClientSource) -> None:
        self._client = client

    async def run(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        client = self._client()
        summary = checked_summary(arguments["summary"])
        project = await find_project(client, arguments["project"])
        issue_type = issue_type_of(project, arguments["issue_type"])
        fields: dict[str, Any] = {
            "project": {"key": project["key"]},
            "summary": summary,
            "issuetype": {"name": issue_type},
        }
        if arguments.get("description"):
            fields["description"] = text_to_adf(arguments["description"])
        created = await client.create_issue(fields)
        key = str(created["key"])
        issue = await client.find_issue(key)
        label = issue.label if issue else words.issue_label(key, clip(summary))
        return ToolResult(
            summary=words.created(label),
            data={
                "key": key,
                "id": str(created.get("id") or ""),
                "url": client.browse_url(key),
                "project": project["key"],
                "issue_type": issue_type,
            },
            undo=UndoPlan(
                description=undo_words.delete_issue(key),
                params={"key": key},
                after={
                    "summary": issue.summary if issue else summary,
                    "status": issue.status if issue else "",
                    "assignee": issue.assignee_id if issue else None,
                    "comments": issue.comment_total if issue else 0,
                },
            ),
        )

    async def describe(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        project = await find_project(self._client(), arguments["project"])
        issue_type = issue_type_of(project, arguments["issue_type"])
        summary = checked_summary(arguments["summary"])
        return words.create_preview(issue_type, project["key"], clip(summary, 200))


class CommentOnIssue:
    """jira.comment: run and describe."""

    def __init__(self, client: ClientSource) -> None:
        self._client = client

    async def run(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        client = self._client()
        issue = await client.issue(parse_issue_key(arguments["key"]))
        comment = await client.add_comment(issue.key, text_to_adf(arguments["body"]))
        comment_id = str(comment["id"])
        return ToolResult(
            summary=words.commented(issue.label),
            data={
                "key": issue.key,
                "comment_id": comment_id,
                "url": f"{client.browse_url(issue.key)}?focusedCommentId={comment_id}",
            },
            undo=UndoPlan(
                description=undo_words.delete_comment(issue.key),
                params={"key": issue.key, "comment_id": comment_id},
                before={"summary": issue.summary},
                after={"text": adf_to_text(comment.get("body"))},
            ),
        )

    async def describe(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        issue = await self._client().issue(parse_issue_key(arguments["key"]))
        return words.comment_preview(issue.label, clip(arguments["body"], 200))


class DeleteIssue:
    """jira.delete_issue: run and describe; the plan keeps what re-creating it needs."""

    def __init__(self, client: ClientSource) -> None:
        self._client = client

    async def run(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        client = self._client()
        issue = await client.issue(parse_issue_key(arguments["key"]))
        await client.delete_issue(issue.key)
        state = {
            "key": issue.key,
            "project": issue.project,
            "summary": issue.summary,
            "issue_type": issue.issue_type,
            "description": issue.description,
            "assignee": issue.assignee_id,
            "assignee_name": issue.assignee.display_name if issue.assignee else None,
            "labels": issue.labels,
            "status": issue.status,
        }
        return ToolResult(
            summary=words.deleted(issue.label),
            data={"key": issue.key},
            undo=UndoPlan(
                description=undo_words.recreate_issue(issue.key),
                params={"key": issue.key, "project": issue.project},
                before=state,  # what the re-created issue is made from
            ),
        )

    async def describe(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        issue = await self._client().issue(parse_issue_key(arguments["key"]))
        return words.delete_preview(issue.label)
