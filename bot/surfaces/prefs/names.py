"""Reading what members type after `/prefs`: action patterns and kinds of task."""

from __future__ import annotations

import re

from bot.orchestrator.routing import TASK_VERBS

DOMAINS = ("slack", "github", "jira", "notion", "general")
TASK_KIND = re.compile(r"([a-z]+):([a-z_]+)")


def resolve_pattern(word: str, known: list[str]) -> str | None:
    """`slack.archive_channel`, `slack_archive_channel` or an unambiguous `archive_channel`."""
    word = word.strip("`").lower()
    if word in known:
        return word
    for pattern in known:
        if pattern.replace(".", "_", 1) == word:
            return pattern
    matches = [p for p in known if p.split(".", 1)[-1] == word]
    return matches[0] if len(matches) == 1 else None


def valid_task_kind(kind: str) -> bool:
    """`domain:verb`, such as `slack:archive` or `github:close`."""
    match = TASK_KIND.fullmatch(kind)
    if match is None:
        return False
    return match.group(1) in DOMAINS and match.group(2) in (*task_verbs(), "chat")


def task_verbs() -> list[str]:
    return [verb for verb, _ in TASK_VERBS]
