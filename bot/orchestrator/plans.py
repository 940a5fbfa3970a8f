"""Plans: the steps a request becomes, and the dependencies between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Pattern(StrEnum):
    DIRECT = "direct"  # one step
    PARALLEL = "parallel"  # several independent steps
    GRAPH = "graph"  # steps with dependencies (possibly an aggregating last step)


@dataclass(frozen=True)
class PlannedStep:
    """One tool call in a plan.

    `key` is unique within the plan ("s1", "s2", …). An `aggregate` step fills its
    `text` argument from the summaries of the steps it depends on when the
    argument is missing ("archive #a and tell #general" → the post says what was
    archived).
    """

    key: str
    tool: str  # qualified tool name: "slack.archive_channel"
    arguments: dict[str, Any]
    depends_on: tuple[str, ...] = ()
    aggregate: bool = False


@dataclass(frozen=True)
class Plan:
    steps: tuple[PlannedStep, ...] = ()
    reply: str | None = None  # an answer that needs no tool
    intent: str | None = None  # special intents the orchestrator handles itself: "undo", "help"
    reasoning: str = ""  # why this plan, in a sentence (traced)
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def pattern(self) -> Pattern:
        if len(self.steps) <= 1:
            return Pattern.DIRECT
        if any(step.depends_on for step in self.steps):
            return Pattern.GRAPH
        return Pattern.PARALLEL

    def validate(self) -> None:
        """Raise ValueError for unknown dependencies, duplicate keys or a cycle."""
        keys = [step.key for step in self.steps]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate step keys")
        known = set(keys)
        for step in self.steps:
            missing = set(step.depends_on) - known
            if missing:
                raise ValueError(f"step {step.key} depends on unknown {sorted(missing)}")
        _topological_order(self.steps)


def _topological_order(steps: tuple[PlannedStep, ...]) -> list[PlannedStep]:
    by_key = {step.key: step for step in steps}
    done: set[str] = set()
    order: list[PlannedStep] = []
    visiting: set[str] = set()

    def visit(key: str) -> None:
        if key in done:
            return
        if key in visiting:
            raise ValueError("the plan has a cycle")
        visiting.add(key)
        for dependency in by_key[key].depends_on:
            visit(dependency)
        visiting.discard(key)
        done.add(key)
        order.append(by_key[key])

    for step in steps:
        visit(step.key)
    return order


def topological_order(plan: Plan) -> list[PlannedStep]:
    return _topological_order(plan.steps)
