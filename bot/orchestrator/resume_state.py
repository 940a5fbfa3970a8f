"""What a waiting run stores to resume: its plan or model conversation, and its outcomes.

Two shapes, told apart by "planner": "offline" resumes as a plan (the steps
left to run), "model" resumes the model loop from its stored messages.
"""

from __future__ import annotations

from typing import Any

from bot.orchestrator.model_loop import LoopResult
from bot.orchestrator.outcome import StepOutcome
from bot.planning.plans import Pattern, Plan, PlannedStep


def plan_state(
    plan: Plan, outcomes: dict[str, StepOutcome], executed: Pattern, planner: str
) -> dict[str, Any]:
    return {
        "planner": "offline",  # resumes as a plan
        "run_planner": planner,  # what the run records: offline or workflow
        "pattern": executed.value,
        "steps": [_step_state(s) for s in plan.steps],
        "outcomes": outcomes_state(outcomes),
    }


def model_state(result: LoopResult, pattern: str) -> dict[str, Any]:
    return {
        "planner": "model",
        "pattern": pattern,
        "messages": result.messages,
        "call_ids": result.call_ids,
        "turns": result.turns,
        "outcomes": outcomes_state(result.outcomes),
    }


def outcomes_state(outcomes: dict[str, StepOutcome]) -> dict[str, Any]:
    return {k: o.as_state() for k, o in outcomes.items()}


def outcomes_of(state: dict[str, Any]) -> dict[str, StepOutcome]:
    return {k: StepOutcome.from_state(v) for k, v in state["outcomes"].items()}


def steps_of(state: dict[str, Any]) -> list[PlannedStep]:
    return [
        PlannedStep(
            key=s["key"],
            tool=s["tool"],
            arguments=s["arguments"],
            depends_on=tuple(s["depends_on"]),
            aggregate=s["aggregate"],
        )
        for s in state["steps"]
    ]


def _step_state(step: PlannedStep) -> dict[str, Any]:
    return {
        "key": step.key,
        "tool": step.tool,
        "arguments": step.arguments,
        "depends_on": list(step.depends_on),
        "aggregate": step.aggregate,
    }
