"""The model loop: Chat Completions with function tools until the model answers.

Each assistant turn's tool calls run as one batch (concurrently when several).
Calls that must be confirmed stop the loop; it resumes from the stored
messages once the member has decided.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.integrations.registry import ToolRegistry
from bot.integrations.schema import InvalidArguments, parse_arguments
from bot.llm import ChatModel, ModelReply
from bot.messages.run import STEP_LIMIT_REACHED
from bot.orchestrator.budgets import cost_of
from bot.orchestrator.execution import ExecutionContext
from bot.orchestrator.executor import StepExecutor
from bot.orchestrator.outcome import AWAITING, CANCELLED, DONE, StepOutcome
from bot.orchestrator.specialists import Specialist
from bot.planning.plans import PlannedStep

DATA_LIMIT = 6_000


@dataclass(frozen=True)
class Pricing:
    input_per_million: float = 0.25
    output_per_million: float = 2.0


@dataclass
class LoopResult:
    answer: str = ""
    outcomes: dict[str, StepOutcome] = field(default_factory=dict)
    waiting: bool = False
    messages: list[dict[str, Any]] = field(default_factory=list)
    call_ids: dict[str, str] = field(default_factory=dict)  # step key → tool_call id
    turns: int = 0
    limit_hit: bool = False


class ModelLoop:
    def __init__(
        self,
        model: ChatModel,
        tools: ToolRegistry,
        executor: StepExecutor,
        *,
        max_turns: int = 6,
        pricing: Pricing | None = None,
    ) -> None:
        self._model = model
        self._tools = tools
        self._executor = executor
        self._max_turns = max_turns
        self._pricing = pricing or Pricing()

    async def run(
        self,
        messages: list[dict[str, Any]],
        agent: Specialist,
        execution: ExecutionContext,
        *,
        turns_used: int = 0,
        outcomes: dict[str, StepOutcome] | None = None,
    ) -> LoopResult:
        """Turn after turn until the model answers, a call must be confirmed, or the limit."""
        outcomes = dict(outcomes or {})
        for turn in range(turns_used, self._max_turns):
            reply = await self._complete(messages, agent, execution)
            if not reply.tool_calls:
                return LoopResult(
                    answer=reply.text, outcomes=outcomes, messages=messages, turns=turn + 1
                )
            execution.trace.note_reasoning(reply.text)
            messages.append(reply.as_message())
            batch = await self._run_batch(reply, turn, agent, execution, messages)
            outcomes.update(batch.outcomes)
            if batch.waiting:
                return LoopResult(
                    outcomes=outcomes,
                    waiting=True,
                    messages=messages,
                    call_ids=batch.call_ids,
                    turns=turn + 1,
                )
        return LoopResult(
            answer=STEP_LIMIT_REACHED,
            outcomes=outcomes,
            messages=messages,
            turns=self._max_turns,
            limit_hit=True,
        )

    async def _complete(
        self, messages: list[dict[str, Any]], agent: Specialist, execution: ExecutionContext
    ) -> ModelReply:
        reply = await self._model.complete(
            messages, tools=agent.openai_tools() or None, temperature=agent.config.temperature
        )
        cost = cost_of(
            reply.prompt_tokens,
            reply.completion_tokens,
            input_per_million=self._pricing.input_per_million,
            output_per_million=self._pricing.output_per_million,
        )
        execution.trace.add_usage(reply.prompt_tokens, reply.completion_tokens, cost)
        await execution.trace.record_step(
            kind="model",
            summary=reply.text or f"{len(reply.tool_calls)} tool call(s)",
            arguments={"tool_calls": [c.name for c in reply.tool_calls]},
        )
        return reply

    async def _run_batch(
        self,
        reply: ModelReply,
        turn: int,
        agent: Specialist,
        execution: ExecutionContext,
        messages: list[dict[str, Any]],
    ) -> LoopResult:
        steps: list[PlannedStep] = []
        call_ids: dict[str, str] = {}
        for index, call in enumerate(reply.tool_calls):
            key = f"t{turn}_{index}"
            # Only the specialist's own tools: a call to anything else has no side effect.
            tool = next((t for t in agent.tools if t.function_name == call.name), None)
            try:
                arguments = parse_arguments(call.arguments)
            except InvalidArguments as error:
                messages.append(tool_message(call.id, f"error: {error}; nothing was done"))
                continue
            if tool is None:
                messages.append(
                    tool_message(call.id, f"error: there is no tool {call.name}; nothing was done")
                )
                continue
            steps.append(PlannedStep(key=key, tool=tool.qualified_name, arguments=arguments))
            call_ids[key] = call.id
        outcomes = await self._executor.run_plan(steps, execution)
        waiting = any(o.status == AWAITING for o in outcomes.values())
        if not waiting:
            append_results(messages, outcomes, call_ids)
        return LoopResult(outcomes=outcomes, waiting=waiting, call_ids=call_ids)


def append_results(
    messages: list[dict[str, Any]], outcomes: dict[str, StepOutcome], call_ids: dict[str, str]
) -> None:
    """Answer every tool call of the batch, in order, as the API requires."""
    for key, call_id in call_ids.items():
        outcome = outcomes.get(key)
        messages.append(tool_message(call_id, _result_text(outcome)))


def _result_text(outcome: StepOutcome | None) -> str:
    if outcome is None:
        return "error: not run"
    if outcome.status == DONE:
        payload = json.dumps(outcome.data, default=str)[:DATA_LIMIT] if outcome.data else ""
        body = f"{outcome.summary}\n{payload}" if payload else outcome.summary
        return f'ok: <data source="{outcome.tool}">\n{body}\n</data>'
    if outcome.status == CANCELLED:
        return "cancelled: the member declined this action; do not retry it"
    return f"{outcome.status}: {outcome.summary}"


def tool_message(call_id: str, content: str) -> dict[str, Any]:
    return {"role": "tool", "tool_call_id": call_id, "content": content}
