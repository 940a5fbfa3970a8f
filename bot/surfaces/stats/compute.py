"""Computing a workspace's figures from the SQL aggregations in `storage.repositories.analytics`.

Two windows are read: the `days` before `now`, and the window of the same length
before that, for the comparison.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.surfaces.stats.figures import DEFAULT_DAYS, MAX_DAYS, WorkspaceFigures
from bot.surfaces.stats.health import health_score
from bot.surfaces.stats.learning_status import LearningStatus
from bot.surfaces.stats.numbers import rate
from bot.surfaces.stats.outcomes import Confirmations, Costs, Feedback, Undos
from bot.surfaces.stats.period import PeriodSummary
from bot.surfaces.stats.run_figures import (
    DayFigures,
    ErrorFigures,
    Latency,
    SpecialistFigures,
    ToolFigures,
)
from bot.surfaces.stats.usage import Usage
from storage.db import Database
from storage.repositories import analytics as store


async def compute_figures(
    database: Database,
    *,
    team_id: str,
    days: int = DEFAULT_DAYS,
    now: datetime | None = None,
    learning: LearningStatus | None = None,
) -> WorkspaceFigures:
    """The figures of `team_id` over the `days` before `now`, and the window before that."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}")
    until = (now or datetime.now(UTC)).astimezone(UTC)
    since = until - timedelta(days=days)
    async with database.read() as session:
        return await _figures(session, team_id, days, since, until, learning or LearningStatus())


async def _figures(
    session: AsyncSession,
    team_id: str,
    days: int,
    since: datetime,
    until: datetime,
    learning: LearningStatus,
) -> WorkspaceFigures:
    runs = await store.run_report(session, team_id=team_id, since=since, until=until)
    steps = await store.step_report(session, team_id=team_id, since=since, until=until)
    undo_counts = await store.undo_counts(session, team_id=team_id, since=since, until=until)
    feedback_counts = await store.feedback_counts(
        session, team_id=team_id, since=since, until=until
    )
    by_status = await store.confirmation_counts(session, team_id=team_id, since=since, until=until)
    totals = runs.totals
    latency = Latency.of(runs.latency)
    health = health_score(
        finished=totals.finished,
        succeeded=totals.succeeded,
        p95_ms=latency.p95_ms,
        undoable=undo_counts.recorded,
        undone=undo_counts.undone,
        positive=feedback_counts.positive,
        negative=feedback_counts.negative,
    )
    return WorkspaceFigures(
        team_id=team_id,
        days=days,
        since=since,
        until=until,
        runs=totals.runs,
        finished=totals.finished,
        succeeded=totals.succeeded,
        failed=totals.failed,
        retries=totals.retries,
        latency=latency,
        specialists=[_specialist(row) for row in runs.specialists],
        tools=[_tool(row) for row in steps.tools],
        errors=[ErrorFigures(row.error_class, row.count) for row in runs.errors],
        tool_errors=[ErrorFigures(row.error_class, row.count, row.tool) for row in steps.errors],
        confirmations=Confirmations(
            asked=sum(by_status.values()),
            confirmed=by_status.get("confirmed", 0),
            cancelled=by_status.get("cancelled", 0),
            expired=by_status.get("expired", 0),
            pending=by_status.get("pending", 0),
            saved=steps.saved,
        ),
        undos=Undos(undoable=undo_counts.recorded, undone=undo_counts.undone),
        feedback=Feedback(feedback_counts.positive, feedback_counts.negative),
        costs=Costs(totals.cost_usd, totals.prompt_tokens, totals.completion_tokens),
        usage=Usage.of(
            await store.usage_by_weekday_hour(session, team_id=team_id, since=since, until=until)
        ),
        per_day=_every_day(runs.days, since, until),
        health=health,
        learning=learning,
        previous=await _summary(session, team_id, since - (until - since), since),
    )


async def _summary(
    session: AsyncSession, team_id: str, since: datetime, until: datetime
) -> PeriodSummary:
    totals = await store.run_totals(session, team_id=team_id, since=since, until=until)
    latency = await store.run_latency(
        session, team_id=team_id, since=since, until=until, timed=totals.timed
    )
    undo_counts = await store.undo_counts(session, team_id=team_id, since=since, until=until)
    feedback_counts = await store.feedback_counts(
        session, team_id=team_id, since=since, until=until
    )
    health = health_score(
        finished=totals.finished,
        succeeded=totals.succeeded,
        p95_ms=latency.get(95),
        undoable=undo_counts.recorded,
        undone=undo_counts.undone,
        positive=feedback_counts.positive,
        negative=feedback_counts.negative,
    )
    return PeriodSummary(
        since=since,
        until=until,
        runs=totals.runs,
        finished=totals.finished,
        succeeded=totals.succeeded,
        p95_ms=latency.get(95),
        cost_usd=totals.cost_usd,
        health=health.score,
    )


def _specialist(row: store.SpecialistRow) -> SpecialistFigures:
    return SpecialistFigures(
        name=row.specialist,
        runs=row.totals.runs,
        finished=row.totals.finished,
        succeeded=row.totals.succeeded,
        success_rate=rate(row.totals.succeeded, row.totals.finished),
        latency=Latency.of(row.latency),
        cost_usd=row.totals.cost_usd,
    )


def _tool(row: store.ToolRow) -> ToolFigures:
    return ToolFigures(
        tool=row.tool,
        calls=row.calls,
        succeeded=row.succeeded,
        failed=row.failed,
        success_rate=rate(row.succeeded, row.calls),
        p50_ms=row.latency.get(50),
        p95_ms=row.latency.get(95),
    )


def _every_day(rows: list[store.DayRow], since: datetime, until: datetime) -> list[DayFigures]:
    """One entry per UTC day of the window, days without runs included."""
    found = {row.day: row for row in rows}
    first, last = since.date(), (until - timedelta(microseconds=1)).date()
    series: list[DayFigures] = []
    day = first
    while day <= last:
        row = found.get(day.isoformat())
        totals = row.totals if row else store.RunTotals()
        series.append(
            DayFigures(
                day=day,
                runs=totals.runs,
                finished=totals.finished,
                succeeded=totals.succeeded,
                latency=Latency.of(row.latency) if row else Latency(),
                cost_usd=totals.cost_usd,
            )
        )
        day += timedelta(days=1)
    return series
