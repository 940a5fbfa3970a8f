"""How often each member is active in each hour of the week, in their own time zone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.preferences import MemberActivity
from storage.repositories._upsert import insert_for
from storage.repositories.preferences.scope import member_rows


async def count_activity(
    session: AsyncSession, *, team_id: str, user_id: str, weekday: int, hour: int, at: datetime
) -> None:
    statement = insert_for(session, MemberActivity).values(
        team_id=team_id, user_id=user_id, weekday=weekday, hour=hour, count=1, last_seen=at
    )
    statement = statement.on_conflict_do_update(
        index_elements=["team_id", "user_id", "weekday", "hour"],
        set_={"count": col(MemberActivity.count) + 1, "last_seen": statement.excluded.last_seen},
    )
    await session.execute(statement)


async def activity_of(
    session: AsyncSession, *, team_id: str, user_id: str
) -> dict[tuple[int, int], int]:
    result = await session.execute(
        select(
            col(MemberActivity.weekday), col(MemberActivity.hour), col(MemberActivity.count)
        ).where(*member_rows(MemberActivity, team_id, user_id))
    )
    return {(weekday, hour): count for weekday, hour, count in result.all()}


async def forget_activity(session: AsyncSession, *, team_id: str, user_id: str) -> None:
    await session.execute(
        delete(MemberActivity).where(*member_rows(MemberActivity, team_id, user_id))
    )
