"""Undo handlers of the GitHub tools: what changed since, and the compensating call.

Each handler reads only the `UndoPlan` a tool returned (``params`` name the
issue, comment, label or branch; ``before`` / ``after`` hold the state around
the action), so undo works after a restart. The client comes from the
integration when the handler runs, never from the stored plan.

Here: issues, comments and labels. Pull requests are undone in
`bot.integrations.github.undo_pulls`, branches in `bot.integrations.github.undo_branches`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.integrations.base import ToolContext, ToolError, UndoPlan
from bot.integrations.github.client import GitHubClient
from bot.integrations.github.refs import IssueRef, quote_label
from bot.integrations.github.views import label_names, title_of
from bot.messages import github as github_words
from bot.messages import github_undo as words
from bot.messages.github_undo import UNDO_CREATION_COMMENT

__all__ = [
    "UNDO_CREATION_COMMENT",
    "ClientSource",
    "CloseCreatedIssue",
    "DeleteComment",
    "GitHubUndo",
    "RestoreIssueState",
    "RestoreLabel",
]

ClientSource = Callable[[], GitHubClient]


class GitHubUndo:
    """What every GitHub undo handler shares: the client, and the issue a plan names."""

    def __init__(self, client: ClientSource) -> None:
        self._client = client

    @property
    def gh(self) -> GitHubClient:
        return self._client()

    @staticmethod
    def _ref(plan: UndoPlan) -> IssueRef:
        return IssueRef(str(plan.params["repo"]), int(plan.params["number"]))

    async def _issue_or_none(self, ref: IssueRef) -> dict[str, Any] | None:
        try:
            return await self.gh.issue(ref)
        except ToolError as error:
            if error.error_class == "not_found":
                return None
            raise


class CloseCreatedIssue(GitHubUndo):
    """Undo of github.create_issue: close it, saying why (GitHub tokens cannot delete issues)."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        ref = self._ref(plan)
        issue = await self._issue_or_none(ref)
        if issue is None:
            return words.gone(ref)
        if issue.get("state") == "closed":
            return words.closed_since(ref)
        new_comments = int(issue.get("comments") or 0) > int(plan.after.get("comments") or 0)
        if new_comments and await self._others_commented(ref):
            return words.others_commented(ref)
        return None

    async def _others_commented(self, ref: IssueRef) -> bool:
        me = await self.gh.login()
        comments = await self.gh.get(f"{ref.path}/comments", subject=str(ref), per_page=100)
        return any(
            (comment.get("user") or {}).get("login") != me
            for comment in comments or []
            if isinstance(comment, dict)
        )

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        ref = self._ref(plan)
        await self.gh.call(
            "POST",
            f"{ref.path}/comments",
            json_body={"body": UNDO_CREATION_COMMENT},
            subject=str(ref),
        )
        response = await self.gh.call(
            "PATCH",
            ref.path,
            json_body={"state": "closed", "state_reason": "not_planned"},
            subject=str(ref),
        )
        return words.closed_created(ref, title_of(response.data or {}))


class DeleteComment(GitHubUndo):
    """Undo of github.comment_issue: delete the comment."""

    def _path(self, plan: UndoPlan) -> str:
        return f"repos/{plan.params['repo']}/issues/comments/{int(plan.params['comment_id'])}"

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        ref = self._ref(plan)
        try:
            comment = await self.gh.get(self._path(plan), subject=github_words.that_comment_on(ref))
        except ToolError as error:
            if error.error_class == "not_found":
                return words.comment_deleted_since(ref)
            raise
        if "body" in plan.after and (comment or {}).get("body") != plan.after["body"]:
            return words.comment_edited_since(ref)
        return None

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        ref = self._ref(plan)
        await self.gh.call("DELETE", self._path(plan), subject=github_words.that_comment_on(ref))
        return words.comment_deleted(ref)


class RestoreLabel(GitHubUndo):
    """Undo of github.add_label (remove it) and github.remove_label (add it back)."""

    def __init__(self, client: ClientSource, *, present_after: bool) -> None:
        super().__init__(client)
        self.present_after = present_after

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        ref, label = self._ref(plan), str(plan.params["label"])
        issue = await self._issue_or_none(ref)
        if issue is None:
            return words.gone(ref)
        present = any(name.lower() == label.lower() for name in label_names(issue))
        if present == self.present_after:
            return None
        if self.present_after:
            return words.label_gone_since(label, ref)
        return words.label_back_since(label, ref)

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        ref, label = self._ref(plan), str(plan.params["label"])
        if self.present_after:
            await self.gh.call(
                "DELETE",
                f"{ref.path}/labels/{quote_label(label)}",
                subject=github_words.the_label_on(label, ref),
            )
            return words.label_removed(label, ref)
        await self.gh.call(
            "POST", f"{ref.path}/labels", json_body={"labels": [label]}, subject=str(ref)
        )
        return words.label_added_back(label, ref)


class RestoreIssueState(GitHubUndo):
    """Undo of github.close_issue (reopen, delete the closing comment) and github.reopen_issue."""

    def __init__(self, client: ClientSource, *, closed_after: bool) -> None:
        super().__init__(client)
        self.closed_after = closed_after

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        ref = self._ref(plan)
        issue = await self._issue_or_none(ref)
        if issue is None:
            return words.gone(ref)
        closed = issue.get("state") == "closed"
        if closed == self.closed_after:
            return None
        return words.reopened_since(ref) if self.closed_after else words.closed_since(ref)

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        ref = self._ref(plan)
        if not self.closed_after:
            reason = str(plan.params.get("state_reason") or "completed")
            await self.gh.call(
                "PATCH",
                ref.path,
                json_body={"state": "closed", "state_reason": reason},
                subject=str(ref),
            )
            return words.closed_again(ref)
        await self.gh.call("PATCH", ref.path, json_body={"state": "open"}, subject=str(ref))
        comment_id = plan.params.get("comment_id")
        deleted = await self._delete_comment(ref, int(comment_id)) if comment_id else False
        return words.reopened(ref, comment_deleted=deleted)

    async def _delete_comment(self, ref: IssueRef, comment_id: int) -> bool:
        try:
            await self.gh.call(
                "DELETE",
                f"repos/{ref.repo}/issues/comments/{comment_id}",
                subject=github_words.THE_COMMENT,
            )
        except ToolError as error:
            if error.retryable:
                raise
            return False  # gone already, or not ours to delete: the reopen is what mattered
        return True
