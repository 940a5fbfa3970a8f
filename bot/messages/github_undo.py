"""What undoing a GitHub action says: the offer, what changed since, and what was done.

The offers (``close acme/api#12``) are lower case: they finish "I can undo: …".
"""

from __future__ import annotations

UNDO_CREATION_COMMENT = "Closed by Kaizen: undo of creation"

# ------------------------------------------------------------------ what /undo offers


def close_issue(ref: object) -> str:
    return f"close {ref}"


def close_issue_again(ref: object) -> str:
    return f"close {ref} again"


def reopen_issue(ref: object) -> str:
    return f"reopen {ref}"


def delete_comment(ref: object) -> str:
    return f"delete the comment on {ref}"


def remove_label(label: str, ref: object) -> str:
    return f"remove the label {label} from {ref}"


def add_label_back(label: str, ref: object) -> str:
    return f"add the label {label} back to {ref}"


def reopen_pull(ref: object) -> str:
    return f"reopen pull request {ref}"


def close_pull_again(ref: object) -> str:
    return f"close pull request {ref} again"


def restore_branch(branch: str, repo: str, sha: str) -> str:
    return f"restore branch {branch} of {repo} at {sha}"


def delete_branch(branch: str, repo: str) -> str:
    return f"delete branch {branch} of {repo}"


# ------------------------------------------------------------------ what changed since


def gone(ref: object) -> str:
    return f"{ref} no longer exists."


def closed_since(ref: object) -> str:
    return f"{ref} was closed since."


def reopened_since(ref: object) -> str:
    return f"{ref} was reopened since."


def merged_since(ref: object) -> str:
    return f"{ref} was merged since."


def others_commented(ref: object) -> str:
    return f"Someone else has commented on {ref} since."


def comment_deleted_since(ref: object) -> str:
    return f"That comment on {ref} was deleted since."


def comment_edited_since(ref: object) -> str:
    return f"That comment on {ref} was edited since."


def label_gone_since(label: str, ref: object) -> str:
    return f"The label {label} is no longer on {ref}."


def label_back_since(label: str, ref: object) -> str:
    return f"The label {label} is back on {ref} already."


def branch_exists_again(branch: str) -> str:
    return f"Branch {branch} exists again."


def branch_gone(branch: str) -> str:
    return f"Branch {branch} no longer exists."


def branch_moved(branch: str, sha: str) -> str:
    return f"Branch {branch} has moved since (now at {sha})."


# ------------------------------------------------------------------ what was undone


def closed_created(ref: object, title: str) -> str:
    return f"Closed {ref} (“{title}”), saying it was an undo."


def comment_deleted(ref: object) -> str:
    return f"Deleted my comment on {ref}."


def label_removed(label: str, ref: object) -> str:
    return f"Removed the label {label} from {ref}."


def label_added_back(label: str, ref: object) -> str:
    return f"Added the label {label} back to {ref}."


def closed_again(ref: object) -> str:
    return f"Closed {ref} again."


def reopened(ref: object, *, comment_deleted: bool) -> str:
    if comment_deleted:
        return f"Reopened {ref} and deleted the closing comment."
    return f"Reopened {ref}."


def pull_reopened(ref: object) -> str:
    return f"Reopened pull request {ref}."


def pull_closed_again(ref: object) -> str:
    return f"Closed pull request {ref} again."


def branch_recreated(branch: str, repo: str, sha: str) -> str:
    return f"Recreated branch {branch} of {repo} at {sha}."


def branch_deleted(branch: str, repo: str) -> str:
    return f"Deleted branch {branch} of {repo}."
