"""The Jira tool that moves an issue through its workflow, and how transitions are chosen.

Jira moves an issue by a *transition* of its workflow, not by setting a status:
`find_transition` picks the one leading to the status asked for (or named so).
The undo handlers use it too, to find the way back.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolContext, ToolError, ToolResult, UndoPlan
from bot.integrations.jira.client import ClientSource, JiraClient
from bot.integrations.jira.views import IssueView, clip, parse_issue_key
from bot.messages import jira as words
from bot.messages import jira_undo as undo_words

__all__ = ["TransitionIssue", "find_transition", "offered_statuses", "status_of"]


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


def offered_statuses(transitions: list[dict[str, Any]]) -> str:
    """``Done, In Progress``: where the transitions lead, for sentences."""
    return ", ".join(sorted({status_of(t) for t in transitions if status_of(t)}))


async def _target(client: JiraClient, issue: IssueView, target: str) -> dict[str, Any] | None:
    """The transition to take; None when the issue is in that status already."""
    transitions = await client.transitions(issue.key)
    chosen = find_transition(transitions, target)
    if chosen is not None:
        return chosen
    if issue.status.lower() == target.strip().lower():
        return None
    raise ToolError(
        words.cannot_move(issue.key, clip(target, 40), issue.status, offered_statuses(transitions)),
        error_class="invalid_transition",
    )


class TransitionIssue:
    """jira.transition: run and describe."""

    def __init__(self, client: ClientSource) -> None:
        self._client = client

    async def run(self, context: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        client = self._client()
        issue = await client.issue(parse_issue_key(arguments["key"]))
        chosen = await _target(client, issue, arguments["to"])
        if chosen is None:
            return ToolResult(
                summary=words.already_in(issue.label, issue.status), data={"key": issue.key}
            )
        await client.transition(issue.key, str(chosen["id"]))
        status = status_of(chosen)
        return ToolResult(
            summary=words.moved(issue.label, issue.status, status),
            data={"key": issue.key, "from": issue.status, "to": status},
            undo=UndoPlan(
                description=undo_words.move_back(issue.key, issue.status),
                params={"key": issue.key, "status": issue.status},
                before={"status": issue.status, "summary": issue.summary},
                after={"status": status},
            ),
        )

    async def describe(self, context: ToolContext, arguments: dict[str, Any]) -> str:
        client = self._client()
        issue = await client.issue(parse_issue_key(arguments["key"]))
        chosen = await _target(client, issue, arguments["to"])
        new = None if chosen is None else status_of(chosen)
        return words.transition_preview(issue.label, issue.status, new)
