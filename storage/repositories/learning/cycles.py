"""Learning cycles: the record of each one, and what the status pages count."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.learning import LearningCycle


async def add_cycle(session: AsyncSession, cycle: LearningCycle) -> int:
    session.add(cycle)
    await session.flush()
    assert cycle.id is not None
    return cycle.id


async def last_cycle(session: AsyncSession, *, team_id: str) -> LearningCycle | None:
    """The workspace's latest cycle that finished its work."""
    result = await session.execute(
        select(LearningCycle)
        .where(col(LearningCycle.team_id) == team_id, col(LearningCycle.status) == "done")
        .order_by(col(LearningCycle.id).desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def last_cycle_any(session: AsyncSession, *, team_id: str) -> LearningCycle | None:
    """The workspace's latest cycle, whether it finished or failed."""
    result = await session.execute(
        select(LearningCycle)
        .where(col(LearningCycle.team_id) == team_id)
        .order_by(col(LearningCycle.id).desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def recent_cycles(
    session: AsyncSession, *, team_id: str, limit: int = 5
) -> list[LearningCycle]:
    result = await session.execute(
        select(LearningCycle)
        .where(col(LearningCycle.team_id) == team_id)
        .order_by(col(LearningCycle.id).desc())
        .limit(limit)
    )
    return list(result.scalars())


async def count_cycles(session: AsyncSession, *, team_id: str) -> int:
    result = await session.execute(
        select(func.count()).where(
            col(LearningCycle.team_id) == team_id, col(LearningCycle.status) == "done"
        )
    )
    return int(result.scalar_one())
