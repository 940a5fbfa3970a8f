"""Pending actions: calls waiting for a member's Confirm or Cancel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import PendingAction, utcnow
from storage.repositories._affected import affected_rows


async def create_pending(session: AsyncSession, action: PendingAction) -> int:
    session.add(action)
    await session.flush()
    assert action.id is not None
    return action.id


async def get_pending(session: AsyncSession, *, action_id: int) -> PendingAction | None:
    return await session.get(PendingAction, action_id)


async def set_message_ts(session: AsyncSession, *, action_id: int, message_ts: str) -> None:
    await session.execute(
        update(PendingAction)
        .where(col(PendingAction.id) == action_id)
        .values(message_ts=message_ts)
    )


async def decide(session: AsyncSession, *, action_id: int, status: str, decided_by: str) -> bool:
    """Move a pending action to `status` once; False if someone decided it already."""
    result = await session.execute(
        update(PendingAction)
        .where(col(PendingAction.id) == action_id, col(PendingAction.status) == "pending")
        .values(status=status, decided_by=decided_by, decided_at=utcnow())
    )
    return bool(affected_rows(result))


async def still_pending_for_run(session: AsyncSession, *, run_id: str) -> list[PendingAction]:
    result = await session.execute(
        select(PendingAction).where(
            col(PendingAction.run_id) == run_id, col(PendingAction.status) == "pending"
        )
    )
    return list(result.scalars())


async def expire_pending(session: AsyncSession, *, now: datetime | None = None) -> list[int]:
    """Mark overdue pending actions expired; returns their ids."""
    moment = now or utcnow()
    overdue = await session.execute(
        select(col(PendingAction.id)).where(
            col(PendingAction.status) == "pending", col(PendingAction.expires_at) < moment
        )
    )
    ids = [action_id for action_id in overdue.scalars() if action_id is not None]
    if ids:
        await session.execute(
            update(PendingAction).where(col(PendingAction.id).in_(ids)).values(status="expired")
        )
    return ids


async def update_resume(session: AsyncSession, *, run_id: str, resume: dict[str, Any]) -> None:
    await session.execute(
        update(PendingAction).where(col(PendingAction.run_id) == run_id).values(resume=resume)
    )
