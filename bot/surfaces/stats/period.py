"""The headline numbers of one window, and what changed between two windows, in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.messages import stats as words
from bot.surfaces.stats.formatting import (
    duration,
    percent,
    signed,
    signed_duration,
    signed_usd,
    usd,
)
from bot.surfaces.stats.numbers import rate, rounded


@dataclass(frozen=True)
class PeriodSummary:
    """The headline numbers of one window, for comparisons."""

    since: datetime
    until: datetime
    runs: int
    finished: int
    succeeded: int
    p95_ms: float | None
    cost_usd: float
    health: float | None

    @property
    def success_rate(self) -> float | None:
        return rate(self.succeeded, self.finished)

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "runs": self.runs,
            "finished": self.finished,
            "succeeded": self.succeeded,
            "success_rate": rounded(self.success_rate, 4),
            "p95_ms": rounded(self.p95_ms, 3),
            "cost_usd": round(self.cost_usd, 6),
            "health": rounded(self.health, 4),
        }


def describe_changes(before: PeriodSummary, after: PeriodSummary, *, days: int) -> list[str]:
    """Lines such as "Runs: 120 (+20 since yesterday)"; empty when both windows are empty."""
    if before.runs == 0 and after.runs == 0:
        return []
    since = words.compared_with(days)
    lines = [words.runs_change(after.runs, signed(after.runs - before.runs), since)]
    if after.success_rate is not None and before.success_rate is not None:
        points = (after.success_rate - before.success_rate) * 100
        lines.append(words.success_change(percent(after.success_rate), points))
    elif after.success_rate is not None:
        lines.append(words.success_change(percent(after.success_rate), None))
    if after.p95_ms is not None and before.p95_ms is not None:
        change = signed_duration(after.p95_ms - before.p95_ms)
        lines.append(words.latency_change(duration(after.p95_ms), change))
    if after.cost_usd or before.cost_usd:
        change = signed_usd(after.cost_usd - before.cost_usd)
        lines.append(words.cost_change(usd(after.cost_usd), change))
    if after.health is not None and before.health is not None:
        lines.append(words.health_change(after.health, after.health - before.health))
    return lines
