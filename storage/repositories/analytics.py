"""Aggregations behind `/stats`, the daily digest and `kaizen stats`.

Everything is computed in the database (GROUP BY, window functions) and only
aggregated rows come back: a window of 100,000 runs returns a few hundred rows
at most. Every query is scoped by `team_id` and a half-open time window
`[since, until)` on `Run.started_at`, which the `(team_id, started_at)` index serves.

Percentiles use the nearest-rank definition: the P-th percentile of n values is
the value of rank ceil(P·n / 100) in ascending order (so P50 of 1..100 is 50 and
P95 is 95). The counts per group come from a GROUP BY first, so the wanted ranks
are known; then `ROW_NUMBER() OVER (PARTITION BY … ORDER BY …)` numbers the
values and only the rows at those ranks come back — one sort serves every group
and percentile (SQLite 3.25+ and PostgreSQL both have window functions). This
beats one `ORDER BY … LIMIT 1 OFFSET k` query per group and percentile, and
`COUNT(*) OVER (PARTITION BY …)`, which SQLite evaluates slowly.

Times are UTC. Hours and weekdays use SQLite's `strftime` and PostgreSQL's
`EXTRACT` on the UTC time; weekdays count from 0 = Sunday on both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    case,
    extract,
    func,
    literal_column,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import join
from sqlalchemy.sql.elements import ColumnElement

from storage.models import AuditEntry, PendingAction, Run, RunStep, UndoEntry

FINISHED = ("succeeded", "failed", "cancelled", "refused")
CALLED = ("done", "failed")  # tool steps that were actually called (not waiting, not skipped)
PERCENTILES = (50, 95, 99)
SAVED_PREFIX = "done without asking"
FEEDBACK_ACTION = "feedback_received"


# --- result rows -------------------------------------------------------------------------


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


# --- helpers -------------------------------------------------------------------------------


def nearest_rank(count: int, percentile: int) -> int:
    """The 1-based rank holding the nearest-rank percentile: ceil(percentile · count / 100)."""
    return max(1, (count * percentile + 99) // 100)


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def _run_window(team_id: str, since: datetime, until: datetime) -> tuple[ColumnElement[bool], ...]:
    return (Run.team_id == team_id, Run.started_at >= since, Run.started_at < until)


def _utc(session: AsyncSession, column: Any) -> Any:
    """The timestamp as UTC wall time (PostgreSQL's EXTRACT follows the session time zone)."""
    if _dialect(session) == "postgresql":
        return func.timezone(literal_column("'UTC'"), column)
    return column  # SQLite stores our timestamps as UTC text already


def _hour_of(session: AsyncSession, column: Any) -> Any:
    if _dialect(session) == "postgresql":
        return extract("hour", _utc(session, column)).cast(Integer)
    return func.strftime(literal_column("'%H'"), column).cast(Integer)


def _weekday_of(session: AsyncSession, column: Any) -> Any:
    if _dialect(session) == "postgresql":
        return extract("dow", _utc(session, column)).cast(Integer)
    return func.strftime(literal_column("'%w'"), column).cast(Integer)


def _day_of(session: AsyncSession, column: Any) -> Any:
    if _dialect(session) == "postgresql":
        return func.to_char(_utc(session, column), literal_column("'YYYY-MM-DD'"))
    return func.strftime(literal_column("'%Y-%m-%d'"), column)


def _count_if(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0).cast(Integer)


def _run_totals_columns() -> list[Any]:
    return [
        func.count().label("runs"),
        _count_if(Run.status.in_(FINISHED)).label("finished"),
        _count_if(Run.status == "succeeded").label("succeeded"),
        _count_if(Run.status == "failed").label("failed"),
        func.count(Run.duration_ms).label("timed"),
        func.coalesce(func.sum(Run.cost_usd), 0.0).cast(Float).label("cost_usd"),
        func.coalesce(func.sum(Run.prompt_tokens), 0).cast(Integer).label("prompt_tokens"),
        func.coalesce(func.sum(Run.completion_tokens), 0).cast(Integer).label("completion_tokens"),
        func.coalesce(func.sum(Run.retries), 0).cast(Integer).label("retries"),
    ]


def _totals(row: Any) -> RunTotals:
    return RunTotals(
        runs=int(row.runs or 0),
        finished=int(row.finished or 0),
        succeeded=int(row.succeeded or 0),
        failed=int(row.failed or 0),
        timed=int(row.timed or 0),
        cost_usd=float(row.cost_usd or 0.0),
        prompt_tokens=int(row.prompt_tokens or 0),
        completion_tokens=int(row.completion_tokens or 0),
        retries=int(row.retries or 0),
    )


async def _percentiles(
    session: AsyncSession,
    *,
    value: Any,
    group: Any | None,
    source: Any,
    where: Iterable[ColumnElement[bool]],
    counts: Mapping[Any, int],
    percentiles: Sequence[int] = PERCENTILES,
) -> dict[Any, Percentiles]:
    """Per group (key None without one): the nearest-rank percentiles of `value`.

    `counts` holds how many non-NULL values each group has (from a GROUP BY over the
    same rows), so the wanted ranks are known before the query: rows are numbered
    within their group by `ROW_NUMBER()` and only the (group, rank) pairs wanted come
    back — at most len(percentiles) rows a group, whatever the number of values.
    """
    wanted = {
        key: {nearest_rank(count, p) for p in percentiles}
        for key, count in counts.items()
        if count > 0
    }
    if not wanted:
        return {}
    partition = [group] if group is not None else None
    rank = func.row_number().over(partition_by=partition, order_by=value).label("rn")
    columns = [value.label("v"), rank] + ([group.label("g")] if group is not None else [])
    ranked = (
        select(*columns).select_from(source).where(*where, value.is_not(None)).subquery("ranked")
    )
    if group is None:
        condition = ranked.c.rn.in_(sorted(wanted[None]))
    else:
        pairs = [(key, rank) for key, ranks in wanted.items() for rank in ranks]
        condition = tuple_(ranked.c.g, ranked.c.rn).in_(pairs)
    picked = [ranked.c.rn, ranked.c.v] + ([ranked.c.g] if group is not None else [])
    values: dict[Any, dict[int, float]] = {key: {} for key in wanted}
    for row in (await session.execute(select(*picked).where(condition))).all():
        key = row.g if group is not None else None
        if key not in values:
            continue
        for percentile in percentiles:
            if nearest_rank(counts[key], percentile) == int(row.rn):
                values[key][percentile] = float(row.v)
    return {key: Percentiles(counts[key], found) for key, found in values.items()}


# --- runs ----------------------------------------------------------------------------------


async def run_totals(
    session: AsyncSession, *, team_id: str, since: datetime, until: datetime
) -> RunTotals:
    """Runs started in the window: how many, finished, succeeded, failed, cost and tokens."""
    statement = select(*_run_totals_columns()).where(*_run_window(team_id, since, until))
    return _totals((await session.execute(statement)).one())


async def run_latency(
    session: AsyncSession, *, team_id: str, since: datetime, until: datetime, timed: int
) -> Percentiles:
    """P50/P95/P99 of `Run.duration_ms` in the window; `timed` is `RunTotals.timed`."""
    found = await _percentiles(
        session,
        value=Run.duration_ms,
        group=None,
        source=Run,
        where=_run_window(team_id, since, until),
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
    window = _run_window(team_id, since, until)
    day = _day_of(session, Run.started_at)
    result = await session.execute(
        select(Run.specialist, day.label("day"), *_run_totals_columns())
        .where(*window)
        .group_by(Run.specialist, day)
    )
    by_specialist: dict[str, RunTotals] = {}
    by_day: dict[str, RunTotals] = {}
    overall = RunTotals()
    for row in result.all():
        totals = _totals(row)
        overall += totals
        by_specialist[row.specialist] = by_specialist.get(row.specialist, RunTotals()) + totals
        by_day[str(row.day)] = by_day.get(str(row.day), RunTotals()) + totals
    latency: dict[Any, Percentiles] = {}
    specialist_latency: dict[Any, Percentiles] = {}
    day_latency: dict[Any, Percentiles] = {}
    if overall.timed:
        common = {"value": Run.duration_ms, "source": Run, "where": window}
        latency = await _percentiles(session, group=None, counts={None: overall.timed}, **common)
        specialist_latency = await _percentiles(
            session,
            group=Run.specialist,
            counts={name: totals.timed for name, totals in by_specialist.items()},
            **common,
        )
        day_latency = await _percentiles(
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
        select(Run.error_class, count)
        .where(*window, Run.error_class.is_not(None))
        .group_by(Run.error_class)
        .order_by(count.desc(), Run.error_class)
        .limit(error_limit)
    )
    return RunReport(
        totals=overall,
        latency=latency.get(None, Percentiles()),
        specialists=specialists,
        days=days,
        errors=[ErrorRow(str(row.error_class), int(row.count)) for row in errors.all()],
    )


async def step_report(
    session: AsyncSession,
    *,
    team_id: str,
    since: datetime,
    until: datetime,
    error_limit: int = 20,
) -> StepReport:
    """Per tool: calls (tool steps done or failed), successes, failures, P50/P95 duration;
    error classes of failed tool calls; steps done without asking (confirmations saved).

    One GROUP BY over the window's steps gives the counts, one window query the percentiles.
    """
    window = _run_window(team_id, since, until)
    saved = func.substr(RunStep.result_summary, 1, len(SAVED_PREFIX)) == SAVED_PREFIX
    result = await session.execute(
        select(
            RunStep.kind,
            RunStep.tool,
            RunStep.status,
            RunStep.error_class,
            func.count().label("count"),
            _count_if(RunStep.success.is_(True)).label("succeeded"),
            _count_if(saved).label("saved"),
        )
        .select_from(_steps_of_window())
        .where(*window)
        .group_by(RunStep.kind, RunStep.tool, RunStep.status, RunStep.error_class)
    )
    calls: dict[str, list[int]] = {}  # tool: [calls, succeeded, failed]
    errors: dict[tuple[str, str], int] = {}
    saved_steps = 0
    for row in result.all():
        count = int(row.count)
        saved_steps += int(row.saved)
        if row.kind != "tool" or row.tool is None or row.status not in CALLED:
            continue
        tally = calls.setdefault(row.tool, [0, 0, 0])
        tally[0] += count
        tally[1] += int(row.succeeded) if row.status == "done" else 0
        if row.status == "failed":
            tally[2] += count
            if row.error_class is not None:
                key = (row.tool, row.error_class)
                errors[key] = errors.get(key, 0) + count
    latency = await _percentiles(
        session,
        value=RunStep.duration_ms,
        group=RunStep.tool,
        source=_steps_of_window(),
        where=(*window, RunStep.kind == "tool", RunStep.status.in_(CALLED)),
        counts={tool: tally[0] for tool, tally in calls.items()},
        percentiles=(50, 95),
    )
    tools = [
        ToolRow(tool, total, ok, failed, latency.get(tool, Percentiles()))
        for tool, (total, ok, failed) in calls.items()
    ]
    tools.sort(key=lambda row: (-row.calls, row.tool))
    ranked_errors = sorted(errors.items(), key=lambda item: (-item[1], item[0]))[:error_limit]
    return StepReport(
        tools=tools,
        errors=[ErrorRow(error, count, tool=tool) for (tool, error), count in ranked_errors],
        saved=saved_steps,
    )


def _steps_of_window() -> Any:
    return join(RunStep, Run, RunStep.run_id == Run.id)


async def usage_by_weekday_hour(
    session: AsyncSession, *, team_id: str, since: datetime, until: datetime
) -> list[UsageCell]:
    """Runs started per (UTC weekday, UTC hour) cell; at most 168 rows."""
    weekday = _weekday_of(session, Run.started_at)
    hour = _hour_of(session, Run.started_at)
    result = await session.execute(
        select(weekday.label("weekday"), hour.label("hour"), func.count().label("runs"))
        .where(*_run_window(team_id, since, until))
        .group_by(weekday, hour)
    )
    return [UsageCell(int(row.weekday), int(row.hour), int(row.runs)) for row in result.all()]


async def teams_with_runs(session: AsyncSession, *, since: datetime, until: datetime) -> list[str]:
    """Workspaces that started runs in the window (for `kaizen stats` across workspaces)."""
    result = await session.execute(
        select(Run.team_id)
        .where(Run.started_at >= since, Run.started_at < until)
        .group_by(Run.team_id)
        .order_by(Run.team_id)
    )
    return [str(row[0]) for row in result.all()]


# --- confirmations, undos, feedback ---------------------------------------------------------


async def confirmation_counts(
    session: AsyncSession, *, team_id: str, since: datetime, until: datetime
) -> dict[str, int]:
    """Pending actions created in the window, by status (pending, confirmed, cancelled, …)."""
    result = await session.execute(
        select(PendingAction.status, func.count().label("count"))
        .where(
            PendingAction.team_id == team_id,
            PendingAction.created_at >= since,
            PendingAction.created_at < until,
        )
        .group_by(PendingAction.status)
    )
    return {str(row.status): int(row.count) for row in result.all()}


async def undo_counts(
    session: AsyncSession, *, team_id: str, since: datetime, until: datetime
) -> UndoCounts:
    """Undoable actions recorded in the window, and how many of them were undone."""
    result = await session.execute(
        select(func.count().label("recorded"), _count_if(UndoEntry.status == "undone")).where(
            UndoEntry.team_id == team_id,
            UndoEntry.created_at >= since,
            UndoEntry.created_at < until,
        )
    )
    recorded, undone = result.one()
    return UndoCounts(recorded=int(recorded or 0), undone=int(undone or 0))


async def feedback_counts(
    session: AsyncSession, *, team_id: str, since: datetime, until: datetime
) -> FeedbackCounts:
    """`feedback_received` audit entries in the window: positive and negative scores."""
    score = AuditEntry.detail["score"].as_float()
    result = await session.execute(
        select(_count_if(score > 0), _count_if(score < 0)).where(
            AuditEntry.team_id == team_id,
            AuditEntry.action == FEEDBACK_ACTION,
            AuditEntry.created_at >= since,
            AuditEntry.created_at < until,
        )
    )
    positive, negative = result.one()
    return FeedbackCounts(positive=int(positive or 0), negative=int(negative or 0))


async def pending_action_count(session: AsyncSession, *, team_id: str | None = None) -> int:
    """Actions waiting for a decision now (all workspaces unless `team_id` is given)."""
    statement = select(func.count()).where(PendingAction.status == "pending")
    if team_id is not None:
        statement = statement.where(PendingAction.team_id == team_id)
    return int((await session.execute(statement)).scalar_one())
