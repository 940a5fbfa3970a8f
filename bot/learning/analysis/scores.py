"""How sure a pattern is (Beta posteriors, `bot.learning.estimators`); small sample helpers."""

from __future__ import annotations

from typing import Any

from bot.learning.analysis.kinds import EVIDENCE_SAMPLES, PROBLEM_FLOOR
from bot.learning.estimators import PRIOR, lower_bound, regularized_beta


def confidence(hits: float, misses: float) -> float:
    """How high the rate is, surely: the 80 % lower credible bound of hits / (hits + misses)."""
    return lower_bound(hits, misses)


def problem_confidence(
    hits: float, misses: float, *, floor: float = PROBLEM_FLOOR, minimum: int = 1
) -> float:
    """How sure we are that a problem is real: P(its rate > `floor`) under the posterior.

    Zero below `minimum` occurrences: one bad run is an anecdote, not a pattern.
    """
    if hits < minimum:
        return 0.0
    return 1.0 - regularized_beta(floor, PRIOR + hits, PRIOR + misses)


def recent(old: list[Any] | None, new: list[Any], limit: int = EVIDENCE_SAMPLES) -> list[Any]:
    merged = list(old or []) + [item for item in new if item not in (old or [])]
    return merged[-limit:]


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
