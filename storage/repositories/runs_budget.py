"""Queries behind the per-workspace budgets checked before a run starts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Run


async def cost_since(session: AsyncSession, *, team_id: str, since: datetime) -> float:
    """The model cost, in US dollars, of the team's runs started at or after `since`."""
    statement = select(func.coalesce(func.sum(col(Run.cost_usd)), 0.0)).where(
        col(Run.team_id) == team_id, col(Run.started_at) >= since
    )
    return float((await session.execute(statement)).scalar_one())
