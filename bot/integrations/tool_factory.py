"""The one way an integration builds a `Tool`: its handlers only ever see checked arguments.

Usage::

    checked_tool(
        "slack",
        "archive_channel",
        object_schema({"channel": CHANNEL}),
        Risk.DESTRUCTIVE,
        archive_channel,
        describe_archive_channel,
        description="Archive a channel.",
        undo=RestoreArchiveState(archived_after=True),
        target_channel_argument="channel",
    )
"""

from __future__ import annotations

from typing import Any

from bot.integrations.base import Risk, Tool, UndoHandler
from bot.integrations.schema import Handler, checked

__all__ = ["checked_tool"]


def checked_tool(
    integration: str,
    name: str,
    parameters: dict[str, Any],
    risk: Risk,
    run: Handler,
    describe: Handler,
    *,
    description: str,
    undo: UndoHandler | None = None,
    target_channel_argument: str | None = None,
) -> Tool:
    """A `Tool` whose ``run`` and ``describe`` get `check_arguments` of what they are given.

    Args:
        integration: the integration's name, e.g. ``"slack"``.
        name: the tool's name within it, e.g. ``"archive_channel"``.
        parameters: the JSON schema of the arguments (usually from `object_schema`).
        risk: read, write or destructive.
        run: does the action and returns a `ToolResult`.
        describe: says exactly what ``run`` would do, for confirmations.
        description: what the tool does, for the model.
        undo: the handler that reverses it, when it can be reversed.
        target_channel_argument: which argument names the Slack channel the action
            lands in; None for actions outside Slack, which then always ask first.
    """
    return Tool(
        integration=integration,
        name=name,
        description=description,
        parameters=parameters,
        risk=risk,
        run=checked(parameters, run),
        describe=checked(parameters, describe),
        undo=undo,
        target_channel_argument=target_channel_argument,
    )
