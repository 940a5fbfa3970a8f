"""`/undo` and the Undo buttons: what can be undone, and who undid what."""

from __future__ import annotations

NOTHING_TO_UNDO = "You have no recent actions to undo."
RECENT_ACTIONS_TITLE = "*Your recent actions* (newest first)"
RECENT_ACTIONS = "Your recent actions"
LIST_FOOTER = "`/undo <id>` undoes one by its number; `/undo` the newest."
UNDO_BUTTON = "Undo"
UNDONE = "undone"
EXPIRED = "expired"
NOT_MY_BUTTON = "That Undo button is not one of mine."


def entry_line(entry_id: int | None, summary: str, state: str) -> str:
    return f"`#{entry_id}` {summary} — _{state}_"


def minutes_left(minutes: int) -> str:
    return f"can be undone for {minutes} more min"


def undone_by(outcome: str, user_id: str) -> str:
    return f"{outcome} (undone by <@{user_id}>)"


def undo_button_label(label: str) -> str:
    return f"Undo: {label}"
