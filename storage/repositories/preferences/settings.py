"""Explicit settings by the member (`/prefs set`, "Always do this"): they beat what is learned."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.base import utcnow
from storage.models.preferences import MemberPreference
from storage.repositories._affected import affected_rows
from storage.repositories._upsert import insert_for
from storage.repositories.preferences.scope import member_rows


async def get_setting(session: AsyncSession, *, team_id: str, user_id: str, key: str) -> str | None:
    result = await session.execute(
        select(col(MemberPreference.value)).where(
            *member_rows(MemberPreference, team_id, user_id), col(MemberPreference.key) == key
        )
    )
    return result.scalar_one_or_none()


async def settings_of(session: AsyncSession, *, team_id: str, user_id: str) -> dict[str, str]:
    result = await session.execute(
        select(col(MemberPreference.key), col(MemberPreference.value)).where(
            *member_rows(MemberPreference, team_id, user_id)
        )
    )
    return {key: value for key, value in result.all()}


async def set_setting(
    session: AsyncSession, *, team_id: str, user_id: str, key: str, value: str
) -> None:
    now = utcnow()
    statement = insert_for(session, MemberPreference).values(
        team_id=team_id, user_id=user_id, key=key, value=value, updated_at=now
    )
    statement = statement.on_conflict_do_update(
        index_elements=["team_id", "user_id", "key"], set_={"value": value, "updated_at": now}
    )
    await session.execute(statement)


async def delete_setting(session: AsyncSession, *, team_id: str, user_id: str, key: str) -> bool:
    result = await session.execute(
        delete(MemberPreference).where(
            *member_rows(MemberPreference, team_id, user_id), col(MemberPreference.key) == key
        )
    )
    return bool(affected_rows(result))
