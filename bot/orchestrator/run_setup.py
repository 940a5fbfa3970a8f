"""A run under way: its request, trace and specialist, and what its steps act with."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from bot.integrations.base import ToolContext
from bot.orchestrator.execution import ExecutionContext, ProgressCallback
from bot.orchestrator.request import Request
from bot.orchestrator.resilience import RetryBudget
from bot.orchestrator.specialists import Specialist
from bot.orchestrator.trace import RunTrace


@dataclass(frozen=True)
class RunSetup:
    """Built when a run starts (or resumes), then passed through every later stage."""

    trace: RunTrace
    agent: Specialist
    execution: ExecutionContext
    request: Request


def execution_context(
    request: Request,
    trace: RunTrace,
    client: AsyncWebClient,
    *,
    retries: int,
    progress: ProgressCallback | None = None,
) -> ExecutionContext:
    """What the steps of this run act with: who asked, where, the clients, the retry budget."""
    return ExecutionContext(
        tool_context=ToolContext(
            team_id=request.team_id,
            user_id=request.user_id,
            channel_id=request.channel_id,
            slack=client,
            thread_ts=request.reply_thread_ts,
            run_id=trace.run_id,
        ),
        trace=trace,
        budget=RetryBudget(retries),
        request_is_dm=request.is_dm,
        progress=progress,
    )
