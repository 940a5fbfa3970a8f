"""Undo handlers of the GitHub branch tools: recreate a deleted branch, delete a restored one.

The plan keeps the sha the branch pointed at, so undo works after a restart.
"""

from __future__ import annotations

from bot.integrations.base import ToolContext, UndoPlan
from bot.integrations.github.refs import quote_ref, short_sha
from bot.integrations.github.undo import GitHubUndo
from bot.messages import github as github_words
from bot.messages import github_undo as words

__all__ = ["DeleteRestoredBranch", "RecreateBranch"]


class RecreateBranch(GitHubUndo):
    """Undo of github.delete_branch: create the ref again at the commit it pointed at."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        branch = str(plan.params["branch"])
        if await self.gh.branch_sha(str(plan.params["repo"]), branch) is not None:
            return words.branch_exists_again(branch)
        return None

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        repo, branch, sha = (str(plan.params[k]) for k in ("repo", "branch", "sha"))
        await self.gh.call(
            "POST",
            f"repos/{repo}/git/refs",
            json_body={"ref": f"refs/heads/{branch}", "sha": sha},
            subject=github_words.commit_in(short_sha(sha), repo),
        )
        return words.branch_recreated(branch, repo, short_sha(sha))


class DeleteRestoredBranch(GitHubUndo):
    """Undo of github.restore_branch: delete the branch, unless it has moved since."""

    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        branch = str(plan.params["branch"])
        sha = await self.gh.branch_sha(str(plan.params["repo"]), branch)
        if sha is None:
            return words.branch_gone(branch)
        if plan.after.get("sha") and sha != plan.after["sha"]:
            return words.branch_moved(branch, short_sha(sha))
        return None

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        repo, branch = str(plan.params["repo"]), str(plan.params["branch"])
        await self.gh.call(
            "DELETE",
            f"repos/{repo}/git/refs/heads/{quote_ref(branch)}",
            subject=github_words.branch(branch),
        )
        return words.branch_deleted(branch, repo)
