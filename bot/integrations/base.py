"""The integration interface every integration implements (Slack, GitHub, Jira, Notion, plugins).

An integration is an async client plus its tools. A tool has a name, a JSON
schema for its arguments, a risk level, a function that runs it, and — if it
can be reversed — an undo handler. Running a write or destructive tool returns
an `UndoPlan`: the before-state and the parameters of the compensating call,
which the undo registry stores so `/undo` works after a restart.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from slack_sdk.web.async_client import AsyncWebClient

from bot.planning.offline.rule import OfflineRule


class Risk(StrEnum):
    READ = "read"
    WRITE = "write"
    DESTRUCTIVE = "destructive"


@dataclass(frozen=True)
class ToolContext:
    """Who asked, where, and the clients a tool may use."""

    team_id: str
    user_id: str
    channel_id: str  # where the request was made
    slack: AsyncWebClient
    thread_ts: str | None = None
    run_id: str | None = None


@dataclass(frozen=True)
class UndoPlan:
    """How to reverse one action: stored with the before-state, run by the tool's undo handler."""

    description: str  # what the undo will do, for people: "unarchive #old-launch"
    params: dict[str, Any]  # the compensating call's parameters
    before: dict[str, Any] = field(default_factory=dict)  # state before the action
    after: dict[str, Any] = field(default_factory=dict)  # state the action left (changed-since)


@dataclass(frozen=True)
class ToolResult:
    summary: str  # short, for the member and the model: "Archived #old-launch."
    data: dict[str, Any] = field(default_factory=dict)
    undo: UndoPlan | None = None
    outside_content: bool = False  # carries text from outside (history, bodies): taints the run


class ToolError(Exception):
    """A tool failed in a way worth telling the member; `error_class` groups failures."""

    retryable = False

    def __init__(self, message: str, *, error_class: str = "tool_error") -> None:
        super().__init__(message)
        self.message = message
        self.error_class = error_class


class RetryableToolError(ToolError):
    """Worth retrying: timeouts, 5xx, rate limits (`retry_after` seconds when the service said)."""

    retryable = True

    def __init__(
        self, message: str, *, error_class: str = "retryable", retry_after: float | None = None
    ) -> None:
        super().__init__(message, error_class=error_class)
        self.retry_after = retry_after


class UndoHandler(Protocol):
    async def changed_since(self, context: ToolContext, plan: UndoPlan) -> str | None:
        """What changed since the action, in a sentence; None when it is safe to undo."""

    async def undo(self, context: ToolContext, plan: UndoPlan) -> str:
        """Run the compensating call; returns a sentence saying what was restored."""


ToolFunction = Callable[[ToolContext, dict[str, Any]], Awaitable[ToolResult]]
DescribeFunction = Callable[[ToolContext, dict[str, Any]], Awaitable[str]]


@dataclass(frozen=True)
class Tool:
    integration: str  # "slack"
    name: str  # "archive_channel"
    description: str  # for the model
    parameters: dict[str, Any]  # JSON schema of the arguments
    risk: Risk
    run: ToolFunction
    describe: DescribeFunction  # exactly what will happen, for confirmations: "Archive #old-launch"
    undo: UndoHandler | None = None
    # Which argument names a channel the action lands in (for the "outside your DM" rule).
    target_channel_argument: str | None = "channel"

    @property
    def qualified_name(self) -> str:
        """`slack.archive_channel`: the action pattern preferences and traces use."""
        return f"{self.integration}.{self.name}"

    @property
    def function_name(self) -> str:
        """`slack_archive_channel`: OpenAI function names may not contain dots."""
        return f"{self.integration}_{self.name}"

    def openai_schema(self) -> dict[str, Any]:
        return {
            "type": "function",
            "function": {
                "name": self.function_name,
                "description": f"{self.description} (risk: {self.risk.value})",
                "parameters": self.parameters,
            },
        }


class Integration(Protocol):
    """What the registry needs from an integration module.

    `offline_rules()` is optional for plugins: the phrasings (`OfflineRule`, see
    `bot.planning.offline.phrasings`) the offline planner understands for its tools.
    """

    name: str

    @property
    def credentials(self) -> tuple[str, ...]:
        """The environment variables it needs, for "how to enable" replies."""

    def configured(self) -> bool: ...

    def tools(self) -> list[Tool]: ...

    async def health(self) -> bool: ...

    def offline_rules(self) -> Sequence[OfflineRule]:
        """Phrasings the offline planner understands for these tools; none by default."""
        return ()
