"""Run figures for a window: totals, latency percentiles, per specialist and day, usage."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.runs import Run
from storage.repositories.analytics.expressions import (
    day_of,
    hour_of,
    run_totals_columns,
    run_window,
    totals_of,
    weekday_of,
)
from storage.repositories.analytics.percentiles import percentiles_by_group
from storage.repositories.analytics.rows import (
    DayRow,
    ErrorRow,
    Percentiles,
    RunReport,
    RunTotals,
    SpecialistRow,
    UsageCell,
)


async def run_totals(
    session: AsyncSession, *, team_id: str, since: datetime, until: datetime
) -> RunTotals:
    """Runs started in the window: how many, finished, succeeded, failed, cost and tokens."""
    statement = select(*run_totals_columns()).where(*run_window(team_id, since, until))
    return totals_of((await session.execute(statement)).one())


async def run_latency(
    session: AsyncSession, *, team_id: str, since: datetime, until: datetime, timed: int
) -> Percentiles:
    """P50/P95/P99 of `Run.duration_ms` in the window; `timed` is `RunTotals.timed`."""
    found = await percentiles_by_group(
        session,
        value=col(Run.duration_ms),
        group=None,
        source=Run,
        where=run_window(team_id, since, until),
        counts={None: timed},
    )
    return found.get(None, Percentiles())


async def run_report(
    session: AsyncSession,
    *,
    team_id: str,
    since: datetime,
    until: datetime,
    error_limit: int = 20,
) -> RunReport:
    """Totals and P50/P95/P99 latency overall, per specialist and per UTC day; error classes.

    One GROUP BY (specialist, day) gives every total; three window queries give the
    percentiles; one GROUP BY gives the error classes.
    """
    window = run_window(team_id, since, until)
    day = day_of(session, col(Run.started_at))
    result = await session.execute(
        select(col(Run.specialist), day.label("day"), *run_totals_columns())
        .where(*window)
        .group_by(col(Run.specialist), day)
    )
    by_specialist: dict[str, RunTotals] = {}
    by_day: dict[str, RunTotals] = {}
    overall = RunTotals()
    for row in result.all():
        totals = totals_of(row)
        overall += totals
        by_specialist[row.specialist] = by_specialist.get(row.specialist, RunTotals()) + totals
        by_day[str(row.day)] = by_day.get(str(row.day), RunTotals()) + totals
    latency: dict[Any, Percentiles] = {}
    specialist_latency: dict[Any, Percentiles] = {}
    day_latency: dict[Any, Percentiles] = {}
    if overall.timed:
        common: dict[str, Any] = {"value": col(Run.duration_ms), "source": Run, "where": window}
        latency = await percentiles_by_group(
            session, group=None, counts={None: overall.timed}, **common
        )
        specialist_latency = await percentiles_by_group(
            session,
            group=col(Run.specialist),
            counts={name: totals.timed for name, totals in by_specialist.items()},
            **common,
        )
        day_latency = await percentiles_by_group(
            session,
            group=day,
            counts={name: totals.timed for name, totals in by_day.items()},
            **common,
        )
    specialists = [
        SpecialistRow(name, totals, specialist_latency.get(name, Percentiles()))
        for name, totals in by_specialist.items()
    ]
    specialists.sort(key=lambda row: (-row.totals.runs, row.specialist))
    days = [
        DayRow(name, by_day[name], day_latency.get(name, Percentiles())) for name in sorted(by_day)
    ]
    count = func.count().label("count")
    errors = await session.execute(
        select(col(Run.error_class), count)
        .where(*window, col(Run.error_class).is_not(None))
        .group_by(col(Run.error_class))
        .order_by(count.desc(), col(Run.error_class))
        .limit(error_limit)
    )
    return RunReport(
        totals=overall,
        latency=latency.get(None, Percentiles()),
        specialists=specialists,
        days=days,
        errors=[ErrorRow(str(error), int(count)) for error, count in errors.all()],
    )


async def usage_by_weekday_hour(
    session: AsyncSession, *, team_id: str, since: datetime, until: datetime
) -> list[UsageCell]:
    """Runs started per (UTC weekday, UTC hour) cell; at most 168 rows."""
    weekday = weekday_of(session, col(Run.started_at))
    hour = hour_of(session, col(Run.started_at))
    result = await session.execute(
        select(weekday.label("weekday"), hour.label("hour"), func.count().label("runs"))
        .where(*run_window(team_id, since, until))
        .group_by(weekday, hour)
    )
    return [UsageCell(int(row.weekday), int(row.hour), int(row.runs)) for row in result.all()]


async def teams_with_runs(session: AsyncSession, *, since: datetime, until: datetime) -> list[str]:
    """Workspaces that started runs in the window (for `kaizen stats` across workspaces)."""
    result = await session.execute(
        select(col(Run.team_id))
        .where(col(Run.started_at) >= since, col(Run.started_at) < until)
        .group_by(col(Run.team_id))
        .order_by(col(Run.team_id))
    )
    return [str(row[0]) for row in result.all()]
