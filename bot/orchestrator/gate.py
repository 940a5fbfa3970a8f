"""The confirmation gate: which calls wait for the member's OK (SPEC §7, §11)."""

from __future__ import annotations

from typing import Any

from bot.integrations.base import Risk, Tool


def confirmation_reason(
    tool: Tool,
    arguments: dict[str, Any],
    *,
    request_channel: str,
    request_is_dm: bool,
    tainted: bool,
) -> str | None:
    """Why this call must be confirmed, or None when it may run at once.

    Destructive calls always ask. A write asks unless it lands in the member's own
    DM with the bot. In a run that has read outside content (channel history, tool
    output), every write asks: that text must never make an action run unseen.
    """
    if tool.risk is Risk.READ:
        return None
    if tool.risk is Risk.DESTRUCTIVE:
        return "it can't be taken back without an undo"
    if tainted:
        return "this request read content from outside, so I check before writing"
    if not _lands_in_own_dm(tool, arguments, request_channel, request_is_dm):
        return "it acts outside your DM with me"
    return None


def _lands_in_own_dm(
    tool: Tool, arguments: dict[str, Any], request_channel: str, request_is_dm: bool
) -> bool:
    if not request_is_dm or tool.target_channel_argument is None:
        return False
    target = str(arguments.get(tool.target_channel_argument) or "")
    return target == request_channel
