"""Each member's decisions on action patterns: confirm, cancel, undo, or done unasked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.base import utcnow
from storage.models.preferences import PreferenceDecision
from storage.repositories._affected import affected_rows
from storage.repositories.preferences.scope import member_rows

KEEP_PER_PATTERN = 200  # decisions kept per member and pattern (older ones barely weigh)


async def add_decision(
    session: AsyncSession,
    *,
    team_id: str,
    user_id: str,
    pattern: str,
    decision: str,
    at: datetime | None = None,
    run_id: str | None = None,
) -> None:
    """Store one decision and drop this member's oldest beyond the newest 200 for the pattern."""
    session.add(
        PreferenceDecision(
            team_id=team_id,
            user_id=user_id,
            pattern=pattern,
            decision=decision,
            run_id=run_id,
            created_at=at or utcnow(),
        )
    )
    await session.flush()
    surplus = await session.execute(
        select(col(PreferenceDecision.id))
        .where(
            *member_rows(PreferenceDecision, team_id, user_id),
            col(PreferenceDecision.pattern) == pattern,
        )
        .order_by(col(PreferenceDecision.created_at).desc(), col(PreferenceDecision.id).desc())
        .offset(KEEP_PER_PATTERN)
    )
    ids = [row[0] for row in surplus.all()]
    if ids:
        await session.execute(delete(PreferenceDecision).where(col(PreferenceDecision.id).in_(ids)))


@dataclass(frozen=True)
class DecisionRow:
    pattern: str
    decision: str
    created_at: datetime


async def decisions(
    session: AsyncSession, *, team_id: str, user_id: str, pattern: str | None = None
) -> list[DecisionRow]:
    """The member's kept decisions (one pattern, or all), newest first."""
    statement = select(
        col(PreferenceDecision.pattern),
        col(PreferenceDecision.decision),
        col(PreferenceDecision.created_at),
    ).where(*member_rows(PreferenceDecision, team_id, user_id))
    if pattern is not None:
        statement = statement.where(col(PreferenceDecision.pattern) == pattern)
    result = await session.execute(
        statement.order_by(
            col(PreferenceDecision.created_at).desc(), col(PreferenceDecision.id).desc()
        )
    )
    return [DecisionRow(p, d, at) for p, d, at in result.all()]


async def forget_decisions(
    session: AsyncSession, *, team_id: str, user_id: str, pattern: str
) -> int:
    result = await session.execute(
        delete(PreferenceDecision).where(
            *member_rows(PreferenceDecision, team_id, user_id),
            col(PreferenceDecision.pattern) == pattern,
        )
    )
    return int(affected_rows(result) or 0)
