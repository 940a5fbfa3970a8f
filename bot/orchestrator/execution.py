"""What the steps of one run act with: who asked and where, the trace, the retry budget."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.integrations.base import ToolContext
from bot.orchestrator.resilience import RetryBudget
from bot.orchestrator.trace import RunTrace

# Shows a status line while the run works (the assistant panel's "is thinking…").
ProgressCallback = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class ExecutionContext:
    tool_context: ToolContext
    trace: RunTrace
    budget: RetryBudget
    request_is_dm: bool
    progress: ProgressCallback | None = None
    # False when the model's context quotes other people (thread replies): then every call
    # the rule holds waits for the member, whatever their learned policy says (SPEC §11).
    use_learned_policy: bool = True
