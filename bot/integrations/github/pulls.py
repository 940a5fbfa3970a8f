"""The GitHub tools that close a pull request without merging it, and reopen one.

A merged pull request can be neither closed nor reopened; a number that names
an issue gets a sentence saying so rather than GitHub's bare 404.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolError, ToolResult, UndoPlan
from bot.integrations.github.client import GitHubClient
from bot.integrations.github.refs import IssueRef
from bot.integrations.github.views import Arguments, issue_ref, title_of
from bot.messages import github as words
from bot.messages import github_undo as undo_words

__all__ = [
    "close_pull_request",
    "describe_close_pull_request",
    "describe_reopen_pull_request",
    "pull_request",
    "reopen_pull_request",
]


async def pull_request(gh: GitHubClient, ref: IssueRef) -> dict[str, Any]:
    """The pull request, or a clear error when the number is an issue."""
    try:
        return await gh.pull(ref)
    except ToolError as error:
        if error.error_class != "not_found":
            raise
        issue = await gh.issue(ref)  # raises not_found when there is nothing at all
        if "pull_request" not in issue:
            raise ToolError(
                words.not_a_pull_request(ref), error_class="invalid_arguments"
            ) from None
        raise


def _merged(pull: dict[str, Any]) -> bool:
    return bool(pull.get("merged") or pull.get("merged_at"))


async def close_pull_request(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref = issue_ref(arguments)
    pull = await pull_request(gh, ref)
    title = title_of(pull)
    if _merged(pull):
        return ToolResult(summary=words.merged_nothing_to_close(ref, title))
    if pull.get("state") == "closed":
        return ToolResult(summary=words.already_closed(ref, title))
    await gh.call("PATCH", f"repos/{ref.repo}/pulls/{ref.number}", json_body={"state": "closed"})
    return ToolResult(
        summary=words.pull_closed(ref, title),
        data={"repo": ref.repo, "number": ref.number, "state": "closed"},
        undo=UndoPlan(
            description=undo_words.reopen_pull(ref),
            params={"repo": ref.repo, "number": ref.number},
            before={"state": "open"},
            after={"state": "closed"},
        ),
    )


async def describe_close_pull_request(gh: GitHubClient, arguments: Arguments) -> str:
    ref = issue_ref(arguments)
    pull = await pull_request(gh, ref)
    return words.close_pull_preview(ref, title_of(pull))


async def reopen_pull_request(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref = issue_ref(arguments)
    pull = await pull_request(gh, ref)
    title = title_of(pull)
    if _merged(pull):
        raise ToolError(words.merged_cannot_reopen(ref, title), error_class="invalid_request")
    if pull.get("state") == "open":
        return ToolResult(summary=words.already_open(ref, title))
    await gh.call("PATCH", f"repos/{ref.repo}/pulls/{ref.number}", json_body={"state": "open"})
    return ToolResult(
        summary=words.pull_reopened(ref, title),
        data={"repo": ref.repo, "number": ref.number, "state": "open"},
        undo=UndoPlan(
            description=undo_words.close_pull_again(ref),
            params={"repo": ref.repo, "number": ref.number},
            before={"state": "closed"},
            after={"state": "open"},
        ),
    )


async def describe_reopen_pull_request(gh: GitHubClient, arguments: Arguments) -> str:
    ref = issue_ref(arguments)
    pull = await pull_request(gh, ref)
    return words.reopen_pull_preview(ref, title_of(pull))
