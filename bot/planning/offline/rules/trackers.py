"""Phrasings GitHub and Jira share: "open an issue in …", "comment on …", "list issues in …".

The shape of each command is read here; each tracker's rule says which references it
takes (`owner/name` and `owner/name#12` for GitHub, `PROJ` and `PROJ-7` for Jira), so a
part is read by one of them only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.planning.offline.rule import Call, Part
from bot.planning.offline.slots.cutting import body, splits
from bot.planning.offline.slots.text import TITLED, free_text, limit

_I = re.IGNORECASE

_COMMENT_ON = re.compile(
    r"(?:(?:add|leave|post|write)\s+a\s+comment|comment|reply|respond)\s+(?:on|to|under)\s+", _I
)
_COMMENT_VERB = re.compile(r"comment\s+", _I)
_COMMENT_TEXT = re.compile(r"\s*:\s+|\s+(?:saying|with|that)(?:\s*:\s*|\s+)", _I)
_ON_TARGET = re.compile(r"\s+on\s+", _I)

CommentOn = Callable[[str, str], list[Call] | None]  # (target, text) → calls


def read_comment(part: Part, comment_on: CommentOn) -> list[Call] | None:
    """comment on <target>: x / comment on <target> saying x / comment "x" on <target>"""
    rest = body(_COMMENT_ON, part.raw)
    if rest is not None:
        for left, right, _ in splits(rest, _COMMENT_TEXT):
            text = free_text(right)
            calls = comment_on(left, text) if text else None
            if calls:
                return calls
        return None
    rest = body(_COMMENT_VERB, part.core)  # the target ends the part
    if rest is None:
        return None
    for left, right, _ in splits(rest, _ON_TARGET, from_end=True):
        text = free_text(left)
        calls = comment_on(right, text) if text else None
        if calls:
            return calls
    return None


_CREATE_ISSUE = re.compile(
    r"(?:create|open|file|raise|add|make|log|submit|start)\s+(?:(?:a|an|one)\s+)?(?:new\s+)?"
    r"(?:(github|jira)\s+)?(bug|task|story|epic|issue|ticket)\s+(?:in|for|on|under|to)\s+",
    _I,
)

# (service said or "", noun, where, title) → calls
CreateIn = Callable[[str, str, str, str], list[Call] | None]


def read_new_issue(part: Part, create_in: CreateIn) -> list[Call] | None:
    """open an issue in <where>: x / create a bug in <where> titled x"""
    match = _CREATE_ISSUE.match(part.raw)
    if match is None:
        return None
    service, noun = (match[1] or "").lower(), match[2].lower()
    for left, right, _ in splits(part.raw[match.end() :], TITLED):
        title = free_text(right)
        if not title:
            continue
        calls = create_in(service, noun, left, title)
        if calls:
            return calls
    return None


_LIST = re.compile(
    r"(?:list|show(?:\s+me)?|get|fetch|find|display|give\s+me)\s+(?:all\s+(?:of\s+)?)?(?:the\s+)?"
    r"(?:(?:last|latest|first|top|recent|most\s+recent)\s+)?(?:(\d{1,5})\s+)?"
    r"(?:(open|closed)\s+)?(?:(github|jira)\s+)?"
    r"(issues?\s+and\s+(?:pull\s+requests|prs)|(?:pull\s+requests|prs)\s+and\s+issues"
    r"|issues|tickets|pull\s+requests|prs|pulls)\s+(?:in|for|of|on|from)\s+",
    _I,
)


@dataclass(frozen=True)
class IssueList:
    """A request to list issues: "list the 5 open GitHub PRs in <where>"."""

    limit: dict[str, Any]  # {} or {"limit": n}
    state: str  # "open", "closed" or ""
    service: str  # "github", "jira" or "" (not said)
    noun: str  # as written, lower case: "issues", "tickets", "prs", …
    kind: str  # "issue", "pull" or "all" (issues and pull requests)
    where: str  # the rest of the part


def _list_kind(noun: str) -> str:
    """What a noun lists: "issue", "pull" or "all" (issues and pull requests)."""
    if re.search(r"\sand\s", noun):
        return "all"
    return "issue" if noun.startswith(("issue", "ticket")) else "pull"


def issue_list(part: Part) -> IssueList | None:
    """The listing a part asks for, or None (also for a count out of range)."""
    match = _LIST.match(part.core)
    if match is None:
        return None
    count = limit(match[1])
    if count is None:
        return None
    noun = match[4].lower()
    return IssueList(
        limit=count,
        state=(match[2] or "").lower(),
        service=(match[3] or "").lower(),
        noun=noun,
        kind=_list_kind(noun),
        where=part.core[match.end() :],
    )
