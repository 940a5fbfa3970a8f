"""The GitHub tools that write issues: create, comment, close and reopen.

Writes look at the state first, so an action that would change nothing
("close" a closed issue) says so and leaves nothing to undo, and every real
change returns an `UndoPlan` for a handler of `bot.integrations.github.undo`.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolResult, UndoPlan
from bot.integrations.github.client import GitHubClient
from bot.integrations.github.refs import IssueRef, clip
from bot.integrations.github.views import Arguments, issue_ref, title_of
from bot.messages import github as words
from bot.messages import github_undo as undo_words

__all__ = [
    "close_issue",
    "comment_issue",
    "create_issue",
    "describe_close_issue",
    "describe_comment_issue",
    "describe_create_issue",
    "describe_reopen_issue",
    "reopen_issue",
]


async def create_issue(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    repo = arguments["repo"]
    payload: dict[str, Any] = {"title": arguments["title"]}
    if arguments.get("body"):
        payload["body"] = arguments["body"]
    if arguments.get("labels"):
        payload["labels"] = arguments["labels"]
    response = await gh.call("POST", f"repos/{repo}/issues", json_body=payload, subject=repo)
    issue = response.data or {}
    ref = IssueRef(repo, int(issue["number"]))
    return ToolResult(
        summary=words.issue_created(ref, title_of(issue), issue.get("html_url")),
        data={"repo": repo, "number": ref.number, "url": issue.get("html_url")},
        undo=UndoPlan(
            description=undo_words.close_issue(ref),
            params={"repo": repo, "number": ref.number},
            after={"state": "open", "title": issue.get("title"), "comments": 0},
        ),
    )


async def describe_create_issue(gh: GitHubClient, arguments: Arguments) -> str:
    labels = arguments.get("labels") or []
    return words.create_preview(arguments["repo"], clip(arguments["title"]), labels)


async def comment_issue(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    response = await gh.call(
        "POST", f"{ref.path}/comments", json_body={"body": arguments["body"]}, subject=str(ref)
    )
    comment = response.data or {}
    return ToolResult(
        summary=words.commented(ref, title_of(issue)),
        data={"repo": ref.repo, "number": ref.number, "comment_id": comment.get("id")},
        undo=UndoPlan(
            description=undo_words.delete_comment(ref),
            params={"repo": ref.repo, "number": ref.number, "comment_id": comment.get("id")},
            after={"body": comment.get("body"), "updated_at": comment.get("updated_at")},
        ),
    )


async def describe_comment_issue(gh: GitHubClient, arguments: Arguments) -> str:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    return words.comment_preview(ref, title_of(issue), clip(arguments["body"], 120))


async def close_issue(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    title = title_of(issue)
    if issue.get("state") == "closed":
        return ToolResult(summary=words.already_closed(ref, title))
    comment_id = None
    if arguments.get("comment"):
        response = await gh.call(
            "POST",
            f"{ref.path}/comments",
            json_body={"body": arguments["comment"]},
            subject=str(ref),
        )
        comment_id = (response.data or {}).get("id")
    await gh.call(
        "PATCH",
        ref.path,
        json_body={"state": "closed", "state_reason": "completed"},
        subject=str(ref),
    )
    return ToolResult(
        summary=words.issue_closed(ref, title, with_comment=bool(comment_id)),
        data={"repo": ref.repo, "number": ref.number, "state": "closed"},
        undo=UndoPlan(
            description=undo_words.reopen_issue(ref),
            params={"repo": ref.repo, "number": ref.number, "comment_id": comment_id},
            before={"state": "open"},
            after={"state": "closed"},
        ),
    )


async def describe_close_issue(gh: GitHubClient, arguments: Arguments) -> str:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    comment = arguments.get("comment")
    return words.close_preview(ref, title_of(issue), clip(comment, 120) if comment else None)


async def reopen_issue(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    title = title_of(issue)
    if issue.get("state") == "open":
        return ToolResult(summary=words.already_open(ref, title))
    await gh.call("PATCH", ref.path, json_body={"state": "open"}, subject=str(ref))
    return ToolResult(
        summary=words.issue_reopened(ref, title),
        data={"repo": ref.repo, "number": ref.number, "state": "open"},
        undo=UndoPlan(
            description=undo_words.close_issue_again(ref),
            params={
                "repo": ref.repo,
                "number": ref.number,
                "state_reason": issue.get("state_reason") or "completed",
            },
            before={"state": "closed"},
            after={"state": "open"},
        ),
    )


async def describe_reopen_issue(gh: GitHubClient, arguments: Arguments) -> str:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    return words.reopen_preview(ref, title_of(issue))
