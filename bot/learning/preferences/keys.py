"""A member's explicit settings: the keys they are stored under and the values `/prefs` takes."""

from __future__ import annotations

ALWAYS, NEVER, LEARN = "always", "never", "learn"
CONFIRM_VALUES = (ALWAYS, NEVER, LEARN)
CONFIRM_PREFIX = "confirm:"
SPECIALIST_PREFIX = "specialist:"
SINCE_SPECIALIST_PREFIX = "since:specialist:"
HOURS = "hours"
ANY_TIME = "any"
STYLE_KEYS = ("style", "emoji")


def confirm_key(pattern: str) -> str:
    return f"{CONFIRM_PREFIX}{pattern}"


def specialist_key(task_kind: str) -> str:
    return f"{SPECIALIST_PREFIX}{task_kind}"


def since_key(task_kind: str | None) -> str:
    """When the member last said "forget" about a kind's specialist (or all of them)."""
    return f"{SINCE_SPECIALIST_PREFIX}{task_kind}" if task_kind else "since:specialists"
