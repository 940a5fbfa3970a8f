"""Workspaces the bot serves."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Workspace, utcnow
from storage.repositories._upsert import insert_for


async def upsert_workspace(
    session: AsyncSession, *, team_id: str, name: str, bot_user_id: str | None
) -> None:
    now = utcnow()
    statement = insert_for(session, Workspace).values(
        team_id=team_id, name=name, bot_user_id=bot_user_id, created_at=now, updated_at=now
    )
    statement = statement.on_conflict_do_update(
        index_elements=["team_id"],
        set_={"name": name, "bot_user_id": bot_user_id, "updated_at": now},
    )
    await session.execute(statement)


async def get_workspace(session: AsyncSession, *, team_id: str) -> Workspace | None:
    return await session.get(Workspace, team_id)


async def list_workspaces(session: AsyncSession) -> list[Workspace]:
    result = await session.execute(select(Workspace).order_by(col(Workspace.team_id)))
    return list(result.scalars())
