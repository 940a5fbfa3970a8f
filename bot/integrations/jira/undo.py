"""Undo handlers of the Jira tools: what changed since, and the compensating call.

Each handler reads only the `UndoPlan` its tool returned, so it works after a
restart. ``changed_since`` compares the issue as it is now with the state the
action left (``plan.after``) and says, in one sentence, what someone changed.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolContext, ToolError, UndoPlan
from bot.integrations.jira.adf import adf_to_text
from bot.integrations.jira.client import ClientSource, JiraClient
from bot.integrations.jira.transitions import find_transition, offered_statuses, status_of
from bot.integrations.jira.views import IssueView, clip
from bot.messages import jira_undo as words

__all__ = [
    "DeleteCreatedIssue",
    "DeletePostedComment",
    "RecreateDeletedIssue",
    "RestoreAssignee",
    "TransitionBack",
]


class _IssueUndo:
    def __init__(self, client: ClientSource) -> None:
        self._client = client

    @staticmethod
    def _key(plan: UndoPlan) -> str:
        return str(plan.params["key"])

    async def _issue(self, plan: UndoPlan) -> tuple[IssueView | None, str | None]:
        """The issue now, or None and the sentence saying it is gone."""
        key = self._key(plan)
        issue = await self._client().find_issue(key)
        if issue is None:
            return None, words.gone(key)
        return issue, None

    async def _require(self, plan: UndoPlan) -> IssueView:
        issue, gone = await self._issue(plan)
        if issue is None:
            raise ToolError(str(gone), error_class="not_found")
        return issue

    @staticmethod
    def _status_changed(issue: IssueView, plan: UndoPlan) -> str | None:
        expected = plan.after.get("status")
        if expected and issue.status != expected:
            return words.moved_since(issue.key, issue.status)
        return None

    @staticmethod
    def _assignee_changed(issue: IssueView, plan: UndoPlan) -> str | None:
        if "assignee" not in plan.after or issue.assignee_id == plan.after["assignee"]:
            return None
        if issue.assignee is None:
            return words.unassigned_since(issue.key)
        return words.reassigned_since(issue.key, issue.assignee.display_name)


class DeleteCreatedIssue(_IssueUndo):
    """Undo of jira.create_issue: delete the issue, unless people have worked on it since."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        issue, gone = await self._issue(plan)
        if issue is None:
            return gone
        summary = plan.after.get("summary")
        if summary is not None and issue.summary != summary:
            return words.renamed_since(issue.key, clip(issue.summary))
        if issue.comment_total > int(plan.after.get("comments") or 0):
            return words.new_comments_since(issue.key)
        return self._status_changed(issue, plan) or self._assignee_changed(issue, plan)

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        issue = await self._require(plan)
        await self._client().delete_issue(issue.key)
        return words.deleted_created(issue.label)


class DeletePostedComment(_IssueUndo):
    """Undo of jira.comment: delete the comment, unless it was deleted or edited since."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        issue, gone = await self._issue(plan)
        if issue is None:
            return gone
        comment = await self._client().find_comment(issue.key, str(plan.params["comment_id"]))
        if comment is None:
            return words.comment_gone(issue.key)
        text = plan.after.get("text")
        if text is not None and adf_to_text(comment.get("body")) != text:
            return words.comment_edited_since(issue.key)
        return None

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        issue = await self._require(plan)
        comment_id = str(plan.params["comment_id"])
        try:
            await self._client().delete_comment(issue.key, comment_id)
        except ToolError as error:
            if error.error_class == "not_found":
                raise ToolError(words.comment_gone(issue.key), error_class="not_found") from None
            raise
        return words.comment_deleted(issue.key)


class RestoreAssignee(_IssueUndo):
    """Undo of jira.assign: give the issue back to whoever had it (or nobody)."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        issue, gone = await self._issue(plan)
        if issue is None:
            return gone
        return self._assignee_changed(issue, plan)

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        issue = await self._require(plan)
        previous = plan.params.get("account_id")
        await self._client().set_assignee(issue.key, previous)
        if previous is None:
            return words.assigned_back(issue.key, None)
        user = await self._client().user(str(previous))
        name = user.display_name if user else plan.before.get("assignee_name") or previous
        return words.assigned_back(issue.key, str(name))


class TransitionBack(_IssueUndo):
    """Undo of jira.transition: take a transition of the workflow back to the previous status."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        issue, gone = await self._issue(plan)
        if issue is None:
            return gone
        return self._status_changed(issue, plan)

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        issue = await self._require(plan)
        previous = str(plan.params["status"])
        transitions = await self._client().transitions(issue.key)
        back = next((t for t in transitions if status_of(t).lower() == previous.lower()), None)
        if back is None:
            raise ToolError(
                words.no_way_back(issue.key, issue.status, previous, offered_statuses(transitions)),
                error_class="no_transition_back",
            )
        await self._client().transition(issue.key, str(back["id"]))
        return words.moved_back(issue.key, previous)


class RecreateDeletedIssue(_IssueUndo):
    """Undo of jira.delete_issue: create the issue again from its stored state (a new key)."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        project = str(plan.params["project"])
        if await self._client().project(project) is None:
            return words.project_gone(project)
        return None

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        client = self._client()
        state = plan.before
        fields: dict[str, Any] = {
            "project": {"key": state["project"]},
            "summary": state["summary"],
            "issuetype": {"name": state["issue_type"]},
        }
        if state.get("description"):
            fields["description"] = state["description"]
        if state.get("labels"):
            fields["labels"] = list(state["labels"])
        notes: list[str] = []
        if state.get("assignee"):
            fields["assignee"] = {"accountId": state["assignee"]}
        try:
            created = await client.create_issue(fields)
        except ToolError as error:
            if "assignee" not in fields or error.retryable or "assignee" not in error.message:
                raise
            # The person can't be assigned any more (left, deactivated): re-create it anyway.
            del fields["assignee"]
            created = await client.create_issue(fields)
            name = state.get("assignee_name") or words.ITS_ASSIGNEE
            notes.append(words.not_assigned_again(name))
        new_key = str(created["key"])
        notes.extend(await self._restore_status(client, new_key, str(state.get("status") or "")))
        sentence = words.recreated(state["key"], new_key)
        return " ".join([sentence, *notes])

    @staticmethod
    async def _restore_status(client: JiraClient, key: str, status: str) -> list[str]:
        if not status:
            return []
        issue = await client.find_issue(key, ("status",))
        if issue is None or issue.status.lower() == status.lower():
            return []
        transitions = await client.transitions(key)
        back = find_transition(transitions, status)
        if back is not None and status_of(back).lower() == status.lower():
            await client.transition(key, str(back["id"]))
            return []
        return [words.starts_elsewhere(issue.status, status)]
