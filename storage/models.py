"""SQLModel tables. Every row that belongs to a workspace carries its `team_id`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, MetaData, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# Stable constraint names, so Alembic's batch mode on SQLite can find them again.
SQLModel.metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _timestamp(**kwargs: Any) -> Any:
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), **kwargs))


class Workspace(SQLModel, table=True):
    """A Slack workspace the bot serves (single-workspace mode or an OAuth install)."""

    team_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(default="", max_length=255)
    bot_user_id: str | None = Field(default=None, max_length=32)
    created_at: datetime = _timestamp(nullable=False)
    updated_at: datetime = _timestamp(nullable=False)


class Installation(SQLModel, table=True):
    """One OAuth installation. Tokens live only in `sealed`, encrypted at rest."""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: str | None = Field(default=None, max_length=32, index=True)
    team_id: str | None = Field(default=None, max_length=32, index=True)
    is_enterprise_install: bool = False
    user_id: str = Field(max_length=32)
    bot_user_id: str | None = Field(default=None, max_length=32)
    bot_scopes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    sealed: str = Field(sa_column=Column(Text, nullable=False))
    installed_at: datetime = _timestamp(nullable=False)


class OAuthState(SQLModel, table=True):
    """A one-time OAuth `state` value, consumed by the redirect."""

    state: str = Field(primary_key=True, max_length=64)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class ProcessedEvent(SQLModel, table=True):
    """A claimed Slack delivery: claimed once, then done, failed or abandoned."""

    __table_args__ = (UniqueConstraint("team_id", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    event_id: str = Field(max_length=64)
    kind: str = Field(max_length=64)
    status: str = Field(default="processing", max_length=16, index=True)
    retry_num: int = 0
    error: str | None = Field(default=None, sa_column=Column(Text))
    received_at: datetime = _timestamp(nullable=False)
    finished_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class Conversation(SQLModel, table=True):
    """A Slack thread (or DM thread) the bot takes part in."""

    __table_args__ = (UniqueConstraint("team_id", "channel_id", "thread_ts"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    thread_ts: str = Field(max_length=32)
    started_by: str = Field(max_length=32)
    created_at: datetime = _timestamp(nullable=False)
    updated_at: datetime = _timestamp(nullable=False)


class ConversationMessage(SQLModel, table=True):
    """One message of a conversation, the member's or the bot's."""

    __table_args__ = (Index("ix_conversationmessage_conversation", "conversation_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", ondelete="CASCADE")
    role: str = Field(max_length=16)
    user_id: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _timestamp(nullable=False)


class AuditEntry(SQLModel, table=True):
    """Something the bot or an operator did that someone may later need to explain."""

    __table_args__ = (Index("ix_auditentry_team_created", "team_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str | None = Field(default=None, max_length=32)
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _timestamp(nullable=False)
