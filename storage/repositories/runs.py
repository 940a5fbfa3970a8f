"""Runs and their steps: the trace of every request."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import FINISHED, ExecutionStat, Run, RunStep, utcnow
from storage.repositories._upsert import insert_for


async def create_run(session: AsyncSession, run: Run) -> None:
    session.add(run)
    await session.flush()


async def get_run(session: AsyncSession, *, run_id: str) -> Run | None:
    return await session.get(Run, run_id)


async def update_run(session: AsyncSession, *, run_id: str, **values: Any) -> None:
    await session.execute(update(Run).where(col(Run.id) == run_id).values(**values))


async def add_step(session: AsyncSession, step: RunStep) -> int:
    session.add(step)
    await session.flush()
    assert step.id is not None
    return step.id


async def update_step(session: AsyncSession, *, step_id: int, **values: Any) -> None:
    await session.execute(update(RunStep).where(col(RunStep.id) == step_id).values(**values))


async def steps_of(session: AsyncSession, *, run_id: str) -> list[RunStep]:
    result = await session.execute(
        select(RunStep)
        .where(col(RunStep.run_id) == run_id)
        .order_by(col(RunStep.position), col(RunStep.id))
    )
    return list(result.scalars())


async def latest_run(
    session: AsyncSession, *, team_id: str, user_id: str, channel_id: str | None = None
) -> Run | None:
    statement = select(Run).where(col(Run.team_id) == team_id, col(Run.user_id) == user_id)
    if channel_id is not None:
        statement = statement.where(col(Run.channel_id) == channel_id)
    result = await session.execute(statement.order_by(col(Run.started_at).desc()).limit(1))
    return result.scalar_one_or_none()


async def success_rates(
    session: AsyncSession, *, team_id: str, task_kind: str
) -> dict[str, tuple[int, int]]:
    """Per specialist: (finished runs, succeeded runs) for this kind of task."""
    succeeded = func.sum(case((col(Run.status) == "succeeded", 1), else_=0)).cast(Integer)
    result = await session.execute(
        select(col(Run.specialist), func.count(), succeeded)
        .where(
            col(Run.team_id) == team_id,
            col(Run.task_kind) == task_kind,
            col(Run.status).in_(FINISHED),
        )
        .group_by(col(Run.specialist))
    )
    return {name: (int(total), int(ok or 0)) for name, total, ok in result.all()}


async def record_execution(
    session: AsyncSession,
    *,
    team_id: str,
    task_kind: str,
    pattern: str,
    succeeded: bool,
    duration_ms: float,
) -> None:
    now = utcnow()
    statement = insert_for(session, ExecutionStat).values(
        team_id=team_id,
        task_kind=task_kind,
        pattern=pattern,
        runs=1,
        successes=int(succeeded),
        failures=int(not succeeded),
        total_ms=duration_ms,
        updated_at=now,
    )
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=["team_id", "task_kind", "pattern"],
        set_={
            "runs": col(ExecutionStat.runs) + 1,
            "successes": col(ExecutionStat.successes) + excluded.successes,
            "failures": col(ExecutionStat.failures) + excluded.failures,
            "total_ms": col(ExecutionStat.total_ms) + excluded.total_ms,
            "updated_at": now,
        },
    )
    await session.execute(statement)


async def execution_stats(
    session: AsyncSession, *, team_id: str, task_kind: str
) -> list[ExecutionStat]:
    result = await session.execute(
        select(ExecutionStat).where(
            col(ExecutionStat.team_id) == team_id, col(ExecutionStat.task_kind) == task_kind
        )
    )
    return list(result.scalars())


async def runs_started_since(session: AsyncSession, *, team_id: str, since: datetime) -> list[Run]:
    result = await session.execute(
        select(Run)
        .where(col(Run.team_id) == team_id, col(Run.started_at) >= since)
        .order_by(col(Run.started_at))
    )
    return list(result.scalars())
