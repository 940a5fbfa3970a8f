"""What the Jira tools say: results, previews before confirmation, and errors.

Issues appear as their ``label`` (``PROJ-7 (“Login fails”)``) or their bare key;
JQL, summaries and names arrive clipped by the caller. The undo handlers'
sentences are in `bot.messages.jira_undo`.
"""

from __future__ import annotations

from bot.messages.plural import plural

NOT_CONFIGURED = (
    "Jira is not set up here: an operator sets JIRA_URL, JIRA_EMAIL and "
    "JIRA_API_TOKEN to enable it."
)
USER_AGENT = "Kaizen (Slack operations assistant)"  # what Jira's audit log shows an admin

# ------------------------------------------------------------------ errors


def not_an_issue_key(given: str) -> str:
    return f"“{given}” is not a Jira issue key like PROJ-7."


def no_issue(key: str) -> str:
    return f"Jira has no issue {key}, or the token can't see it."


def no_project(given: str) -> str:
    return f"Jira has no project “{given}”, or the token can't see it."


def no_issue_type(project: object, given: str, names: str) -> str:
    return f"{project} has no issue type “{given}” (it has {names})."


def summary_too_long(limit: int) -> str:
    return f"An issue summary can be {limit} characters at most."


def no_user_with_account_id(account_id: str) -> str:
    return f"Jira has no user with accountId {account_id}."


def no_user_with_email(email: str) -> str:
    return f"Jira has no user with the email {email}."


def no_user_called(name: str) -> str:
    return f"Jira has no user called “{name}”."


def several_users(name: str, names: str) -> str:
    return f"Several Jira users match “{name}” ({names}): say which, by email or full name."


REQUESTER_UNKNOWN = (
    "I couldn't match you to a Jira account: say your Jira name or email instead of “me”."
)


def cannot_move(key: str, target: str, status: str, offered: str) -> str:
    """The workflow has no transition to ``target`` (``offered``: the statuses it has)."""
    options = f"from {status} it can go to {offered}" if offered else "it offers none"
    return f"{key} can't move to “{target}”: Jira's workflow {options}."


# ------------------------------------------------------------------ search


def no_matches(jql: str) -> str:
    return f"No Jira issues match `{jql}`."


def matches_head(count: int, jql: str, *, more: bool) -> str:
    """``3 issues for `…``` / ``The first 30 issues for `…```."""
    issues = plural(count, "issue")
    return f"{'The first ' + issues if more else issues.capitalize()} for `{jql}`"


def match_line(key: str, summary: str, status: str, assignee: str | None) -> str:
    who = f", {assignee}" if assignee else ""
    return f"• {key} {summary} ({status}{who})"


def and_more(count: int) -> str:
    return f"… and {count} more."


def search_preview(jql: str, limit: int) -> str:
    return f"Search Jira for `{jql}` (up to {plural(limit, 'issue')})."


# ------------------------------------------------------------------ issues and comments


def issue_label(key: str, summary: str) -> str:
    """``PROJ-7 (“Login fails”)``: how sentences name an issue."""
    return f"{key} (“{summary}”)"


def created(label: str) -> str:
    return f"Created {label}."


def create_preview(issue_type: str, project: object, summary: str) -> str:
    return f"Create a {issue_type} in {project}: “{summary}”."


def commented(label: str) -> str:
    return f"Commented on {label}."


def comment_preview(label: str, body: str) -> str:
    return f"Comment on {label}: “{body}”."


def deleted(label: str) -> str:
    return f"Deleted {label}."


def delete_preview(label: str) -> str:
    return f"Delete {label}."


# ------------------------------------------------------------------ assignees


def already_assigned(label: str, name: str | None) -> str:
    """``name`` None: already unassigned."""
    return f"{label} is already {'unassigned' if name is None else f'assigned to {name}'}."


def assigned(label: str, name: str | None) -> str:
    return f"Unassigned {label}." if name is None else f"Assigned {label} to {name}."


def assign_preview(label: str, name: str | None, now: str | None) -> str:
    """Assign (``name``) or unassign (None) an issue held by ``now`` (None: nobody)."""
    held = " (now unassigned)" if now is None else f" (now {now})"
    return f"Unassign {label}{held}." if name is None else f"Assign {label} to {name}{held}."


# ------------------------------------------------------------------ transitions


def already_in(label: str, status: str) -> str:
    return f"{label} is already in {status}."


def moved(label: str, old: str, new: str) -> str:
    return f"Moved {label} from {old} to {new}."


def transition_preview(label: str, old: str, new: str | None) -> str:
    """Move to ``new``, or (None) leave the issue where it already is."""
    if new is None:
        return f"Leave {label} in {old} (it is there already)."
    return f"Move {label} from {old} to {new}."
