"""What the GitHub tools show of an issue or pull request: to the model, and in summaries.

Every tool function takes the `GitHubClient` first and the arguments already
checked against the tool's schema (see `bot.integrations.github.integration`).
"""

from __future__ import annotations

from typing import Any

from bot.integrations.github.refs import IssueRef, clip
from bot.messages import github as words

__all__ = [
    "BODY_LIMIT",
    "SUMMARY_LIMIT",
    "Arguments",
    "issue_entry",
    "issue_ref",
    "label_list",
    "label_names",
    "listing",
    "listing_line",
    "matching_label",
    "title_of",
]

Arguments = dict[str, Any]

SUMMARY_LIMIT = 1_500
BODY_LIMIT = 500


def issue_ref(arguments: Arguments) -> IssueRef:
    return IssueRef(arguments["repo"], arguments["number"])


def title_of(issue: dict[str, Any]) -> str:
    return clip(str(issue.get("title") or words.UNTITLED))


def label_names(issue: dict[str, Any]) -> list[str]:
    names = []
    for label in issue.get("labels") or []:
        name = label.get("name") if isinstance(label, dict) else label
        if name:
            names.append(str(name))
    return names


def matching_label(names: list[str], wanted: str) -> str | None:
    """GitHub label names are case-insensitive: the name as the issue carries it."""
    return next((name for name in names if name.lower() == wanted.lower()), None)


def label_list(text: str | None) -> list[str]:
    """``"bug, ui"`` → ``["bug", "ui"]``."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _repo_of(item: dict[str, Any]) -> str:
    url = str(item.get("repository_url") or "")
    return "/".join(url.rstrip("/").split("/")[-2:]) if "/repos/" in url else ""


def issue_entry(item: dict[str, Any]) -> dict[str, Any]:
    """What the model sees of an issue or pull request (bodies clipped)."""
    body = str(item.get("body") or "")
    entry: dict[str, Any] = {
        "repo": _repo_of(item),
        "number": item.get("number"),
        "kind": "pull" if "pull_request" in item else "issue",
        "title": clip(str(item.get("title") or ""), 200),
        "state": item.get("state"),
        "labels": label_names(item),
        "author": (item.get("user") or {}).get("login"),
        "comments": item.get("comments", 0),
        "updated_at": item.get("updated_at"),
        "url": item.get("html_url"),
        "body": body[:BODY_LIMIT],
    }
    if len(body) > BODY_LIMIT:
        entry["body_truncated"] = True
    return entry


def listing_line(entry: dict[str, Any], *, with_repo: bool) -> str:
    """One entry in a summary: ``#12 Fix login (issue, open) [bug]``."""
    where = f"{entry['repo']}#{entry['number']}" if with_repo else f"#{entry['number']}"
    return words.listing_line(
        where,
        clip(entry["title"], 60),
        pull=entry["kind"] == "pull",
        state=entry["state"],
        labels=entry["labels"],
    )


def listing(more: bool, head: str, lines: list[str]) -> str:
    return clip(words.listing(head, lines, more=more), SUMMARY_LIMIT)
