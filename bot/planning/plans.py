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


@dataclass(frozen=True)
class PatternRecord:
    """How a pattern has done for one kind of task (from stored execution stats)."""

    pattern: str
    runs: int
    successes: int
    failures: int
    total_ms: float

    @property
    def success_rate(self) -> float:
        return (self.successes + 1) / (self.runs + 2)  # Beta(1, 1) smoothing

    @property
    def mean_ms(self) -> float:
        return self.total_ms / self.runs if self.runs else float("inf")


AVOID_AFTER_FAILURES = 3


def recommend_pattern(records: list[PatternRecord]) -> Pattern | None:
    """The pattern with the best smoothed success rate, then the shortest mean time.

    A pattern that failed three times or more for this kind of task is avoided while
    another one has a better record. None when there is no history yet.
    """
    usable = [r for r in records if r.failures < AVOID_AFTER_FAILURES] or records
    if not usable:
        return None
    best = max(usable, key=lambda r: (round(r.success_rate, 2), -r.mean_ms))
    return Pattern(best.pattern)
