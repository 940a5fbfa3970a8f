"""What a confirmation says: the question, its outcome, and refusals to the clicker."""

from __future__ import annotations


def confirm_prompt(description: str) -> str:
    """The notification text of a confirmation message (its blocks say the rest)."""
    return f"Confirm: {description}"


ACTION_GONE = "That request no longer exists."


def only_requester_or_admin(requester: str) -> str:
    return f"Only <@{requester}> (who asked) or an admin can confirm or cancel this."


def already_decided(status: str) -> str:
    return f"This request was already {status}."


EXPIRED_BEFORE_CONFIRMED = (
    "This request expired before it was confirmed; nothing was done. Ask again."
)

DECIDED_A_MOMENT_AGO = "Someone decided this request a moment ago."


def expired(description: str) -> str:
    """The confirmation message, edited once it has expired."""
    return f":hourglass: Expired — nothing was done: {description}"


def decided(confirmed: bool, user_id: str, description: str) -> str:
    """The confirmation message, edited once someone has decided."""
    mark = ":white_check_mark: Confirmed" if confirmed else ":x: Cancelled"
    return f"{mark} by <@{user_id}>: {description}"


def always_from_now_on(tool: str) -> str:
    """Added to `decided(...)` when the requester chose "Always do this"."""
    return (
        f"\n_From now on I'll do `{tool}` for you without asking "
        "(unless a request read outside content) — `/prefs` to change._"
    )


def not_done(description: str) -> str:
    """A cancelled step's result."""
    return f"Not done: {description}"


CANCELLED_BY_MEMBER = "cancelled by the member"
INTEGRATION_GONE = "its integration is gone"
