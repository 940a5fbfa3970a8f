"""What the GitHub tools say: results, previews before confirmation, and errors.

References (``ref``) are anything that prints as ``acme/api#12``; titles and
queries arrive clipped by the caller. The undo handlers' sentences are in
`bot.messages.github_undo`.
"""

from __future__ import annotations

from bot.messages.plural import noun_for, plural

NOT_CONFIGURED = "GitHub is not set up here: an operator has to set GITHUB_TOKEN."
UNTITLED = "untitled"

# ------------------------------------------------------------------ errors

BAD_SHA = "sha must be a commit sha: 7 to 40 hexadecimal characters."
LIST_SHAPE_UNKNOWN = "GitHub sent a list in a shape I don't know."
SECONDARY_RATE_LIMIT = "GitHub is rate limiting us (a secondary rate limit): I'll wait a minute."
VALIDATION_FAILED = "Validation Failed"
VALIDATION_CODES = {
    "missing": "does not exist",
    "missing_field": "is missing",
    "invalid": "is invalid",
    "already_exists": "already exists",
    "unprocessable": "is not valid",
}


def bad_repo(given: str) -> str:
    return f"repo must be owner/name, like acme/api (got “{given}”)."


def deleted_on_github(subject: str | None) -> str:
    return f"{subject or 'That'} was deleted on GitHub."


def not_found(subject: str) -> str:
    return f"GitHub can't find {subject} (or the token has no access to it)."


def refused(message: str, detail: str) -> str:
    """GitHub's 422 in words: ``… Validation Failed (title is missing).``"""
    return f"GitHub refused the request: {message}" + (f" ({detail})." if detail else ".")


# What errors call the thing GitHub could not find ("GitHub can't find branch x …").


def the_label(name: str) -> str:
    return f"the label {name}"


def the_label_on(name: str, ref: object) -> str:
    return f"the label {name} on {ref}"


def branch(name: str) -> str:
    return f"branch {name}"


def branch_of(name: str, repo: str) -> str:
    return f"branch {name} of {repo}"


def commit_in(sha: str, repo: str) -> str:
    return f"commit {sha} in {repo}"


def that_comment_on(ref: object) -> str:
    return f"that comment on {ref}"


THE_COMMENT = "the comment"

# ------------------------------------------------------------------ lists and searches

_KINDS = {"all": "issues and pull requests", "issue": "issues", "pull": "pull requests"}
_KIND = {"all": "issue or pull request", "issue": "issue", "pull": "pull request"}


def _labelled(labels: list[str]) -> str:
    return f" labelled {', '.join(labels)}" if labels else ""


def _state_word(state: str) -> str:
    return "" if state == "all" else f"{state} "


def issues_found(count: int, *, state: str, kind: str, repo: str, labels: list[str]) -> str:
    """``2 open issues in acme/api labelled bug`` (the head of a listing)."""
    nouns = f"{_state_word(state)}{noun_for(count, _KIND[kind], _KINDS[kind])}"
    head = f"{count} {nouns} in {repo}" if count else f"No {nouns} in {repo}"
    return head + _labelled(labels)


def search_found(count: int, query: str) -> str:
    return f"{plural(count, 'result')} for “{query}”"


def listing(head: str, lines: list[str], *, more: bool) -> str:
    """``head (more on GitHub): line; line.``"""
    extra = " (more on GitHub)" if more else ""
    return f"{head}{extra}: " + "; ".join(lines) + "." if lines else f"{head}."


def listing_line(where: str, title: str, *, pull: bool, state: str, labels: list[str]) -> str:
    """``#12 Fix login (issue, open) [bug, ui]``"""
    shown = f" [{', '.join(labels)}]" if labels else ""
    return f"{where} {title} ({'PR' if pull else 'issue'}, {state}){shown}"


def list_preview(*, state: str, kind: str, repo: str, labels: list[str], limit: int) -> str:
    return f"List {_state_word(state)}{_KINDS[kind]} of {repo}{_labelled(labels)} (up to {limit})."


def search_preview(query: str, limit: int) -> str:
    return f"Search GitHub issues and pull requests for “{query}” (up to {limit})."


# ------------------------------------------------------------------ issues and comments


