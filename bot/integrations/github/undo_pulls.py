"""Undo handlers of the GitHub pull request tools: reopen what was closed, close what was reopened.

A pull request merged since can't be put back: ``changed_since`` says so.
"""

from __future__ import annotations

from bot.integrations.base import ToolContext, ToolError, UndoPlan
from bot.integrations.github.undo import ClientSource, GitHubUndo
from bot.messages import github_undo as words

__all__ = ["RestorePullState"]


class RestorePullState(GitHubUndo):
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
                return words.gone(ref)
            raise
        if pull.get("merged") or pull.get("merged_at"):
            return words.merged_since(ref)
        closed = pull.get("state") == "closed"
        if closed == self.closed_after:
            return None
        return words.reopened_since(ref) if self.closed_after else words.closed_since(ref)

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        ref = self._ref(plan)
        state = "open" if self.closed_after else "closed"
        await self.gh.call(
            "PATCH",
            f"repos/{ref.repo}/pulls/{ref.number}",
            json_body={"state": state},
            subject=str(ref),
        )
        return words.pull_reopened(ref) if self.closed_after else words.pull_closed_again(ref)
