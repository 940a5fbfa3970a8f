"""What a learning cycle reads: the finished runs of its window, their steps and feedback.

A window is `(after, until]` on `Run.finished_at`; `after` is None for a workspace's
first cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.actions import UndoEntry
from storage.models.learning import Feedback
from storage.models.runs import FINISHED, ExecutionStat, Run, RunStep


@dataclass(frozen=True)
class RunRow:
    id: str
    user_id: str
    channel_id: str
    task_kind: str
    specialist: str
    status: str
    planner: str
    prompt_version: int | None
    request: str
    started_at: datetime
    error_class: str | None


@dataclass(frozen=True)
class StepRow:
    run_id: str
    position: int
    step_key: str
    tool: str
    status: str
    success: bool
    error_class: str | None
    duration_ms: float


def _window(after: datetime | None, until: datetime) -> list[ColumnElement[bool]]:
    conditions = [col(Run.status).in_(FINISHED), col(Run.finished_at) <= until]
    if after is not None:
        conditions.append(col(Run.finished_at) > after)
    return conditions


async def teams_with_runs(session: AsyncSession) -> list[str]:
    result = await session.execute(select(col(Run.team_id)).distinct())
    return sorted(str(team) for team in result.scalars())


async def count_new_traces(
    session: AsyncSession, *, team_id: str, after: datetime | None, until: datetime
) -> int:
    result = await session.execute(
        select(func.count()).where(col(Run.team_id) == team_id, *_window(after, until))
    )
    return int(result.scalar_one())


async def window_runs(
    session: AsyncSession,
    *,
    team_id: str,
    after: datetime | None,
    until: datetime,
    limit: int,
) -> list[RunRow]:
    """Finished runs in the window (the newest `limit`), oldest first."""
    result = await session.execute(
        select(
            col(Run.id),
            col(Run.user_id),
            col(Run.channel_id),
            col(Run.task_kind),
            col(Run.specialist),
            col(Run.status),
            col(Run.planner),
            col(Run.prompt_version),
            func.substr(col(Run.request), 1, 200),
            col(Run.started_at),
            col(Run.error_class),
        )
        .where(col(Run.team_id) == team_id, *_window(after, until))
        .order_by(col(Run.finished_at).desc())
        .limit(limit)
    )
    # Eleven columns take select() past its typed overloads; RunRow spells out their types.
    found: Sequence[tuple[Any, ...]] = result.all()
    rows = [RunRow(*row) for row in found]
    rows.reverse()
    return rows


async def window_steps(
    session: AsyncSession, *, team_id: str, after: datetime | None, until: datetime
) -> list[StepRow]:
    """Tool steps of the window's runs, in run and position order."""
    result = await session.execute(
        select(
            col(RunStep.run_id),
            col(RunStep.position),
            col(RunStep.step_key),
            col(RunStep.tool),
            col(RunStep.status),
            col(RunStep.success),
            col(RunStep.error_class),
            col(RunStep.duration_ms),
        )
        .join(Run, col(Run.id) == col(RunStep.run_id))
        .where(col(Run.team_id) == team_id, col(RunStep.kind) == "tool", *_window(after, until))
    )
    return [
        StepRow(run_id, position, key, tool, status, success, error, duration)
        for run_id, position, key, tool, status, success, error, duration in result.all()
        if tool
    ]


async def window_rejected(
    session: AsyncSession, *, team_id: str, after: datetime | None, until: datetime
) -> set[str]:
    """Runs of the window with negative feedback (active) or an undone action."""
    negative = await session.execute(
        select(col(Feedback.run_id))
        .join(Run, col(Run.id) == col(Feedback.run_id))
        .where(
            col(Feedback.team_id) == team_id,
            col(Feedback.signal) < 0,
            col(Feedback.status) == "active",
            *_window(after, until),
        )
    )
    undone = await session.execute(
        select(col(UndoEntry.run_id))
        .join(Run, col(Run.id) == col(UndoEntry.run_id))
        .where(
            col(UndoEntry.team_id) == team_id,
            col(UndoEntry.status) == "undone",
            *_window(after, until),
        )
    )
    return {str(r) for r in negative.scalars() if r} | {str(r) for r in undone.scalars() if r}


async def improve_texts(
    session: AsyncSession, *, team_id: str, after: datetime | None, until: datetime
) -> list[Feedback]:
    """`/improve` feedback given in the window (by when it was given)."""
    statement = select(Feedback).where(
        col(Feedback.team_id) == team_id,
        col(Feedback.kind) == "improve",
        col(Feedback.status) == "active",
        col(Feedback.created_at) <= until,
    )
    if after is not None:
        statement = statement.where(col(Feedback.created_at) > after)
    result = await session.execute(statement.order_by(col(Feedback.id)))
    return list(result.scalars())


async def feedback_counts_since(
    session: AsyncSession, *, team_id: str, after: datetime | None, until: datetime
) -> dict[str, int]:
    statement = select(col(Feedback.kind), func.count()).where(
        col(Feedback.team_id) == team_id, col(Feedback.created_at) <= until
    )
    if after is not None:
        statement = statement.where(col(Feedback.created_at) > after)
    result = await session.execute(statement.group_by(col(Feedback.kind)))
    return {str(kind): int(count) for kind, count in result.all()}


async def steps_with_arguments(session: AsyncSession, *, run_id: str) -> list[RunStep]:
    result = await session.execute(
        select(RunStep)
        .where(col(RunStep.run_id) == run_id, col(RunStep.kind) == "tool")
        .order_by(col(RunStep.position), col(RunStep.id))
    )
    return list(result.scalars())


async def execution_stats_of(session: AsyncSession, *, team_id: str) -> list[ExecutionStat]:
    result = await session.execute(
        select(ExecutionStat).where(col(ExecutionStat.team_id) == team_id)
    )
    return list(result.scalars())
