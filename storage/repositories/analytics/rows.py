"""The rows the analytics queries return: totals, percentiles and per-group reports."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Percentiles:
    """Nearest-rank percentiles of `count` values; None where there are no values."""

    count: int = 0
    values: dict[int, float] = field(default_factory=dict)

    def get(self, percentile: int) -> float | None:
        return self.values.get(percentile)


@dataclass(frozen=True)
class RunTotals:
    runs: int = 0
    finished: int = 0
    succeeded: int = 0
    failed: int = 0
    timed: int = 0  # runs with a duration (finished ones)
    cost_usd: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    retries: int = 0

    def __add__(self, other: RunTotals) -> RunTotals:
        return RunTotals(*(getattr(self, name) + getattr(other, name) for name in _TOTAL_FIELDS))


_TOTAL_FIELDS = tuple(RunTotals.__dataclass_fields__)


@dataclass(frozen=True)
class SpecialistRow:
    specialist: str
    totals: RunTotals
    latency: Percentiles


@dataclass(frozen=True)
class DayRow:
    day: str  # YYYY-MM-DD, UTC
    totals: RunTotals
    latency: Percentiles


@dataclass(frozen=True)
class ErrorRow:
    error_class: str
    count: int
    tool: str | None = None  # set for tool-step errors


@dataclass(frozen=True)
class RunReport:
    """The window's runs: overall, per specialist (busiest first), per day, error classes."""

    totals: RunTotals
    latency: Percentiles
    specialists: list[SpecialistRow]
    days: list[DayRow]
    errors: list[ErrorRow]


@dataclass(frozen=True)
class ToolRow:
    tool: str
    calls: int
    succeeded: int
    failed: int
    latency: Percentiles


@dataclass(frozen=True)
class StepReport:
    """The window's steps: per tool (most called first), tool errors, confirmations saved."""

    tools: list[ToolRow]
    errors: list[ErrorRow]
    saved: int


@dataclass(frozen=True)
class UsageCell:
    weekday: int  # 0 = Sunday … 6 = Saturday (UTC)
    hour: int  # 0 … 23 (UTC)
    runs: int


@dataclass(frozen=True)
class FeedbackCounts:
    positive: int = 0
    negative: int = 0


@dataclass(frozen=True)
class UndoCounts:
    recorded: int = 0  # undoable actions recorded in the window
    undone: int = 0  # of those, undone
