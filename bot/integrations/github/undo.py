"""Undo handlers of the GitHub tools: what changed since, and the compensating call.

Each handler reads only the `UndoPlan` a tool returned (``params`` name the
issue, comment, label or branch; ``before`` / ``after`` hold the state around
the action), so undo works after a restart. The client comes from the
integration when the handler runs, never from the stored plan.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.integrations.base import ToolContext, ToolError, UndoPlan
from bot.integrations.github.client import GitHubClient, IssueRef, quote_label, quote_ref, short_sha
from bot.integrations.github.tools import label_names, title_of

__all__ = [
    "UNDO_CREATION_COMMENT",
    "CloseCreatedIssue",
    "DeleteComment",
    "DeleteRestoredBranch",
    "RecreateBranch",
    "RestoreIssueState",
    "RestoreLabel",
    "RestorePullState",
]

UNDO_CREATION_COMMENT = "Closed by Kaizen: undo of creation"

ClientSource = Callable[[], GitHubClient]


class _GitHubUndo:
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


class CloseCreatedIssue(_GitHubUndo):
    """Undo of github.create_issue: close it, saying why (GitHub tokens cannot delete issues)."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        ref = self._ref(plan)
        issue = await self._issue_or_none(ref)
        if issue is None:
            return f"{ref} no longer exists."
        if issue.get("state") == "closed":
            return f"{ref} was closed since."
        new_comments = int(issue.get("comments") or 0) > int(plan.after.get("comments") or 0)
        if new_comments and await self._others_commented(ref):
            return f"Someone else has commented on {ref} since."
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
        return f"Closed {ref} (“{title_of(response.data or {})}”), saying it was an undo."


class DeleteComment(_GitHubUndo):
    """Undo of github.comment_issue: delete the comment."""

    def _path(self, plan: UndoPlan) -> str:
        return f"repos/{plan.params['repo']}/issues/comments/{int(plan.params['comment_id'])}"

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        ref = self._ref(plan)
        try:
            comment = await self.gh.get(self._path(plan), subject=f"that comment on {ref}")
        except ToolError as error:
            if error.error_class == "not_found":
                return f"That comment on {ref} was deleted since."
            raise
        if "body" in plan.after and (comment or {}).get("body") != plan.after["body"]:
            return f"That comment on {ref} was edited since."
        return None

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        ref = self._ref(plan)
        await self.gh.call("DELETE", self._path(plan), subject=f"that comment on {ref}")
        return f"Deleted my comment on {ref}."


class RestoreLabel(_GitHubUndo):
    """Undo of github.add_label (remove it) and github.remove_label (add it back)."""

    def __init__(self, client: ClientSource, *, present_after: bool) -> None:
        super().__init__(client)
        self.present_after = present_after

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        ref, label = self._ref(plan), str(plan.params["label"])
        issue = await self._issue_or_none(ref)
        if issue is None:
            return f"{ref} no longer exists."
        present = any(name.lower() == label.lower() for name in label_names(issue))
        if present == self.present_after:
            return None
        if self.present_after:
            return f"The label {label} is no longer on {ref}."
        return f"The label {label} is back on {ref} already."

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        ref, label = self._ref(plan), str(plan.params["label"])
        if self.present_after:
            await self.gh.call(
                "DELETE",
                f"{ref.path}/labels/{quote_label(label)}",
                subject=f"the label {label} on {ref}",
            )
            return f"Removed the label {label} from {ref}."
        await self.gh.call(
            "POST", f"{ref.path}/labels", json_body={"labels": [label]}, subject=str(ref)
        )
        return f"Added the label {label} back to {ref}."


class RestoreIssueState(_GitHubUndo):
    """Undo of github.close_issue (reopen, delete the closing comment) and github.reopen_issue."""

    def __init__(self, client: ClientSource, *, closed_after: bool) -> None:
        super().__init__(client)
        self.closed_after = closed_after

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        ref = self._ref(plan)
        issue = await self._issue_or_none(ref)
        if issue is None:
            return f"{ref} no longer exists."
        closed = issue.get("state") == "closed"
        if closed == self.closed_after:
            return None
        return f"{ref} was reopened since." if self.closed_after else f"{ref} was closed since."

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
            return f"Closed {ref} again."
        await self.gh.call("PATCH", ref.path, json_body={"state": "open"}, subject=str(ref))
        comment_id = plan.params.get("comment_id")
        if comment_id and await self._delete_comment(ref, int(comment_id)):
            return f"Reopened {ref} and deleted the closing comment."
        return f"Reopened {ref}."

    async def _delete_comment(self, ref: IssueRef, comment_id: int) -> bool:
        try:
            await self.gh.call(
                "DELETE", f"repos/{ref.repo}/issues/comments/{comment_id}", subject="the comment"
            )
        except ToolError as error:
            if error.retryable:
                raise
            return False  # gone already, or not ours to delete: the reopen is what mattered
        return True


class RestorePullState(_GitHubUndo):
    """Undo of github.close_pull_request (reopen) and github.reopen_pull_request (close)."""

    def __init__(self, client: ClientSource, *, closed_after: bool) -> None:
        super().__init__(client)
        self.closed_after = closed_after

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        ref = self._ref(plan)
        try:
            pull = await self.gh.pull(ref)
        except ToolError as error:
            if error.error_class == "not_found":
                return f"{ref} no longer exists."
            raise
        if pull.get("merged") or pull.get("merged_at"):
            return f"{ref} was merged since."
        closed = pull.get("state") == "closed"
        if closed == self.closed_after:
            return None
        return f"{ref} was reopened since." if self.closed_after else f"{ref} was closed since."

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        ref = self._ref(plan)
        state = "open" if self.closed_after else "closed"
        await self.gh.call(
            "PATCH",
            f"repos/{ref.repo}/pulls/{ref.number}",
            json_body={"state": state},
            subject=str(ref),
        )
        if self.closed_after:
            return f"Reopened pull request {ref}."
        return f"Closed pull request {ref} again."


class RecreateBranch(_GitHubUndo):
    """Undo of github.delete_branch: create the ref again at the commit it pointed at."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        branch = str(plan.params["branch"])
        if await self.gh.branch_sha(str(plan.params["repo"]), branch) is not None:
            return f"Branch {branch} exists again."
        return None

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        repo, branch, sha = (str(plan.params[k]) for k in ("repo", "branch", "sha"))
        await self.gh.call(
            "POST",
            f"repos/{repo}/git/refs",
            json_body={"ref": f"refs/heads/{branch}", "sha": sha},
            subject=f"commit {short_sha(sha)} in {repo}",
        )
        return f"Recreated branch {branch} of {repo} at {short_sha(sha)}."


class DeleteRestoredBranch(_GitHubUndo):
    """Undo of github.restore_branch: delete the branch, unless it has moved since."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        branch = str(plan.params["branch"])
        sha = await self.gh.branch_sha(str(plan.params["repo"]), branch)
        if sha is None:
            return f"Branch {branch} no longer exists."
        if plan.after.get("sha") and sha != plan.after["sha"]:
            return f"Branch {branch} has moved since (now at {short_sha(sha)})."
        return None

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        repo, branch = str(plan.params["repo"]), str(plan.params["branch"])
        await self.gh.call(
            "DELETE", f"repos/{repo}/git/refs/heads/{quote_ref(branch)}", subject=f"branch {branch}"
        )
        return f"Deleted branch {branch} of {repo}."
