"""What a workflow is called: the name rules, the suggested name, the request that runs one."""

from __future__ import annotations

import itertools
import re
from datetime import datetime

from bot.messages import workflows as say

CURRENT = "current"

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")

RUN_PATTERN = re.compile(
    r"^\s*(?:please\s+)?(?:run|start)\s+(?:my\s+|the\s+)?(?:saved\s+)?(?:workflow\s+)?"
    r"`?([a-z0-9][a-z0-9-]{0,39})`?(?:\s+(?:v|version\s*)(\d+))?\s*[.!]?\s*$",
    re.IGNORECASE,
)

CLEANUP_VERBS = {"archive", "delete", "remove", "unpin", "close", "kick"}


def subject_of(user_id: str, name: str) -> str:
    return f"workflow:{user_id}:{name}"


def name_problem(name: str) -> str | None:
    if not NAME_PATTERN.match(name):
        return say.NAME_RULES
    return None


def suggest_name(tools: tuple[str, ...] | list[str], times: tuple[str, ...] | list[str]) -> str:
    """A name from what the steps do and how often they are run: `weekly-cleanup`."""
    verbs: list[str] = []
    for tool in tools:
        parts = tool.rsplit(".", 1)[-1].split("_")
        verb = parts[1] if parts[0] in ("set", "add") and len(parts) > 1 else parts[0]
        if verb not in verbs:
            verbs.append(verb)
    if any(verb in CLEANUP_VERBS for verb in verbs):
        base = "cleanup"
    else:
        base = "-and-".join(verbs[:3]) or "workflow"
    return f"{_cadence(times)}{base}"[:40].strip("-")


def _cadence(times: tuple[str, ...] | list[str]) -> str:
    moments = sorted(datetime.fromisoformat(t) for t in times)
    if len(moments) < 3:
        return ""
    gaps = [(b - a).total_seconds() / 86_400 for a, b in itertools.pairwise(moments)]
    if all(6 <= gap <= 8 for gap in gaps):
        return "weekly-"
    if all(0.75 <= gap <= 1.25 for gap in gaps):
        return "daily-"
    return ""
