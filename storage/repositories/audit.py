"""The audit log: who did what, when, in which workspace."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import AuditEntry


async def record_audit(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    team_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    session.add(AuditEntry(team_id=team_id, actor=actor, action=action, detail=detail or {}))
    await session.flush()


async def has_audit(session: AsyncSession, *, team_id: str | None, actor: str, action: str) -> bool:
    statement = select(col(AuditEntry.id)).where(
        col(AuditEntry.team_id) == team_id,
        col(AuditEntry.actor) == actor,
        col(AuditEntry.action) == action,
    )
    return (await session.execute(statement.limit(1))).first() is not None


async def list_audit(
    session: AsyncSession, *, team_id: str | None = None, limit: int = 50
) -> list[AuditEntry]:
    statement = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    if team_id is not None:
        statement = statement.where(col(AuditEntry.team_id) == team_id)
    return list((await session.execute(statement)).scalars())
