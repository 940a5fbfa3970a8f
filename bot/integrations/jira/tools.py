"""What each Jira tool does (``run``) and says it will do (``describe``).

Arguments arrive checked against the tool's schema (defaults filled in). Each
write returns an `UndoPlan` whose ``params`` / ``before`` / ``after`` are plain
JSON, so the handlers of `bot.integrations.jira_undo` can run after a restart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.integrations.base import ToolContext, ToolError, ToolResult, UndoPlan
from bot.integrations.jira.client import (
    PROJECT_KEY,
    IssueView,
    JiraClient,
    JiraUser,
    adf_to_text,
    clip,
    parse_issue_key,
    resolve_assignee,
    text_to_adf,
)

__all__ = ["SUMMARY_LINES", "JiraActions", "find_transition", "status_of"]

SUMMARY_LINES = 15  # issues listed in a search summary; all of them are in its data
MAX_SUMMARY_CHARS = 255  # Jira's limit on an issue summary


def status_of(transition: dict[str, Any]) -> str:
    """The status a transition leads to."""
    return str((transition.get("to") or {}).get("name") or "")


def find_transition(transitions: list[dict[str, Any]], target: str) -> dict[str, Any] | None:
    """The transition to ``target``: by the status it leads to first, then by its own name."""
    wanted = target.strip().lower()
    for transition in transitions:
        if status_of(transition).lower() == wanted:
            return transition
    for transition in transitions:
        if str(transition.get("name") or "").lower() == wanted:
            return transition
    return None


def _name(user: JiraUser | None) -> str:
    return user.display_name if user else "nobody"


class JiraActions:
    """The run and describe functions of the Jira tools, over one `JiraClient`."""

    def __init__(self, client: Callable[[], JiraClient]) -> None:
        self._client = client

    # ------------------------------------------------------------ search

    async def search(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        jql = str(arguments["jql"]).strip()
        client = self._client()
        found, more = await client.search(jql, int(arguments["limit"]))
        issues = [self._search_entry(client, raw) for raw in found]
        if not issues:
            summary = f"No Jira issues match `{clip(jql, 200)}`."
        else:
            count = f"{len(issues)} issue{'s' if len(issues) != 1 else ''}"
            head = f"{'The first ' + count if more else count.capitalize()} for `{clip(jql, 200)}`"
            lines = [self._line(entry) for entry in issues[:SUMMARY_LINES]]
            if len(issues) > SUMMARY_LINES:
                lines.append(f"… and {len(issues) - SUMMARY_LINES} more.")
            summary = head + ":\n" + "\n".join(lines)
        return ToolResult(
            summary=summary,
            data={"jql": jql, "issues": issues, "count": len(issues), "more": more},
            outside_content=True,
        )

    def _search_entry(self, client: JiraClient, raw: dict[str, Any]) -> dict[str, Any]:
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

    @staticmethod
    def _line(entry: dict[str, Any]) -> str:
        who = f", {entry['assignee']}" if entry["assignee"] else ""
        return f"• {entry['key']} {clip(entry['summary'])} ({entry['status']}{who})"

    async def describe_search(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        return (
            f"Search Jira for `{clip(arguments['jql'], 200)}` (up to {arguments['limit']} issues)."
        )

    # ------------------------------------------------------------ create

    async def _project(self, client: JiraClient, text: str) -> dict[str, Any]:
        wanted = text.strip()
        project = await client.project(wanted.upper()) if PROJECT_KEY.match(wanted) else None
        if project is None:
            found = await client.search_projects(wanted)
            exact = [p for p in found if str(p.get("name") or "").lower() == wanted.lower()]
            matches = exact or found
            if len(matches) == 1:
                project = await client.project(str(matches[0]["key"])) or matches[0]
        if project is None:
            raise ToolError(
                f"Jira has no project “{clip(wanted, 40)}”, or the token can't see it.",
                error_class="not_found",
            )
        return project

    @staticmethod
    def _issue_type(project: dict[str, Any], wanted: str) -> str:
        types = [t for t in project.get("issueTypes") or [] if not t.get("subtask")]
        if not types:
            return wanted.strip()
        for kind in types:
            if str(kind.get("name") or "").lower() == wanted.strip().lower():
                return str(kind["name"])
        names = ", ".join(str(t.get("name")) for t in types)
        raise ToolError(
            f"{project.get('key')} has no issue type “{clip(wanted, 40)}” (it has {names}).",
            error_class="invalid_arguments",
        )

    @staticmethod
    def _summary(text: str) -> str:
        summary = " ".join(text.split())
        if len(summary) > MAX_SUMMARY_CHARS:
            raise ToolError(
                f"An issue summary can be {MAX_SUMMARY_CHARS} characters at most.",
                error_class="invalid_arguments",
            )
        return summary

    async def create_issue(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        client = self._client()
        summary = self._summary(arguments["summary"])
        project = await self._project(client, arguments["project"])
        issue_type = self._issue_type(project, arguments["issue_type"])
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
        label = issue.label if issue else f"{key} (“{clip(summary)}”)"
        return ToolResult(
            summary=f"Created {label}.",
            data={
                "key": key,
                "id": str(created.get("id") or ""),
                "url": client.browse_url(key),
                "project": project["key"],
                "issue_type": issue_type,
            },
            undo=UndoPlan(
                description=f"delete {key}",
                params={"key": key},
                after={
                    "summary": issue.summary if issue else summary,
                    "status": issue.status if issue else "",
                    "assignee": issue.assignee_id if issue else None,
                    "comments": issue.comment_total if issue else 0,
                },
            ),
        )

    async def describe_create_issue(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        project = await self._project(self._client(), arguments["project"])
        issue_type = self._issue_type(project, arguments["issue_type"])
        summary = self._summary(arguments["summary"])
        return f"Create a {issue_type} in {project['key']}: “{clip(summary, 200)}”."

    # ------------------------------------------------------------ comment

    async def comment(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        client = self._client()
        issue = await client.issue(parse_issue_key(arguments["key"]))
        comment = await client.add_comment(issue.key, text_to_adf(arguments["body"]))
        comment_id = str(comment["id"])
        return ToolResult(
            summary=f"Commented on {issue.label}.",
            data={
                "key": issue.key,
                "comment_id": comment_id,
                "url": f"{client.browse_url(issue.key)}?focusedCommentId={comment_id}",
            },
            undo=UndoPlan(
                description=f"delete my comment on {issue.key}",
                params={"key": issue.key, "comment_id": comment_id},
                before={"summary": issue.summary},
                after={"text": adf_to_text(comment.get("body"))},
            ),
        )

    async def describe_comment(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        issue = await self._client().issue(parse_issue_key(arguments["key"]))
        return f"Comment on {issue.label}: “{clip(arguments['body'], 200)}”."

    # ------------------------------------------------------------ assign

    async def assign(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        client = self._client()
        issue = await client.issue(parse_issue_key(arguments["key"]))
        user = await resolve_assignee(client, context, arguments["assignee"])
        new_id = user.account_id if user else None
        if new_id == issue.assignee_id:
            already = f"assigned to {_name(user)}" if user else "unassigned"
            return ToolResult(
                summary=f"{issue.label} is already {already}.", data={"key": issue.key}
            )
        await client.set_assignee(issue.key, new_id)
        if user:
            summary = f"Assigned {issue.label} to {user.display_name}."
        else:
            summary = f"Unassigned {issue.label}."
        previous = issue.assignee
        return ToolResult(
            summary=summary,
            data={"key": issue.key, "assignee": new_id, "previous_assignee": issue.assignee_id},
            undo=UndoPlan(
                description=(
                    f"assign {issue.key} back to {previous.display_name}"
                    if previous
                    else f"unassign {issue.key} again"
                ),
                params={"key": issue.key, "account_id": issue.assignee_id},
                before={
                    "assignee": issue.assignee_id,
                    "assignee_name": previous.display_name if previous else None,
                },
                after={"assignee": new_id, "assignee_name": user.display_name if user else None},
            ),
        )

    async def describe_assign(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        client = self._client()
        issue = await client.issue(parse_issue_key(arguments["key"]))
        user = await resolve_assignee(client, context, arguments["assignee"])
        now = f" (now {issue.assignee.display_name})" if issue.assignee else " (now unassigned)"
        if user is None:
            return f"Unassign {issue.label}{now}."
        return f"Assign {issue.label} to {user.display_name}{now}."

    # ------------------------------------------------------------ transition

    async def _target(
        self, client: JiraClient, issue: IssueView, target: str
    ) -> dict[str, Any] | None:
        """The transition to take; None when the issue is in that status already."""
        transitions = await client.transitions(issue.key)
        chosen = find_transition(transitions, target)
        if chosen is not None:
            return chosen
        if issue.status.lower() == target.strip().lower():
            return None
        offered = ", ".join(sorted({status_of(t) for t in transitions if status_of(t)}))
        options = f"from {issue.status} it can go to {offered}" if offered else "it offers none"
        raise ToolError(
            f"{issue.key} can't move to “{clip(target, 40)}”: Jira's workflow {options}.",
            error_class="invalid_transition",
        )

    async def transition(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        client = self._client()
        issue = await client.issue(parse_issue_key(arguments["key"]))
        chosen = await self._target(client, issue, arguments["to"])
        if chosen is None:
            return ToolResult(
                summary=f"{issue.label} is already in {issue.status}.", data={"key": issue.key}
            )
        await client.transition(issue.key, str(chosen["id"]))
        status = status_of(chosen)
        return ToolResult(
            summary=f"Moved {issue.label} from {issue.status} to {status}.",
            data={"key": issue.key, "from": issue.status, "to": status},
            undo=UndoPlan(
                description=f"move {issue.key} back to {issue.status}",
                params={"key": issue.key, "status": issue.status},
                before={"status": issue.status, "summary": issue.summary},
                after={"status": status},
            ),
        )

    async def describe_transition(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        client = self._client()
        issue = await client.issue(parse_issue_key(arguments["key"]))
        chosen = await self._target(client, issue, arguments["to"])
        if chosen is None:
            return f"Leave {issue.label} in {issue.status} (it is there already)."
        return f"Move {issue.label} from {issue.status} to {status_of(chosen)}."

    # ------------------------------------------------------------ delete

    async def delete_issue(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
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
            summary=f"Deleted {issue.label}.",
            data={"key": issue.key},
            undo=UndoPlan(
                description=f"re-create {issue.key} (Jira gives it a new key)",
                params={"key": issue.key, "project": issue.project},
                before=state,  # what the re-created issue is made from
            ),
        )

    async def describe_delete_issue(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        issue = await self._client().issue(parse_issue_key(arguments["key"]))
        return f"Delete {issue.label}."
