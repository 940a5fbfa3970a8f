"""Figures about runs and tool calls: latency, per specialist, per tool, per error, per day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.surfaces.stats.numbers import rate, rounded
from storage.repositories import analytics as store


@dataclass(frozen=True)
class Latency:
    samples: int = 0
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None

    @classmethod
    def of(cls, found: store.Percentiles) -> Latency:
        return cls(found.count, found.get(50), found.get(95), found.get(99))

    def to_json(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "p50_ms": rounded(self.p50_ms, 3),
            "p95_ms": rounded(self.p95_ms, 3),
            "p99_ms": rounded(self.p99_ms, 3),
        }


@dataclass(frozen=True)
class SpecialistFigures:
    name: str
    runs: int
    finished: int
    succeeded: int
    success_rate: float | None
    latency: Latency
    cost_usd: float

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "runs": self.runs,
            "finished": self.finished,
            "succeeded": self.succeeded,
            "success_rate": rounded(self.success_rate, 4),
            "latency": self.latency.to_json(),
            "cost_usd": round(self.cost_usd, 6),
        }


@dataclass(frozen=True)
class ToolFigures:
    tool: str
    calls: int
    succeeded: int
    failed: int
    success_rate: float | None
    p50_ms: float | None
    p95_ms: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "calls": self.calls,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "success_rate": rounded(self.success_rate, 4),
            "p50_ms": rounded(self.p50_ms, 3),
            "p95_ms": rounded(self.p95_ms, 3),
        }


@dataclass(frozen=True)
class ErrorFigures:
    error_class: str
    count: int
    tool: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"error_class": self.error_class, "count": self.count, "tool": self.tool}


@dataclass(frozen=True)
class DayFigures:
    day: date
    runs: int
    finished: int
    succeeded: int
    latency: Latency
    cost_usd: float

    @property
    def success_rate(self) -> float | None:
        return rate(self.succeeded, self.finished)

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "runs": self.runs,
            "finished": self.finished,
            "succeeded": self.succeeded,
            "success_rate": rounded(self.success_rate, 4),
            "latency": self.latency.to_json(),
            "cost_usd": round(self.cost_usd, 6),
        }
