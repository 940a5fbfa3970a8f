"""The GitHub tools that only read: listing a repository's issues, and searching them.

Titles and bodies are written by anyone who can open an issue, so both results
are marked ``outside_content`` and taint the run.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolResult
from bot.integrations.github.client import PER_PAGE_MAX, GitHubClient
from bot.integrations.github.refs import clip
from bot.integrations.github.views import (
    Arguments,
    issue_entry,
    label_list,
    listing,
    listing_line,
)
from bot.messages import github as words

__all__ = ["describe_list_issues", "describe_search_issues", "list_issues", "search_issues"]


async def list_issues(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    repo, kind, state, limit = (
        arguments["repo"],
        arguments["kind"],
        arguments["state"],
        arguments["limit"],
    )
    params: dict[str, Any] = {"state": state, "per_page": PER_PAGE_MAX}
    if kind == "all":
        params["per_page"] = min(limit, PER_PAGE_MAX)
    labels = label_list(arguments.get("labels"))
    if labels:
        params["labels"] = ",".join(labels)

    def keep(item: dict[str, Any]) -> bool:
        is_pull = "pull_request" in item
        return kind == "all" or (kind == "pull") == is_pull

    items, more = await gh.paginate(
        f"repos/{repo}/issues", params, limit=limit, keep=keep, subject=repo
    )
    entries = [issue_entry(item) | {"repo": repo} for item in items]
    head = words.issues_found(len(entries), state=state, kind=kind, repo=repo, labels=labels)
    return ToolResult(
        summary=listing(more, head, [listing_line(e, with_repo=False) for e in entries]),
        data={"repo": repo, "items": entries, "more": more},
        outside_content=True,  # titles and bodies are written by anyone who can open an issue
    )


async def describe_list_issues(gh: GitHubClient, arguments: Arguments) -> str:
    return words.list_preview(
        state=arguments["state"],
        kind=arguments["kind"],
        repo=arguments["repo"],
        labels=label_list(arguments.get("labels")),
        limit=arguments["limit"],
    )


async def search_issues(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    query, limit = arguments["query"].strip(), arguments["limit"]
    items, more = await gh.paginate(
        "search/issues",
        {"q": query, "per_page": min(limit, PER_PAGE_MAX)},
        limit=limit,
        items_key="items",
    )
    entries = [issue_entry(item) for item in items]
    head = words.search_found(len(entries), clip(query, 100))
    return ToolResult(
        summary=listing(more, head, [listing_line(e, with_repo=True) for e in entries]),
        data={"query": query, "items": entries, "more": more},
        outside_content=True,
    )


async def describe_search_issues(gh: GitHubClient, arguments: Arguments) -> str:
    return words.search_preview(clip(arguments["query"], 100), arguments["limit"])