def issue_created(ref: object, title: str, url: str | None) -> str:
    return f"Created {ref} (“{title}”)" + (f": {url}" if url else ".")


def create_preview(repo: str, title: str, labels: list[str]) -> str:
    labelled = f" (labels: {', '.join(labels)})" if labels else ""
    return f"Create an issue in {repo}: “{title}”{labelled}."


def commented(ref: object, title: str) -> str:
    return f"Commented on {ref} (“{title}”)."


def comment_preview(ref: object, title: str, body: str) -> str:
    return f"Comment on {ref} (“{title}”): “{body}”."


def already_closed(ref: object, title: str) -> str:
    return f"{ref} (“{title}”) is already closed; nothing to do."


def already_open(ref: object, title: str) -> str:
    return f"{ref} (“{title}”) is already open; nothing to do."


def issue_closed(ref: object, title: str, *, with_comment: bool) -> str:
    return f"Closed {ref} (“{title}”){' with a comment' if with_comment else ''}."


def close_preview(ref: object, title: str, comment: str | None) -> str:
    with_comment = f" with the comment “{comment}”" if comment else ""
    return f"Close {ref} (“{title}”){with_comment}."


def issue_reopened(ref: object, title: str) -> str:
    return f"Reopened {ref} (“{title}”)."


def reopen_preview(ref: object, title: str) -> str:
    return f"Reopen {ref} (“{title}”)."


# ------------------------------------------------------------------ labels


def label_present(ref: object, label: str) -> str:
    return f"{ref} already has the label {label}; nothing to do."


def label_missing(ref: object, label: str) -> str:
    return f"{ref} doesn't have the label {label}; nothing to do."


def label_added(label: str, ref: object, title: str) -> str:
    return f"Added the label {label} to {ref} (“{title}”)."


def label_removed(label: str, ref: object, title: str) -> str:
    return f"Removed the label {label} from {ref} (“{title}”)."


def add_label_preview(label: str, ref: object, title: str) -> str:
    return f"Add the label {label} to {ref} (“{title}”)."


def remove_label_preview(label: str, ref: object, title: str) -> str:
    return f"Remove the label {label} from {ref} (“{title}”)."


# ------------------------------------------------------------------ pull requests


def not_a_pull_request(ref: object) -> str:
    return f"{ref} is an issue, not a pull request."


def merged_nothing_to_close(ref: object, title: str) -> str:
    return f"{ref} (“{title}”) was merged already; nothing to close."


def merged_cannot_reopen(ref: object, title: str) -> str:
    return f"{ref} (“{title}”) was merged: GitHub can't reopen a merged pull request."


def pull_closed(ref: object, title: str) -> str:
    return f"Closed pull request {ref} (“{title}”)."


def pull_reopened(ref: object, title: str) -> str:
    return f"Reopened pull request {ref} (“{title}”)."


def close_pull_preview(ref: object, title: str) -> str:
    return f"Close pull request {ref} (“{title}”)."


def reopen_pull_preview(ref: object, title: str) -> str:
    return f"Reopen pull request {ref} (“{title}”)."


# ------------------------------------------------------------------ branches


def no_such_branch(branch: str, repo: str) -> str:
    return f"There is no branch {branch} in {repo}."


def default_branch_kept(branch: str, repo: str) -> str:
    return f"{branch} is the default branch of {repo}: I won't delete it."


def branch_deleted(branch: str, repo: str, sha: str) -> str:
    return f"Deleted branch {branch} of {repo} (it was at {sha})."


def delete_branch_preview(branch: str, repo: str, sha: str) -> str:
    return f"Delete branch {branch} of {repo} (at {sha})."


def branch_already_there(branch: str, repo: str, sha: str) -> str:
    return f"Branch {branch} of {repo} already exists at {sha}; nothing to do."


def branch_exists_elsewhere(branch: str, repo: str, sha: str) -> str:
    return f"Branch {branch} already exists in {repo} (at {sha})."


def branch_restored(branch: str, repo: str, sha: str) -> str:
    return f"Restored branch {branch} of {repo} at {sha}."


def restore_branch_preview(branch: str, repo: str, sha: str) -> str:
    return f"Restore branch {branch} of {repo} at {sha}."
