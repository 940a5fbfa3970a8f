"""What the Jira tools see of Jira: issue keys, issues and people.

`IssueView` holds the fields of one issue the tools and undo handlers look at;
`parse_issue_key` accepts what a member pastes (``proj-7``, a …/browse/ link).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.integrations.base import ToolError
from bot.messages import jira as words

__all__ = ["PROJECT_KEY", "IssueView", "JiraUser", "clip", "parse_issue_key"]

_KEY = re.compile(r"^[A-Z][A-Z0-9_]*-[1-9][0-9]*$")
_BROWSE = re.compile(r"/browse/([A-Za-z][A-Za-z0-9_]*-[0-9]+)")
PROJECT_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def clip(text: str, limit: int = 80) -> str:
    """Text on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def parse_issue_key(text: str) -> str:
    """``PROJ-7`` from "PROJ-7", "proj-7" or a …/browse/PROJ-7 link; `ToolError` otherwise."""
    value = text.strip().strip("<>")
    found = _BROWSE.search(value)
    if found:
        value = found.group(1)
    value = value.upper()
    if not _KEY.match(value):
        raise ToolError(words.not_an_issue_key(clip(text, 40)), error_class="invalid_arguments")
    return value


@dataclass(frozen=True)
class JiraUser:
    account_id: str
    display_name: str

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> JiraUser:
        account_id = str(data.get("accountId") or "")
        return cls(account_id, str(data.get("displayName") or account_id))


@dataclass(frozen=True)
class IssueView:
    """The fields of one issue the tools and undo handlers look at."""

    key: str
    id: str
    summary: str
    status: str
    issue_type: str
    project: str
    assignee: JiraUser | None
    description: dict[str, Any] | None
    labels: list[str] = field(default_factory=list)
    comment_total: int = 0

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> IssueView:
        fields = data.get("fields") or {}
        assignee = fields.get("assignee")
        comments = fields.get("comment") or {}
        description = fields.get("description")
        return cls(
            key=str(data.get("key") or ""),
            id=str(data.get("id") or ""),
            summary=str(fields.get("summary") or ""),
            status=str((fields.get("status") or {}).get("name") or ""),
            issue_type=str((fields.get("issuetype") or {}).get("name") or ""),
            project=str((fields.get("project") or {}).get("key") or ""),
            assignee=JiraUser.from_api(assignee) if isinstance(assignee, dict) else None,
            description=description if isinstance(description, dict) else None,
            labels=[str(label) for label in fields.get("labels") or []],
            comment_total=int(comments.get("total") or len(comments.get("comments") or [])),
        )

    @property
    def label(self) -> str:
        """``PROJ-7 (“Login fails”)``, for sentences."""
        return words.issue_label(self.key, clip(self.summary))

    @property
    def assignee_id(self) -> str | None:
        return self.assignee.account_id if self.assignee else None
