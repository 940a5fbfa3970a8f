"""Patterns the traces show, accumulated over cycles by (team, kind, key)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.base import utcnow
from storage.models.learning import LearnedPattern
from storage.repositories._upsert import insert_for


async def patterns_of(
    session: AsyncSession, *, team_id: str, kinds: Iterable[str] | None = None
) -> list[LearnedPattern]:
    statement = select(LearnedPattern).where(col(LearnedPattern.team_id) == team_id)
    if kinds is not None:
        statement = statement.where(col(LearnedPattern.kind).in_(list(kinds)))
    result = await session.execute(statement)
    return list(result.scalars())


async def count_patterns(session: AsyncSession, *, team_id: str) -> int:
    result = await session.execute(
        select(func.count()).where(col(LearnedPattern.team_id) == team_id)
    )
    return int(result.scalar_one())


async def save_pattern(session: AsyncSession, *, team_id: str, values: dict[str, Any]) -> None:
    """Insert or update one pattern by (team, kind, key)."""
    now = utcnow()
    row = {**values, "team_id": team_id, "updated_at": now}
    statement = insert_for(session, LearnedPattern).values(**row, created_at=now)
    changing = {k: v for k, v in row.items() if k not in ("team_id", "kind", "key")}
    changing.pop("first_cycle_id", None)
    await session.execute(
        statement.on_conflict_do_update(index_elements=["team_id", "kind", "key"], set_=changing)
    )


async def mark_pattern(
    session: AsyncSession, *, team_id: str, kind: str, key: str, **detail: Any
) -> bool:
    """Merge `detail` into a stored pattern's detail (e.g. blocked after a rollback)."""
    result = await session.execute(
        select(LearnedPattern).where(
            col(LearnedPattern.team_id) == team_id,
            col(LearnedPattern.kind) == kind,
            col(LearnedPattern.key) == key,
        )
    )
    pattern = result.scalar_one_or_none()
    if pattern is None:
        return False
    pattern.detail = {**(pattern.detail or {}), **detail}
    pattern.updated_at = utcnow()
    await session.flush()
    return True
