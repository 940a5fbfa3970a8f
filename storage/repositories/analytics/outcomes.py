"""What came of the window's work: confirmations asked, actions undone, feedback given."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.actions import PendingAction, UndoEntry
from storage.models.audit import AuditEntry
from storage.repositories.analytics.expressions import count_if
from storage.repositories.analytics.rows import FeedbackCounts, UndoCounts

FEEDBACK_ACTION = "feedback_received"


async def confirmation_counts(
    session: AsyncSession, *, team_id: str, since: datetime, until: datetime
) -> dict[str, int]:
    """Pending actions created in the window, by status (pending, confirmed, cancelled, …)."""
    result = await session.execute(
        select(col(PendingAction.status), func.count().label("count"))
        .where(
            col(PendingAction.team_id) == team_id,
            col(PendingAction.created_at) >= since,
            col(PendingAction.created_at) < until,
        )
        .group_by(col(PendingAction.status))
    )
    return {str(status): int(count) for status, count in result.all()}


async def undo_counts(
    session: AsyncSession, *, team_id: str, since: datetime, until: datetime
) -> UndoCounts:
    """Undoable actions recorded in the window, and how many of them were undone."""
    result = await session.execute(
        select(func.count().label("recorded"), count_if(col(UndoEntry.status) == "undone")).where(
            col(UndoEntry.team_id) == team_id,
            col(UndoEntry.created_at) >= since,
            col(UndoEntry.created_at) < until,
        )
    )
    recorded, undone = result.one()
    return UndoCounts(recorded=int(recorded or 0), undone=int(undone or 0))


async def feedback_counts(
    session: AsyncSession, *, team_id: str, since: datetime, until: datetime
) -> FeedbackCounts:
    """`feedback_received` audit entries in the window: positive and negative scores."""
    score = col(AuditEntry.detail)["score"].as_float()
    result = await session.execute(
        select(count_if(score > 0), count_if(score < 0)).where(
            col(AuditEntry.team_id) == team_id,
            col(AuditEntry.action) == FEEDBACK_ACTION,
            col(AuditEntry.created_at) >= since,
            col(AuditEntry.created_at) < until,
        )
    )
    positive, negative = result.one()
    return FeedbackCounts(positive=int(positive or 0), negative=int(negative or 0))


async def pending_action_count(session: AsyncSession, *, team_id: str | None = None) -> int:
    """Actions waiting for a decision now (all workspaces unless `team_id` is given)."""
    statement = select(func.count()).where(col(PendingAction.status) == "pending")
    if team_id is not None:
        statement = statement.where(col(PendingAction.team_id) == team_id)
    return int((await session.execute(statement)).scalar_one())
