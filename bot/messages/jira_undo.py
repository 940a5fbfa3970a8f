"""What undoing a Jira action says: the offer, what changed since, and what was done.

The offers (``delete PROJ-7``) are lower case: they finish "I can undo: …".
"""

from __future__ import annotations

# ------------------------------------------------------------------ what /undo offers


def delete_issue(key: str) -> str:
    return f"delete {key}"


def delete_comment(key: str) -> str:
    return f"delete my comment on {key}"


def assign_back(key: str, name: str | None) -> str:
    """Give the issue back to ``name``; None: it had no assignee."""
    return f"unassign {key} again" if name is None else f"assign {key} back to {name}"


def move_back(key: str, status: str) -> str:
    return f"move {key} back to {status}"


def recreate_issue(key: str) -> str:
    return f"re-create {key} (Jira gives it a new key)"


# ------------------------------------------------------------------ what changed since


def gone(key: str) -> str:
    return f"{key} no longer exists."


def moved_since(key: str, status: str) -> str:
    return f"{key} moved to {status} since."


def unassigned_since(key: str) -> str:
    return f"{key} was unassigned since."


def reassigned_since(key: str, name: str) -> str:
    return f"{key} was reassigned to {name} since."


def renamed_since(key: str, summary: str) -> str:
    return f"{key} was renamed to “{summary}” since."


def new_comments_since(key: str) -> str:
    return f"{key} has new comments since."


def comment_gone(key: str) -> str:
    return f"That comment on {key} no longer exists."


def comment_edited_since(key: str) -> str:
    return f"That comment on {key} was edited since."


def project_gone(project: str) -> str:
    return f"Project {project} no longer exists."


# ------------------------------------------------------------------ what was undone


def deleted_created(label: str) -> str:
    return f"Deleted {label}, the issue I created."


def comment_deleted(key: str) -> str:
    return f"Deleted my comment on {key}."


def assigned_back(key: str, name: str | None) -> str:
    return f"Unassigned {key} again." if name is None else f"Assigned {key} back to {name}."


def moved_back(key: str, status: str) -> str:
    return f"Moved {key} back to {status}."


def no_way_back(key: str, status: str, previous: str, offered: str) -> str:
    return (
        f"Jira's workflow has no transition from {status} back to {previous} "
        f"for {key} (from {status} it can go to {offered or 'nothing'}), "
        "so I left it where it is."
    )


def recreated(key: str, new_key: str) -> str:
    return f"Re-created {key} as {new_key} (Jira gives a new key)."


ITS_ASSIGNEE = "its assignee"


def not_assigned_again(name: str) -> str:
    return f"Jira wouldn't assign it to {name} again."


def starts_elsewhere(status: str, wanted: str) -> str:
    return f"It starts in {status}: Jira's workflow has no direct way to {wanted}."
