"""Aggregations behind `/stats`, the daily digest and `kaizen stats`.

Everything is computed in the database (GROUP BY, window functions) and only
aggregated rows come back: a window of 100,000 runs returns a few hundred rows
at most. Every query is scoped by `team_id` and a half-open time window
`[since, until)` on `Run.started_at`, which the `(team_id, started_at)` index serves.
Percentiles are nearest-rank (see `percentiles`); times are UTC (see `expressions`).
"""

from __future__ import annotations

from storage.repositories.analytics.expressions import FINISHED
from storage.repositories.analytics.outcomes import (
    FEEDBACK_ACTION,
    confirmation_counts,
    feedback_counts,
    pending_action_count,
    undo_counts,
)
from storage.repositories.analytics.percentiles import PERCENTILES, nearest_rank
from storage.repositories.analytics.rows import (
    DayRow,
    ErrorRow,
    FeedbackCounts,
    Percentiles,
    RunReport,
    RunTotals,
    SpecialistRow,
    StepReport,
    ToolRow,
    UndoCounts,
    UsageCell,
)
from storage.repositories.analytics.runs import (
    run_latency,
    run_report,
    run_totals,
    teams_with_runs,
    usage_by_weekday_hour,
)
from storage.repositories.analytics.steps import CALLED, SAVED_PREFIX, step_report

__all__ = [
    "CALLED",
    "FEEDBACK_ACTION",
    "FINISHED",
    "PERCENTILES",
    "SAVED_PREFIX",
    "DayRow",
    "ErrorRow",
    "FeedbackCounts",
    "Percentiles",
    "RunReport",
    "RunTotals",
    "SpecialistRow",
    "StepReport",
    "ToolRow",
    "UndoCounts",
    "UsageCell",
    "confirmation_counts",
    "feedback_counts",
    "nearest_rank",
    "pending_action_count",
    "run_latency",
    "run_report",
    "run_totals",
    "step_report",
    "teams_with_runs",
    "undo_counts",
    "usage_by_weekday_hour",
]
