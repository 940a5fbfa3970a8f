"""Workspace figures for `/stats`, the daily digest and `kaizen stats`: one window's numbers.

`compute.py` fills them from SQL aggregations; the parts live beside this module
(`run_figures`, `outcomes`, `usage`, `health`, `learning_status`, `period`). Times are UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.surfaces.stats.health import HealthScore
from bot.surfaces.stats.learning_status import LearningStatus
from bot.surfaces.stats.numbers import rate, rounded
from bot.surfaces.stats.outcomes import Confirmations, Costs, Feedback, Undos
from bot.surfaces.stats.period import PeriodSummary, describe_changes
from bot.surfaces.stats.run_figures import (
    DayFigures,
    ErrorFigures,
    Latency,
    SpecialistFigures,
    ToolFigures,
)
from bot.surfaces.stats.usage import Usage

DEFAULT_DAYS = 7
MAX_DAYS = 365


@dataclass(frozen=True)
class WorkspaceFigures:
    team_id: str
    days: int
    since: datetime
    until: datetime
    runs: int
    finished: int
    succeeded: int
    failed: int
    retries: int
    latency: Latency
    specialists: list[SpecialistFigures]
    tools: list[ToolFigures]
    errors: list[ErrorFigures]
    tool_errors: list[ErrorFigures]
    confirmations: Confirmations
    undos: Undos
    feedback: Feedback
    costs: Costs
    usage: Usage
    per_day: list[DayFigures]
    health: HealthScore
    learning: LearningStatus
    previous: PeriodSummary

    @property
    def success_rate(self) -> float | None:
        return rate(self.succeeded, self.finished)

    @property
    def is_empty(self) -> bool:
        return self.runs == 0

    @property
    def current(self) -> PeriodSummary:
        return PeriodSummary(
            since=self.since,
            until=self.until,
            runs=self.runs,
            finished=self.finished,
            succeeded=self.succeeded,
            p95_ms=self.latency.p95_ms,
            cost_usd=self.costs.usd,
            health=self.health.score,
        )

    def slowest_tools(self, count: int = 3) -> list[ToolFigures]:
        timed = [tool for tool in self.tools if tool.p95_ms is not None]
        return sorted(timed, key=lambda tool: (-(tool.p95_ms or 0.0), tool.tool))[:count]

    def failing_tools(self, count: int = 3) -> list[ToolFigures]:
        failing = [tool for tool in self.tools if tool.failed > 0]
        return sorted(failing, key=lambda tool: (-tool.failed, tool.tool))[:count]

    def changes(self) -> list[str]:
        """What changed since the previous window, in words."""
        return describe_changes(self.previous, self.current, days=self.days)

    def to_json(self) -> dict[str, Any]:
        return {
            "team_id": self.team_id,
            "days": self.days,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "runs": self.runs,
            "finished": self.finished,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "success_rate": rounded(self.success_rate, 4),
            "retries": self.retries,
            "latency": self.latency.to_json(),
            "health": self.health.to_json(),
            "specialists": [item.to_json() for item in self.specialists],
            "tools": [item.to_json() for item in self.tools],
            "errors": [item.to_json() for item in self.errors],
            "tool_errors": [item.to_json() for item in self.tool_errors],
            "confirmations": self.confirmations.to_json(),
            "undos": self.undos.to_json(),
            "feedback": self.feedback.to_json(),
            "costs": self.costs.to_json(),
            "usage": self.usage.to_json(),
            "per_day": [item.to_json() for item in self.per_day],
            "learning": self.learning.to_json(),
            "previous": self.previous.to_json(),
            "changes": self.changes(),
        }
