"""Threads the bot takes part in, and their messages."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Conversation, ConversationMessage, utcnow
from storage.repositories._upsert import insert_for


async def open_conversation(
    session: AsyncSession, *, team_id: str, channel_id: str, thread_ts: str, started_by: str
) -> int:
    """The id of the conversation for this thread, created on first use."""
    now = utcnow()
    await session.execute(
        insert_for(session, Conversation)
        .values(
            team_id=team_id,
            channel_id=channel_id,
            thread_ts=thread_ts,
            started_by=started_by,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["team_id", "channel_id", "thread_ts"])
    )
    conversation_id = await find_conversation_id(
        session, team_id=team_id, channel_id=channel_id, thread_ts=thread_ts
    )
    assert conversation_id is not None
    return conversation_id


async def find_conversation_id(
    session: AsyncSession, *, team_id: str, channel_id: str, thread_ts: str
) -> int | None:
    result = await session.execute(
        select(col(Conversation.id)).where(
            col(Conversation.team_id) == team_id,
            col(Conversation.channel_id) == channel_id,
            col(Conversation.thread_ts) == thread_ts,
        )
    )
    return result.scalar_one_or_none()


async def add_message(
    session: AsyncSession,
    *,
    conversation_id: int,
    role: str,
    text: str,
    user_id: str | None = None,
    ts: str | None = None,
) -> None:
    session.add(
        ConversationMessage(
            conversation_id=conversation_id, role=role, text=text, user_id=user_id, ts=ts
        )
    )
    await session.execute(
        update(Conversation)
        .where(col(Conversation.id) == conversation_id)
        .values(updated_at=utcnow())
    )
    await session.flush()


async def recent_messages(
    session: AsyncSession, *, conversation_id: int, limit: int = 20
) -> list[ConversationMessage]:
    """The last `limit` messages, oldest first."""
    result = await session.execute(
        select(ConversationMessage)
        .where(col(ConversationMessage.conversation_id) == conversation_id)
        .order_by(col(ConversationMessage.id).desc())
        .limit(limit)
    )
    return list(reversed(result.scalars().all()))
