"""A workflow's steps: taken from a run's successful tool calls, and run again as a `Plan`."""

from __future__ import annotations

import re
from typing import Any

from bot.messages import workflows as say
from bot.planning.plans import Plan, PlannedStep
from storage.models import RunStep
from storage.models.learning import SavedWorkflow

MAX_STEPS = 20


def steps_from_run(rows: list[RunStep]) -> list[dict[str, Any]]:
    """The successful tool calls of a run, as workflow steps with dependencies kept."""
    done = [r for r in rows if r.kind == "tool" and r.tool and r.status == "done"][:MAX_STEPS]
    keys = {row.step_key: f"w{index + 1}" for index, row in enumerate(done)}
    turns: dict[int, list[str]] = {}
    for row in done:
        turn = _turn(row.step_key)
        if turn is not None:
            turns.setdefault(turn, []).append(keys[row.step_key])
    steps: list[dict[str, Any]] = []
    for row in done:
        depends = [keys[d] for d in row.depends_on if d in keys]
        turn = _turn(row.step_key)
        if not depends and turn is not None:
            earlier = [t for t in turns if t < turn]
            depends = list(turns[max(earlier)]) if earlier else []
        arguments = dict(row.arguments or {})
        steps.append(
            {
                "key": keys[row.step_key],
                "tool": row.tool,
                "arguments": arguments,
                "depends_on": depends,
                "aggregate": bool(
                    depends
                    and (row.tool or "").endswith("post_message")
                    and "text" not in arguments
                ),
            }
        )
    return steps


def _turn(step_key: str) -> int | None:
    found = re.match(r"^t(\d+)_\d+$", step_key or "")
    return int(found.group(1)) if found else None


def sequential(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "key": f"w{index + 1}",
            "tool": item["tool"],
            "arguments": item["arguments"],
            "depends_on": [f"w{index}"] if index else [],
            "aggregate": False,
        }
        for index, item in enumerate(items)
    ]


def plan_of(workflow: SavedWorkflow) -> Plan:
    steps = tuple(
        PlannedStep(
            key=str(step["key"]),
            tool=str(step["tool"]),
            arguments=dict(step.get("arguments") or {}),
            depends_on=tuple(step.get("depends_on") or ()),
            aggregate=bool(step.get("aggregate")),
        )
        for step in workflow.steps
    )
    plan = Plan(
        steps=steps,
        reasoning=say.plan_reasoning(workflow.name, workflow.number, len(steps)),
        extras={"workflow": workflow.name, "workflow_version": workflow.number},
    )
    plan.validate()
    return plan
