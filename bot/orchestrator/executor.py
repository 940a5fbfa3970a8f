"""Running a plan's steps: dependencies, bounded concurrency, the gate, retries, undo records."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.integrations.base import Tool, ToolError, ToolResult
from bot.integrations.registry import ToolRegistry
from bot.integrations.schema import InvalidArguments, check_arguments
from bot.messages import run as say
from bot.orchestrator.execution import ExecutionContext
from bot.orchestrator.gate import LearnedPolicy, gate
from bot.orchestrator.outcome import AWAITING, DONE, FAILED, SKIPPED, StepOutcome
from bot.orchestrator.resilience import call_with_retries
from bot.orchestrator.undo import UndoService
from bot.planning.plans import PlannedStep
from bot.runtime.metrics import Metrics

logger = logging.getLogger(__name__)

MAX_PARALLEL_STEPS = 4
LONG_WAIT_SECONDS = 2.0


class StepExecutor:
    """Runs steps through the gate: each either runs, waits for a yes, fails or is skipped.

    `policy` is the members' learned confirmation policy; None: always ask as the rule says.
    """

    def __init__(
        self,
        tools: ToolRegistry,
        undo: UndoService,
        metrics: Metrics,
        policy: LearnedPolicy | None = None,
    ) -> None:
        self._tools = tools
        self._undo = undo
        self._metrics = metrics
        self._policy = policy

    async def run_plan(
        self,
        steps: list[PlannedStep],
        execution: ExecutionContext,
        outcomes: dict[str, StepOutcome] | None = None,
        *,
        confirmed: frozenset[str] = frozenset(),
        max_parallel: int = MAX_PARALLEL_STEPS,
    ) -> dict[str, StepOutcome]:
        """Run every step whose dependencies are done, wave by wave; return all outcomes."""
        outcomes = dict(outcomes or {})
        semaphore = asyncio.Semaphore(max(1, max_parallel))
        while True:
            ready = [s for s in steps if s.key not in outcomes and _deps_settled(s, outcomes)]
            if not ready:
                return outcomes

            async def run_one(step: PlannedStep) -> StepOutcome:
                async with semaphore:
                    return await self._run_step(
                        step, execution, outcomes, confirmed=step.key in confirmed
                    )

            for outcome in await asyncio.gather(*(run_one(step) for step in ready)):
                outcomes[outcome.key] = outcome

    async def _run_step(
        self,
        step: PlannedStep,
        execution: ExecutionContext,
        outcomes: dict[str, StepOutcome],
        *,
        confirmed: bool,
    ) -> StepOutcome:
        blocked = [outcomes[d] for d in step.depends_on if outcomes[d].status != DONE]
        if blocked:
            return await self._skip(step, execution, blocked)
        tool = self._tools.get(step.tool)
        if tool is None:
            return await self._fail(step, execution, "unknown_tool", say.no_such_tool(step.tool))
        arguments = _with_aggregate_text(step, outcomes)
        try:
            check_arguments(tool.parameters, arguments)
        except InvalidArguments as error:
            return await self._fail(step, execution, "invalid_arguments", str(error), arguments)
        if not confirmed:
            context = execution.tool_context
            verdict = await gate(
                tool,
                arguments,
                request_channel=context.channel_id,
                request_is_dm=execution.request_is_dm,
                tainted=execution.trace.tainted,
                team_id=context.team_id,
                user_id=context.user_id,
                policy=self._policy if execution.use_learned_policy else None,
            )
            if verdict.reason:
                return await self._await_confirmation(
                    step, tool, arguments, verdict.reason, execution
                )
            if verdict.auto_reason:
                return await self._run_without_asking(
                    step, tool, arguments, execution, verdict.auto_reason
                )
        return await self.execute(step, tool, arguments, execution)

    async def _run_without_asking(
        self,
        step: PlannedStep,
        tool: Tool,
        arguments: dict[str, Any],
        execution: ExecutionContext,
        auto_reason: str,
    ) -> StepOutcome:
        """The rule would ask, the member's policy says go: run, and say why it didn't ask."""
        execution.trace.note_reasoning(say.ran_without_asking(tool.qualified_name, auto_reason))
        outcome = await self.execute(step, tool, arguments, execution, auto_reason=auto_reason)
        if outcome.status == DONE and self._policy is not None:
            context = execution.tool_context
            try:
                await self._policy.auto_executed(
                    team_id=context.team_id,
                    user_id=context.user_id,
                    pattern=tool.qualified_name,
                    run_id=context.run_id,
                )
            except Exception:
                logger.exception("could not record %s done without asking", tool.qualified_name)
        return outcome

    async def execute(
        self,
        step: PlannedStep,
        tool: Tool,
        arguments: dict[str, Any],
        execution: ExecutionContext,
        *,
        auto_reason: str | None = None,
    ) -> StepOutcome:
        """Run the tool now (the gate has been passed), with retries; trace and record undo."""
        if execution.progress is not None:
            await execution.progress(say.working_on(tool.name.replace("_", " ")))
        started = time.perf_counter()
        try:
            result = await call_with_retries(
                lambda: tool.run(execution.tool_context, arguments),
                budget=execution.budget,
                on_wait=self._waiting(execution),
            )
        except ToolError as error:
            return await self._fail(
                step,
                execution,
                error.error_class,
                error.message,
                arguments,
                duration_ms=(time.perf_counter() - started) * 1000,
            )
        except Exception as error:  # a bug in a tool must not take the run down
            logger.exception("tool %s crashed", tool.qualified_name)
            return await self._fail(
                step,
                execution,
                type(error).__name__,
                say.TOOL_CRASHED,
                arguments,
                duration_ms=(time.perf_counter() - started) * 1000,
            )
        execution.trace.retries = execution.budget.used
        elapsed = time.perf_counter() - started
        self._metrics.tool_seconds.labels(tool=tool.qualified_name).observe(elapsed)
        return await self._succeed(
            step, tool, arguments, result, execution, elapsed * 1000, auto_reason
        )

    async def _succeed(
        self,
        step: PlannedStep,
        tool: Tool,
        arguments: dict[str, Any],
        result: ToolResult,
        execution: ExecutionContext,
        duration_ms: float,
        auto_reason: str | None = None,
    ) -> StepOutcome:
        if result.outside_content:
            execution.trace.tainted = True
        entry_id = await self._undo.record(execution.tool_context, tool.qualified_name, result)
        summary = result.summary
        if auto_reason:  # analytics count these by the prefix
            summary = f"done without asking ({auto_reason}): {result.summary}"
        await execution.trace.record_step(
            kind="tool",
            step_key=step.key,
            tool=tool.qualified_name,
            arguments=arguments,
            depends_on=step.depends_on,
            summary=summary,
            duration_ms=duration_ms,
        )
        return StepOutcome(
            step.key,
            tool.qualified_name,
            DONE,
            result.summary,
            undo_entry_id=entry_id,
            undo_label=result.undo.description if result.undo else None,
            data=result.data,
            auto_reason=auto_reason,
        )

    async def _await_confirmation(
        self,
        step: PlannedStep,
        tool: Tool,
        arguments: dict[str, Any],
        reason: str,
        execution: ExecutionContext,
    ) -> StepOutcome:
        try:
            description = await tool.describe(execution.tool_context, arguments)
        except ToolError as error:
            return await self._fail(step, execution, error.error_class, error.message, arguments)
        await execution.trace.record_step(
            kind="tool",
            step_key=step.key,
            tool=tool.qualified_name,
            arguments=arguments,
            depends_on=step.depends_on,
            summary=f"waiting for confirmation: {description}",
            status=AWAITING,
            success=False,
        )
        return StepOutcome(
            step.key,
            tool.qualified_name,
            AWAITING,
            description,
            confirmation=(description, reason),
            data={"arguments": arguments},
        )

    async def _fail(
        self,
        step: PlannedStep,
        execution: ExecutionContext,
        error_class: str,
        message: str,
        arguments: dict[str, Any] | None = None,
        duration_ms: float = 0.0,
    ) -> StepOutcome:
        await execution.trace.record_step(
            kind="tool",
            step_key=step.key,
            tool=step.tool,
            arguments=arguments or step.arguments,
            depends_on=step.depends_on,
            summary=message,
            status=FAILED,
            success=False,
            error_class=error_class,
            duration_ms=duration_ms,
        )
        return StepOutcome(step.key, step.tool, FAILED, message, error_class=error_class)

    async def _skip(
        self, step: PlannedStep, execution: ExecutionContext, blocked: list[StepOutcome]
    ) -> StepOutcome:
        why = ", ".join(f"{o.key} {o.status}" for o in blocked)
        await execution.trace.record_step(
            kind="tool",
            step_key=step.key,
            tool=step.tool,
            arguments=step.arguments,
            depends_on=step.depends_on,
            summary=f"skipped: {why}",
            status=SKIPPED,
            success=False,
        )
        return StepOutcome(step.key, step.tool, SKIPPED, f"skipped because {why}")

    def _waiting(self, execution: ExecutionContext) -> Callable[..., Awaitable[None]]:
        async def on_wait(seconds: float, attempt: int, error: BaseException) -> None:
            if execution.progress is not None and seconds >= LONG_WAIT_SECONDS:
                await execution.progress(say.waiting_for_busy_service(seconds, attempt + 1))

        return on_wait


def _deps_settled(step: PlannedStep, outcomes: dict[str, StepOutcome]) -> bool:
    """Ready when every dependency has an outcome that is not still awaiting a decision."""
    return all(d in outcomes and outcomes[d].status != AWAITING for d in step.depends_on)


def _with_aggregate_text(step: PlannedStep, outcomes: dict[str, StepOutcome]) -> dict[str, Any]:
    if not step.aggregate or step.arguments.get("text"):
        return dict(step.arguments)
    lines = [outcomes[d].summary for d in step.depends_on if outcomes[d].status == DONE]
    return {**step.arguments, "text": " ".join(lines) or "Done."}
