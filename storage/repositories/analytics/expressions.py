"""SQL pieces the analytics queries share: the run window, UTC buckets, counts and totals.

Times are UTC. Hours and weekdays use SQLite's `strftime` and PostgreSQL's `EXTRACT`
on the UTC time; weekdays count from 0 = Sunday on both.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, case, extract, func, literal_column
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.runs import FINISHED, Run
from storage.repositories.analytics.rows import RunTotals


def run_window(team_id: str, since: datetime, until: datetime) -> tuple[ColumnElement[bool], ...]:
    """The workspace's runs started in `[since, until)`, which the (team, started) index serves."""
    return (col(Run.team_id) == team_id, col(Run.started_at) >= since, col(Run.started_at) < until)


def _is_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _utc(session: AsyncSession, column: Any) -> Any:
    """The timestamp as UTC wall time (PostgreSQL's EXTRACT follows the session time zone)."""
    if _is_postgresql(session):
        return func.timezone(literal_column("'UTC'"), column)
    return column  # SQLite stores our timestamps as UTC text already


def hour_of(session: AsyncSession, column: Any) -> Any:
    if _is_postgresql(session):
        return extract("hour", _utc(session, column)).cast(Integer)
    return func.strftime(literal_column("'%H'"), column).cast(Integer)


def weekday_of(session: AsyncSession, column: Any) -> Any:
    if _is_postgresql(session):
        return extract("dow", _utc(session, column)).cast(Integer)
    return func.strftime(literal_column("'%w'"), column).cast(Integer)


def day_of(session: AsyncSession, column: Any) -> Any:
    if _is_postgresql(session):
        return func.to_char(_utc(session, column), literal_column("'YYYY-MM-DD'"))
    return func.strftime(literal_column("'%Y-%m-%d'"), column)


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0).cast(Integer)


def run_totals_columns() -> list[Any]:
    """The aggregate columns `totals_of` reads back into a `RunTotals`."""
    return [
        func.count().label("runs"),
        count_if(col(Run.status).in_(FINISHED)).label("finished"),
        count_if(col(Run.status) == "succeeded").label("succeeded"),
        count_if(col(Run.status) == "failed").label("failed"),
        func.count(col(Run.duration_ms)).label("timed"),
        func.coalesce(func.sum(col(Run.cost_usd)), 0.0).cast(Float).label("cost_usd"),
        func.coalesce(func.sum(col(Run.prompt_tokens)), 0).cast(Integer).label("prompt_tokens"),
        func.coalesce(func.sum(col(Run.completion_tokens)), 0)
        .cast(Integer)
        .label("completion_tokens"),
        func.coalesce(func.sum(col(Run.retries)), 0).cast(Integer).label("retries"),
    ]


def totals_of(row: Any) -> RunTotals:
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
