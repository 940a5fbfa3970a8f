"""The confirmation gate: which calls wait for the member's OK (SPEC §7, §11)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from bot.integrations.base import Risk, Tool

logger = logging.getLogger(__name__)


class LearnedPolicy(Protocol):
    """The member's learned confirmation policy (`bot.learning.preferences`)."""

    async def auto_execute(
        self, *, team_id: str, user_id: str, tool: Tool, tainted: bool
    ) -> str | None:
        """Why this call may run without asking ("you confirmed this 5 of 5 times"), or None."""

    async def auto_executed(
        self, *, team_id: str, user_id: str, pattern: str, run_id: str | None
    ) -> None:
        """A call ran without asking."""


@dataclass(frozen=True)
class GateVerdict:
    reason: str | None  # why the call must wait for a confirmation; None: go ahead
    auto_reason: str | None = None  # set when the rule would ask but the member's policy says go


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


async def gate(
    tool: Tool,
    arguments: dict[str, Any],
    *,
    request_channel: str,
    request_is_dm: bool,
    tainted: bool,
    team_id: str,
    user_id: str,
    policy: LearnedPolicy | None,
) -> GateVerdict:
    """The rule above, then the member's learned policy for calls the rule would hold.

    The policy is never asked about an irreversible call (no undo handler) or a call in
    a tainted run: those always wait, whatever was learned or set.
    """
    reason = confirmation_reason(
        tool,
        arguments,
        request_channel=request_channel,
        request_is_dm=request_is_dm,
        tainted=tainted,
    )
    if reason is None or policy is None or tainted or tool.undo is None:
        return GateVerdict(reason)
    try:
        auto_reason = await policy.auto_execute(
            team_id=team_id, user_id=user_id, tool=tool, tainted=tainted
        )
    except Exception:  # a broken policy must fail safe: ask
        logger.exception("the learned policy failed for %s; asking", tool.qualified_name)
        return GateVerdict(reason)
    if auto_reason:
        return GateVerdict(None, auto_reason)
    return GateVerdict(reason)


def _lands_in_own_dm(
    tool: Tool, arguments: dict[str, Any], request_channel: str, request_is_dm: bool
) -> bool:
    if not request_is_dm or tool.target_channel_argument is None:
        return False
    target = str(arguments.get(tool.target_channel_argument) or "")
    return target == request_channel
