"""Actions waiting for the member's confirmation, and actions that can be undone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, DateTime, Index, Text
from sqlmodel import Field, SQLModel

from storage.models.base import json_column, optional_timestamp, timestamp


class PendingAction(SQLModel, table=True):
    """A write or destructive call waiting for the member's confirmation."""

    __table_args__ = (Index("ix_pendingaction_team_status", "team_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(foreign_key="run.id", max_length=36, ondelete="CASCADE")
    step_key: str = Field(default="", max_length=32)
    team_id: str = Field(max_length=32)
    requester: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)
    tool: str = Field(max_length=96)
    arguments: dict[str, Any] = json_column(dict)
    description: str = Field(sa_column=Column(Text, nullable=False))
    risk: str = Field(max_length=16)
    status: str = Field(default="pending", max_length=16)  # pending, confirmed, cancelled, expired
    resume: dict[str, Any] = json_column(dict)
    message_ts: str | None = Field(default=None, max_length=32)
    decided_by: str | None = Field(default=None, max_length=32)
    decided_at: datetime | None = optional_timestamp()
    created_at: datetime = timestamp(nullable=False)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class UndoEntry(SQLModel, table=True):
    """An undoable action: its before-state and the compensating call's parameters."""

    __table_args__ = (Index("ix_undoentry_team_user", "team_id", "user_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    run_id: str | None = Field(default=None, max_length=36)
    tool: str = Field(max_length=96)
    summary: str = Field(sa_column=Column(Text, nullable=False))  # what was done
    description: str = Field(sa_column=Column(Text, nullable=False))  # what undo will do
    params: dict[str, Any] = json_column(dict)
    before: dict[str, Any] = json_column(dict)
    after: dict[str, Any] = json_column(dict)
    channel_id: str | None = Field(default=None, max_length=32)  # where the result was posted
    status: str = Field(default="active", max_length=16)  # active, undone, pruned
    created_at: datetime = timestamp(nullable=False)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    undone_at: datetime | None = optional_timestamp()
    undone_by: str | None = Field(default=None, max_length=32)
