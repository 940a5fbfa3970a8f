"""Slack threads the bot takes part in, and their messages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import timestamp


class Conversation(SQLModel, table=True):
    """A Slack thread (or DM thread) the bot takes part in."""

    __table_args__ = (UniqueConstraint("team_id", "channel_id", "thread_ts"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    thread_ts: str = Field(max_length=32)
    started_by: str = Field(max_length=32)
    created_at: datetime = timestamp(nullable=False)
    updated_at: datetime = timestamp(nullable=False)


class ConversationMessage(SQLModel, table=True):
    """One message of a conversation, the member's or the bot's."""

    __table_args__ = (Index("ix_conversationmessage_conversation", "conversation_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", ondelete="CASCADE")
    role: str = Field(max_length=16)
    user_id: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = timestamp(nullable=False)
