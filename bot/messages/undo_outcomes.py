"""What undoing an action says, whether asked in a thread or with `/undo`."""

from __future__ import annotations

NOTHING_TO_UNDO = (
    "There is nothing of yours I can undo right now. `/undo list` shows your recent actions."
)


def no_such_action(entry_id: int) -> str:
    return f"I have no action #{entry_id} to undo. `/undo list` shows your recent actions."


def integration_gone(entry_id: int | None) -> str:
    return f"I can't undo #{entry_id}: its integration is not configured any more."


def could_not_check(entry_id: int | None, error: str) -> str:
    return f"I couldn't check #{entry_id}: {error}"


def changed_since(entry_id: int | None, summary: str, change: str) -> str:
    return (
        f"I didn't undo #{entry_id} ({summary}): {change} Undoing now could overwrite that change."
    )


def already_undone_by_now(entry_id: int | None, summary: str) -> str:
    """Someone else undid it between the check and the claim."""
    return f"#{entry_id} ({summary}) was already undone."


def could_not_undo(entry_id: int | None, error: str) -> str:
    return f"I couldn't undo #{entry_id}: {error}"


def undone(restored: str) -> str:
    return f":leftwards_arrow_with_hook: {restored}"


def entry_label(entry_id: int | None, summary: str) -> str:
    return f"#{entry_id} ({summary})"


def not_yours(label: str, owner: str) -> str:
    return f"{label} is <@{owner}>'s action; only they or an admin can undo it."


def already_undone(label: str) -> str:
    return f"{label} was already undone."


def too_old(label: str) -> str:
    return f"{label} is too old: I keep only each member's last 20 actions."


def undo_expired(label: str) -> str:
    return f"{label} can no longer be undone: undo is kept for a limited time after acting."
