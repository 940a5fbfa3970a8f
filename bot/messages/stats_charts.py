"""The titles, axes and labels of the `/stats` and digest charts."""

from __future__ import annotations

from bot.messages.plural import plural


def overview_chart_title(days: int) -> str:
    return f"Kaizen — last {plural(days, 'day')}"


LATENCY_CHART_TITLE = "Run latency per day (UTC)"
SUCCESS_CHART_TITLE = "Success by specialist"
USAGE_CHART_TITLE = "Usage by weekday and hour"
NO_RUNS_YET_LABEL = "no runs yet"
NO_FINISHED_RUNS_YET_LABEL = "no finished runs yet"
SUCCESS_AXIS = "success rate (%)"
HOUR_AXIS = "hour (UTC)"
RUNS_AXIS = "runs"
SECONDS_AXIS = "seconds"
MILLISECONDS_AXIS = "milliseconds"


def success_bar_label(percent: float, finished: int) -> str:
    return f"{percent:.0f}% of {finished:,}"
