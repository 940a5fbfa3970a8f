"""The member's profile: style counters, verbosity and emoji feedback, time zone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.base import utcnow
from storage.models.preferences import MemberProfile
from storage.repositories._upsert import insert_for
from storage.repositories.preferences.scope import member_rows


async def get_profile(session: AsyncSession, *, team_id: str, user_id: str) -> MemberProfile | None:
    result = await session.execute(
        select(MemberProfile).where(*member_rows(MemberProfile, team_id, user_id))
    )
    return result.scalar_one_or_none()


async def count_message(
    session: AsyncSession,
    *,
    team_id: str,
    user_id: str,
    chars: int,
    has_emoji: bool,
    at: datetime,
) -> None:
    """Add one message to the member's style counters (created on first use)."""
    statement = insert_for(session, MemberProfile).values(
        team_id=team_id,
        user_id=user_id,
        messages=1,
        chars=chars,
        emoji_messages=int(has_emoji),
        last_seen=at,
        updated_at=at,
    )
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=["team_id", "user_id"],
        set_={
            "messages": col(MemberProfile.messages) + 1,
            "chars": col(MemberProfile.chars) + excluded.chars,
            "emoji_messages": col(MemberProfile.emoji_messages) + excluded.emoji_messages,
            "last_seen": excluded.last_seen,
            "updated_at": excluded.updated_at,
        },
    )
    await session.execute(statement)


async def update_profile(
    session: AsyncSession, *, team_id: str, user_id: str, **values: Any
) -> None:
    """Set profile fields, creating the profile if the member has none yet."""
    now = utcnow()
    await session.execute(
        insert_for(session, MemberProfile)
        .values(team_id=team_id, user_id=user_id, updated_at=now)
        .on_conflict_do_nothing(index_elements=["team_id", "user_id"])
    )
    await session.execute(
        update(MemberProfile)
        .where(*member_rows(MemberProfile, team_id, user_id))
        .values(**values, updated_at=now)
    )


async def reset_style(session: AsyncSession, *, team_id: str, user_id: str) -> None:
    await session.execute(
        update(MemberProfile)
        .where(*member_rows(MemberProfile, team_id, user_id))
        .values(
            messages=0,
            chars=0,
            emoji_messages=0,
            verbosity_feedback=None,
            verbosity_phrase=None,
            verbosity_at=None,
            emoji_feedback=None,
            emoji_phrase=None,
            emoji_at=None,
            updated_at=utcnow(),
        )
    )
