"""What the GitHub tools do: each a ``run`` and a ``describe`` over checked arguments.

Every function takes the `GitHubClient` first and the arguments already
checked against the tool's schema (see `bot.integrations.github`). Writes look
at the state first, so an action that would change nothing ("close" a closed
issue) says so and leaves nothing to undo, and every real change returns an
`UndoPlan` for a handler of `bot.integrations.github_undo`.
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import ToolError, ToolResult, UndoPlan
from bot.integrations.github.client import (
    PER_PAGE_MAX,
    GitHubClient,
    IssueRef,
    check_sha,
    clip,
    quote_label,
    quote_ref,
    short_sha,
)

Arguments = dict[str, Any]

SUMMARY_LIMIT = 1_500
BODY_LIMIT = 500
_KINDS = {"all": "issues and pull requests", "issue": "issues", "pull": "pull requests"}
_KIND = {"all": "issue or pull request", "issue": "issue", "pull": "pull request"}


def issue_ref(arguments: Arguments) -> IssueRef:
    return IssueRef(arguments["repo"], arguments["number"])


def title_of(issue: dict[str, Any]) -> str:
    return clip(str(issue.get("title") or "untitled"))


def label_names(issue: dict[str, Any]) -> list[str]:
    names = []
    for label in issue.get("labels") or []:
        name = label.get("name") if isinstance(label, dict) else label
        if name:
            names.append(str(name))
    return names


def _matching_label(names: list[str], wanted: str) -> str | None:
    """GitHub label names are case-insensitive: the name as the issue carries it."""
    return next((name for name in names if name.lower() == wanted.lower()), None)


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


def _line(entry: dict[str, Any], *, with_repo: bool) -> str:
    where = f"{entry['repo']}#{entry['number']}" if with_repo else f"#{entry['number']}"
    kind = "PR" if entry["kind"] == "pull" else "issue"
    labels = f" [{', '.join(entry['labels'])}]" if entry["labels"] else ""
    return f"{where} {clip(entry['title'], 60)} ({kind}, {entry['state']}){labels}"


def _listing(more: bool, head: str, lines: list[str]) -> str:
    extra = " (more on GitHub)" if more else ""
    text = f"{head}{extra}: " + "; ".join(lines) + "." if lines else f"{head}."
    return clip(text, SUMMARY_LIMIT)


# ------------------------------------------------------------------ reads


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
    labels = _label_list(arguments.get("labels"))
    if labels:
        params["labels"] = ",".join(labels)

    def keep(item: dict[str, Any]) -> bool:
        is_pull = "pull_request" in item
        return kind == "all" or (kind == "pull") == is_pull

    items, more = await gh.paginate(
        f"repos/{repo}/issues", params, limit=limit, keep=keep, subject=repo
    )
    entries = [issue_entry(item) | {"repo": repo} for item in items]
    nouns = _KINDS[kind] if len(entries) != 1 else _KIND[kind]
    state_word = "" if state == "all" else f"{state} "
    count = len(entries)
    head = (
        f"{count} {state_word}{nouns} in {repo}" if count else f"No {state_word}{nouns} in {repo}"
    )
    if labels:
        head += f" labelled {', '.join(labels)}"
    return ToolResult(
        summary=_listing(more, head, [_line(e, with_repo=False) for e in entries]),
        data={"repo": repo, "items": entries, "more": more},
        outside_content=True,  # titles and bodies are written by anyone who can open an issue
    )


async def describe_list_issues(gh: GitHubClient, arguments: Arguments) -> str:
    state = "" if arguments["state"] == "all" else f"{arguments['state']} "
    labels = _label_list(arguments.get("labels"))
    labelled = f" labelled {', '.join(labels)}" if labels else ""
    return (
        f"List {state}{_KINDS[arguments['kind']]} of {arguments['repo']}{labelled} "
        f"(up to {arguments['limit']})."
    )


def _label_list(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


async def search_issues(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    query, limit = arguments["query"].strip(), arguments["limit"]
    items, more = await gh.paginate(
        "search/issues",
        {"q": query, "per_page": min(limit, PER_PAGE_MAX)},
        limit=limit,
        items_key="items",
    )
    entries = [issue_entry(item) for item in items]
    count = len(entries)
    noun = "result" if count == 1 else "results"
    head = f"{count} {noun} for “{clip(query, 100)}”"
    return ToolResult(
        summary=_listing(more, head, [_line(e, with_repo=True) for e in entries]),
        data={"query": query, "items": entries, "more": more},
        outside_content=True,
    )


async def describe_search_issues(gh: GitHubClient, arguments: Arguments) -> str:
    return (
        f"Search GitHub issues and pull requests for “{clip(arguments['query'], 100)}” "
        f"(up to {arguments['limit']})."
    )


# ------------------------------------------------------------------ issues


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
    title = title_of(issue)
    link = f": {issue['html_url']}" if issue.get("html_url") else "."
    return ToolResult(
        summary=f"Created {ref} (“{title}”){link}",
        data={"repo": repo, "number": ref.number, "url": issue.get("html_url")},
        undo=UndoPlan(
            description=f"close {ref}",
            params={"repo": repo, "number": ref.number},
            after={"state": "open", "title": issue.get("title"), "comments": 0},
        ),
    )


async def describe_create_issue(gh: GitHubClient, arguments: Arguments) -> str:
    labels = arguments.get("labels") or []
    labelled = f" (labels: {', '.join(labels)})" if labels else ""
    return f"Create an issue in {arguments['repo']}: “{clip(arguments['title'])}”{labelled}."


async def comment_issue(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    response = await gh.call(
        "POST", f"{ref.path}/comments", json_body={"body": arguments["body"]}, subject=str(ref)
    )
    comment = response.data or {}
    return ToolResult(
        summary=f"Commented on {ref} (“{title_of(issue)}”).",
        data={"repo": ref.repo, "number": ref.number, "comment_id": comment.get("id")},
        undo=UndoPlan(
            description=f"delete the comment on {ref}",
            params={"repo": ref.repo, "number": ref.number, "comment_id": comment.get("id")},
            after={"body": comment.get("body"), "updated_at": comment.get("updated_at")},
        ),
    )


async def describe_comment_issue(gh: GitHubClient, arguments: Arguments) -> str:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    return f"Comment on {ref} (“{title_of(issue)}”): “{clip(arguments['body'], 120)}”."


async def add_label(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref, label = issue_ref(arguments), arguments["label"].strip()
    issue = await gh.issue(ref)
    before = label_names(issue)
    present = _matching_label(before, label)
    if present is not None:
        return ToolResult(summary=f"{ref} already has the label {present}; nothing to do.")
    response = await gh.call(
        "POST", f"{ref.path}/labels", json_body={"labels": [label]}, subject=str(ref)
    )
    after = label_names({"labels": response.data or []})
    added = _matching_label(after, label) or label
    return ToolResult(
        summary=f"Added the label {added} to {ref} (“{title_of(issue)}”).",
        data={"repo": ref.repo, "number": ref.number, "labels": after},
        undo=UndoPlan(
            description=f"remove the label {added} from {ref}",
            params={"repo": ref.repo, "number": ref.number, "label": added},
            before={"labels": before},
            after={"labels": after},
        ),
    )


async def describe_add_label(gh: GitHubClient, arguments: Arguments) -> str:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    return f"Add the label {arguments['label'].strip()} to {ref} (“{title_of(issue)}”)."


async def remove_label(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref, label = issue_ref(arguments), arguments["label"].strip()
    issue = await gh.issue(ref)
    before = label_names(issue)
    present = _matching_label(before, label)
    if present is None:
        return ToolResult(summary=f"{ref} doesn't have the label {label}; nothing to do.")
    response = await gh.call(
        "DELETE", f"{ref.path}/labels/{quote_label(present)}", subject=f"the label {present}"
    )
    after = label_names({"labels": response.data or []})
    return ToolResult(
        summary=f"Removed the label {present} from {ref} (“{title_of(issue)}”).",
        data={"repo": ref.repo, "number": ref.number, "labels": after},
        undo=UndoPlan(
            description=f"add the label {present} back to {ref}",
            params={"repo": ref.repo, "number": ref.number, "label": present},
            before={"labels": before},
            after={"labels": after},
        ),
    )


async def describe_remove_label(gh: GitHubClient, arguments: Arguments) -> str:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    return f"Remove the label {arguments['label'].strip()} from {ref} (“{title_of(issue)}”)."


async def close_issue(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    title = title_of(issue)
    if issue.get("state") == "closed":
        return ToolResult(summary=f"{ref} (“{title}”) is already closed; nothing to do.")
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
    with_comment = " with a comment" if comment_id else ""
    return ToolResult(
        summary=f"Closed {ref} (“{title}”){with_comment}.",
        data={"repo": ref.repo, "number": ref.number, "state": "closed"},
        undo=UndoPlan(
            description=f"reopen {ref}",
            params={"repo": ref.repo, "number": ref.number, "comment_id": comment_id},
            before={"state": "open"},
            after={"state": "closed"},
        ),
    )


async def describe_close_issue(gh: GitHubClient, arguments: Arguments) -> str:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    comment = arguments.get("comment")
    with_comment = f" with the comment “{clip(comment, 120)}”" if comment else ""
    return f"Close {ref} (“{title_of(issue)}”){with_comment}."


async def reopen_issue(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref = issue_ref(arguments)
    issue = await gh.issue(ref)
    title = title_of(issue)
    if issue.get("state") == "open":
        return ToolResult(summary=f"{ref} (“{title}”) is already open; nothing to do.")
    await gh.call("PATCH", ref.path, json_body={"state": "open"}, subject=str(ref))
    return ToolResult(
        summary=f"Reopened {ref} (“{title}”).",
        data={"repo": ref.repo, "number": ref.number, "state": "open"},
        undo=UndoPlan(
            description=f"close {ref} again",
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
    return f"Reopen {ref} (“{title_of(issue)}”)."


# ------------------------------------------------------------------ pull requests


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
                f"{ref} is an issue, not a pull request.", error_class="invalid_arguments"
            ) from None
        raise


async def close_pull_request(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref = issue_ref(arguments)
    pull = await pull_request(gh, ref)
    title = title_of(pull)
    if pull.get("merged") or pull.get("merged_at"):
        return ToolResult(summary=f"{ref} (“{title}”) was merged already; nothing to close.")
    if pull.get("state") == "closed":
        return ToolResult(summary=f"{ref} (“{title}”) is already closed; nothing to do.")
    await gh.call("PATCH", f"repos/{ref.repo}/pulls/{ref.number}", json_body={"state": "closed"})
    return ToolResult(
        summary=f"Closed pull request {ref} (“{title}”).",
        data={"repo": ref.repo, "number": ref.number, "state": "closed"},
        undo=UndoPlan(
            description=f"reopen pull request {ref}",
            params={"repo": ref.repo, "number": ref.number},
            before={"state": "open"},
            after={"state": "closed"},
        ),
    )


async def describe_close_pull_request(gh: GitHubClient, arguments: Arguments) -> str:
    ref = issue_ref(arguments)
    pull = await pull_request(gh, ref)
    return f"Close pull request {ref} (“{title_of(pull)}”)."


async def reopen_pull_request(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    ref = issue_ref(arguments)
    pull = await pull_request(gh, ref)
    title = title_of(pull)
    if pull.get("merged") or pull.get("merged_at"):
        raise ToolError(
            f"{ref} (“{title}”) was merged: GitHub can't reopen a merged pull request.",
            error_class="invalid_request",
        )
    if pull.get("state") == "open":
        return ToolResult(summary=f"{ref} (“{title}”) is already open; nothing to do.")
    await gh.call("PATCH", f"repos/{ref.repo}/pulls/{ref.number}", json_body={"state": "open"})
    return ToolResult(
        summary=f"Reopened pull request {ref} (“{title}”).",
        data={"repo": ref.repo, "number": ref.number, "state": "open"},
        undo=UndoPlan(
            description=f"close pull request {ref} again",
            params={"repo": ref.repo, "number": ref.number},
            before={"state": "closed"},
            after={"state": "open"},
        ),
    )


async def describe_reopen_pull_request(gh: GitHubClient, arguments: Arguments) -> str:
    ref = issue_ref(arguments)
    pull = await pull_request(gh, ref)
    return f"Reopen pull request {ref} (“{title_of(pull)}”)."


# ------------------------------------------------------------------ branches


def branch_name(arguments: Arguments) -> str:
    name = arguments["branch"].strip()
    return name.removeprefix("refs/heads/")


async def _existing_sha(gh: GitHubClient, repo: str, branch: str) -> str:
    sha = await gh.branch_sha(repo, branch)
    if sha is None:
        raise ToolError(f"There is no branch {branch} in {repo}.", error_class="not_found")
    return sha


async def delete_branch(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    repo, branch = arguments["repo"], branch_name(arguments)
    details = await gh.get(f"repos/{repo}", subject=repo)
    if isinstance(details, dict) and details.get("default_branch") == branch:
        raise ToolError(
            f"{branch} is the default branch of {repo}: I won't delete it.",
            error_class="invalid_request",
        )
    sha = await _existing_sha(gh, repo, branch)
    await gh.call(
        "DELETE", f"repos/{repo}/git/refs/heads/{quote_ref(branch)}", subject=f"branch {branch}"
    )
    return ToolResult(
        summary=f"Deleted branch {branch} of {repo} (it was at {short_sha(sha)}).",
        data={"repo": repo, "branch": branch, "sha": sha},
        undo=UndoPlan(
            description=f"restore branch {branch} of {repo} at {short_sha(sha)}",
            params={"repo": repo, "branch": branch, "sha": sha},
            before={"sha": sha},
        ),
    )


async def describe_delete_branch(gh: GitHubClient, arguments: Arguments) -> str:
    repo, branch = arguments["repo"], branch_name(arguments)
    sha = await _existing_sha(gh, repo, branch)
    return f"Delete branch {branch} of {repo} (at {short_sha(sha)})."


async def restore_branch(gh: GitHubClient, arguments: Arguments) -> ToolResult:
    repo, branch = arguments["repo"], branch_name(arguments)
    sha = check_sha(arguments["sha"])
    if len(sha) < 40:  # git refs need the full sha: ask GitHub which commit this is
        commit = await gh.get(f"repos/{repo}/commits/{sha}", subject=f"commit {sha} in {repo}")
        sha = str((commit or {}).get("sha") or sha)
    current = await gh.branch_sha(repo, branch)
    if current == sha:
        return ToolResult(
            summary=f"Branch {branch} of {repo} already exists at {short_sha(sha)}; nothing to do."
        )
    if current is not None:
        raise ToolError(
            f"Branch {branch} already exists in {repo} (at {short_sha(current)}).",
            error_class="invalid_request",
        )
    await gh.call(
        "POST",
        f"repos/{repo}/git/refs",
        json_body={"ref": f"refs/heads/{branch}", "sha": sha},
        subject=f"commit {short_sha(sha)} in {repo}",
    )
    return ToolResult(
        summary=f"Restored branch {branch} of {repo} at {short_sha(sha)}.",
        data={"repo": repo, "branch": branch, "sha": sha},
        undo=UndoPlan(
            description=f"delete branch {branch} of {repo}",
            params={"repo": repo, "branch": branch},
            after={"sha": sha},
        ),
    )


async def describe_restore_branch(gh: GitHubClient, arguments: Arguments) -> str:
    repo, branch = arguments["repo"], branch_name(arguments)
    return f"Restore branch {branch} of {repo} at {short_sha(check_sha(arguments['sha']))}."
